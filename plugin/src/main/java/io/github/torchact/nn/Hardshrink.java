package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies hard shrinkage elementwise.
 *
 * <p>{@code Hardshrink(x) = x if |x| > lambd else 0}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code lambd} (default 0.5): the half-width of the zeroed band; must be &gt;= 0
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Hardshrink}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#HARDSHRINK} sets (the README's activation table lists it).
 */
public final class Hardshrink extends ActivationBlock {

    Hardshrink(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Hardshrink}. */
    public static final class Builder {

        private double lambd = Catalog.HARDSHRINK.defaults().get("lambd");

        Builder() {}

        /**
         * Sets {@code lambd}: the half-width of the zeroed band; must be &gt;= 0.
         *
         * @param lambd the value
         * @return this builder
         */
        public Builder optLambd(double lambd) {
            this.lambd = lambd;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required parameter is unset or a value is invalid
         */
        public Hardshrink build() {
            return new Hardshrink(Catalog.HARDSHRINK.params(lambd));
        }
    }
}
