package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Returns its input itself (the same NDArray), on every engine.
 *
 * <p>{@code Identity(x) = x}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Identity}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#IDENTITY} sets (the README's activation table lists it).
 */
public final class Identity extends ActivationBlock {

    /** {@code Identity()}. */
    public Identity() {
        this(Catalog.IDENTITY.defaults());
    }

    Identity(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Identity}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public Identity build() {
            return new Identity();
        }
    }
}
