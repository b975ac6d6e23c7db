package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the scaled exponential linear unit elementwise.
 *
 * <p>{@code SELU(x) = scale * (x if x > 0 else alpha * (exp(x) - 1)), alpha = 1.6732632423543772, scale = 1.0507009873554805}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.SELU}, and {@code toString()} is its repr.
 * Reference: Klambauer et al., Self-Normalizing Neural Networks, NeurIPS 2017.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#SELU} sets (the README's activation table lists it).
 */
public final class SELU extends ActivationBlock {

    /** {@code SELU()}. */
    public SELU() {
        this(Catalog.SELU.defaults());
    }

    SELU(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link SELU}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public SELU build() {
            return new SELU();
        }
    }
}
