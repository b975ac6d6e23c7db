package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies log-softmax along dim.
 *
 * <p>{@code LogSoftmax(x)_i = x_i - max(x) - log(sum_j exp(x_j - max(x)))}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code dim} (required): the dimension to normalise along (required)
 * </ul>
 *
 * <p>Shape: Input (*), any shape with dim in range; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.LogSoftmax}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#LOG_SOFTMAX} sets (the README's activation table lists it).
 */
public final class LogSoftmax extends ActivationBlock {

    LogSoftmax(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link LogSoftmax}. */
    public static final class Builder {

        private Integer dim;

        Builder() {}

        /**
         * Sets {@code dim} (required): the dimension to normalise along (required).
         *
         * @param dim the value
         * @return this builder
         */
        public Builder setDim(int dim) {
            this.dim = dim;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required parameter is unset or a value is invalid
         */
        public LogSoftmax build() {
            if (dim == null) {
                throw new IllegalArgumentException("LogSoftmax: you must set dim (setDim)");
            }
            return new LogSoftmax(Catalog.LOG_SOFTMAX.params(dim));
        }
    }
}
