package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies x minus its hyperbolic tangent elementwise.
 *
 * <p>{@code Tanhshrink(x) = x - tanh(x)}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Tanhshrink}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#TANHSHRINK} sets (the README's activation table lists it).
 */
public final class Tanhshrink extends ActivationBlock {

    /** {@code Tanhshrink()}. */
    public Tanhshrink() {
        this(Catalog.TANHSHRINK.defaults());
    }

    Tanhshrink(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Tanhshrink}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public Tanhshrink build() {
            return new Tanhshrink();
        }
    }
}
