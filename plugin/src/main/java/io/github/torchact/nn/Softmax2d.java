package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies softmax over channels at each spatial location.
 *
 * <p>{@code Softmax2d(x) = Softmax(x, dim = -3)}
 *
 * <p>Shape: Input (N, C, H, W) or (C, H, W); output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Softmax2d}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#SOFTMAX2D} sets (the README's activation table lists it).
 */
public final class Softmax2d extends ActivationBlock {

    /** {@code Softmax2d()}. */
    public Softmax2d() {
        this(Catalog.SOFTMAX2D.defaults());
    }

    Softmax2d(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Softmax2d}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public Softmax2d build() {
            return new Softmax2d();
        }
    }
}
