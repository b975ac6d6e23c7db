package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies ReLU capped at 6 elementwise.
 *
 * <p>{@code ReLU6(x) = min(max(0, x), 6)}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.ReLU6}, and {@code toString()} is its repr.
 * Reference: Krizhevsky, Convolutional Deep Belief Networks on CIFAR-10, 2010.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#RELU6} sets (the README's activation table lists it).
 */
public final class ReLU6 extends ActivationBlock {

    /** {@code ReLU6()}. */
    public ReLU6() {
        this(Catalog.RELU6.defaults());
    }

    ReLU6(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link ReLU6}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public ReLU6 build() {
            return new ReLU6();
        }
    }
}
