package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the hyperbolic tangent elementwise.
 *
 * <p>{@code Tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Tanh}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#TANH} sets (the README's activation table lists it).
 */
public final class Tanh extends ActivationBlock {

    /** {@code Tanh()}. */
    public Tanh() {
        this(Catalog.TANH.defaults());
    }

    Tanh(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Tanh}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public Tanh build() {
            return new Tanh();
        }
    }
}
