package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the piecewise-linear sigmoid elementwise.
 *
 * <p>{@code Hardsigmoid(x) = 0 if x <= -3, 1 if x >= 3, x / 6 + 1 / 2 otherwise}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Hardsigmoid}, and {@code toString()} is its repr.
 * Reference: Courbariaux et al., BinaryConnect, NeurIPS 2015.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#HARDSIGMOID} sets (the README's activation table lists it).
 */
public final class Hardsigmoid extends ActivationBlock {

    /** {@code Hardsigmoid()}. */
    public Hardsigmoid() {
        this(Catalog.HARDSIGMOID.defaults());
    }

    Hardsigmoid(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Hardsigmoid}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public Hardsigmoid build() {
            return new Hardsigmoid();
        }
    }
}
