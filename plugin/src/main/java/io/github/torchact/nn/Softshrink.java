package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies soft shrinkage elementwise.
 *
 * <p>{@code Softshrink(x) = x - lambd if x > lambd, x + lambd if x < -lambd, 0 otherwise}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code lambd} (default 0.5): the half-width of the zeroed band; must be &gt;= 0
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Softshrink}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#SOFTSHRINK} sets (the README's activation table lists it).
 */
public final class Softshrink extends ActivationBlock {

    Softshrink(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Softshrink}. */
    public static final class Builder {

        private double lambd = Catalog.SOFTSHRINK.defaults().get("lambd");

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
        public Softshrink build() {
            return new Softshrink(Catalog.SOFTSHRINK.params(lambd));
        }
    }
}
