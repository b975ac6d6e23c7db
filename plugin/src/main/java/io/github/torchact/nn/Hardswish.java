package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the piecewise-polynomial swish elementwise.
 *
 * <p>{@code Hardswish(x) = 0 if x <= -3, x if x >= 3, x * (x + 3) / 6 otherwise}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Hardswish}, and {@code toString()} is its repr.
 * Reference: Howard et al., Searching for MobileNetV3, ICCV 2019.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#HARDSWISH} sets (the README's activation table lists it).
 */
public final class Hardswish extends ActivationBlock {

    /** {@code Hardswish()}. */
    public Hardswish() {
        this(Catalog.HARDSWISH.defaults());
    }

    Hardswish(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Hardswish}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public Hardswish build() {
            return new Hardswish();
        }
    }
}
