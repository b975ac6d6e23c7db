package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies softmax along dim.
 *
 * <p>{@code Softmax(x)_i = exp(x_i - max(x)) / sum_j exp(x_j - max(x))}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code dim} (required): the dimension the values sum to 1 along (PyTorch's implicit choice is deprecated)
 * </ul>
 *
 * <p>Shape: Input (*), any shape with dim in range; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Softmax}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#SOFTMAX} sets (the README's activation table lists it).
 */
public final class Softmax extends ActivationBlock {

    Softmax(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Softmax}. */
    public static final class Builder {

        private Integer dim;

        Builder() {}

        /**
         * Sets {@code dim} (required): the dimension the values sum to 1 along (PyTorch's implicit choice is deprecated).
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
        public Softmax build() {
            if (dim == null) {
                throw new IllegalArgumentException("Softmax: you must set dim (setDim)");
            }
            return new Softmax(Catalog.SOFTMAX.params(dim));
        }
    }
}
