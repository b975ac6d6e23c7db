package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the gated linear unit: the input split in halves a, b along dim.
 *
 * <p>{@code GLU(a, b) = a * sigmoid(b)}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code dim} (default -1): the dimension to split; its size must be even
 * </ul>
 *
 * <p>Shape: Input (*1, N, *2); output (*1, N / 2, *2).
 *
 * <p>PyTorch counterpart: {@code torch.nn.GLU}, and {@code toString()} is its repr.
 * Reference: Dauphin et al., Language Modeling with Gated Convolutional Networks, ICML 2017.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#GLU} sets (the README's activation table lists it).
 */
public final class GLU extends ActivationBlock {

    GLU(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link GLU}. */
    public static final class Builder {

        private int dim = Catalog.GLU.defaults().getInt("dim");

        Builder() {}

        /**
         * Sets {@code dim}: the dimension to split; its size must be even.
         *
         * @param dim the value
         * @return this builder
         */
        public Builder optDim(int dim) {
            this.dim = dim;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required parameter is unset or a value is invalid
         */
        public GLU build() {
            return new GLU(Catalog.GLU.params(dim));
        }
    }
}
