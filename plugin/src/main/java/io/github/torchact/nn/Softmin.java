package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies softmin (softmax of the negated input) along dim.
 *
 * <p>{@code Softmin(x) = Softmax(-x)}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code dim} (required): the dimension the values sum to 1 along (required)
 * </ul>
 *
 * <p>Shape: Input (*), any shape with dim in range; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Softmin}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#SOFTMIN} sets (the README's activation table lists it).
 */
public final class Softmin extends ActivationBlock {

    Softmin(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Softmin}. */
    public static final class Builder {

        private Integer dim;

        Builder() {}

        /**
         * Sets {@code dim} (required): the dimension the values sum to 1 along (required).
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
        public Softmin build() {
            if (dim == null) {
                throw new IllegalArgumentException("Softmin: you must set dim (setDim)");
            }
            return new Softmin(Catalog.SOFTMIN.params(dim));
        }
    }
}
