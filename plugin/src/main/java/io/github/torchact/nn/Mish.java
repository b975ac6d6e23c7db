package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies Mish elementwise.
 *
 * <p>{@code Mish(x) = x * tanh(softplus(x))}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Mish}, and {@code toString()} is its repr.
 * Reference: Misra, Mish: A Self Regularized Non-Monotonic Activation Function, BMVC 2020.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#MISH} sets (the README's activation table lists it).
 *
 * <p>Not DJL's {@code Activation.mish}, which computes softplus with a base-2 logarithm: a model trained
 * with DJL's Mish gives different outputs with this block.
 */
public final class Mish extends ActivationBlock {

    /** {@code Mish()}. */
    public Mish() {
        this(Catalog.MISH.defaults());
    }

    Mish(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Mish}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public Mish build() {
            return new Mish();
        }
    }
}
