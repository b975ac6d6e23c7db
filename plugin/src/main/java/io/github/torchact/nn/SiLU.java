package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the sigmoid linear unit (swish with beta 1) elementwise.
 *
 * <p>{@code SiLU(x) = x * sigmoid(x)}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.SiLU}, and {@code toString()} is its repr.
 * Reference: Elfwing et al., Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning, 2017.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#SILU} sets (the README's activation table lists it).
 */
public final class SiLU extends ActivationBlock {

    /** {@code SiLU()}. */
    public SiLU() {
        this(Catalog.SILU.defaults());
    }

    SiLU(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link SiLU}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public SiLU build() {
            return new SiLU();
        }
    }
}
