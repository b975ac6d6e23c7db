package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the rectified linear unit elementwise.
 *
 * <p>{@code ReLU(x) = max(0, x)}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.ReLU}, and {@code toString()} is its repr.
 * Reference: Nair &amp; Hinton, Rectified Linear Units Improve Restricted Boltzmann Machines, ICML 2010.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#RELU} sets (the README's activation table lists it).
 */
public final class ReLU extends ActivationBlock {

    /** {@code ReLU()}. */
    public ReLU() {
        this(Catalog.RELU.defaults());
    }

    ReLU(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link ReLU}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public ReLU build() {
            return new ReLU();
        }
    }
}
