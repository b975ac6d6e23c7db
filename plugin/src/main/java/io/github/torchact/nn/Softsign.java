package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the softsign function elementwise.
 *
 * <p>{@code Softsign(x) = x / (1 + |x|)}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Softsign}, and {@code toString()} is its repr.
 * Reference: Bergstra et al., Quadratic Polynomials Learn Better Image Features, 2009.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#SOFTSIGN} sets (the README's activation table lists it).
 */
public final class Softsign extends ActivationBlock {

    /** {@code Softsign()}. */
    public Softsign() {
        this(Catalog.SOFTSIGN.defaults());
    }

    Softsign(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Softsign}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public Softsign build() {
            return new Softsign();
        }
    }
}
