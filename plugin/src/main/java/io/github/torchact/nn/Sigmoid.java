package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the logistic sigmoid elementwise.
 *
 * <p>{@code Sigmoid(x) = 1 / (1 + exp(-x))}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Sigmoid}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#SIGMOID} sets (the README's activation table lists it).
 */
public final class Sigmoid extends ActivationBlock {

    /** {@code Sigmoid()}. */
    public Sigmoid() {
        this(Catalog.SIGMOID.defaults());
    }

    Sigmoid(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Sigmoid}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public Sigmoid build() {
            return new Sigmoid();
        }
    }
}
