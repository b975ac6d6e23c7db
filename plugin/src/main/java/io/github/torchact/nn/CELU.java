package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the continuously differentiable exponential linear unit elementwise.
 *
 * <p>{@code CELU(x) = max(0, x) + min(0, alpha * (exp(x / alpha) - 1))}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code alpha} (default 1.0): the scale; must not be 0
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.CELU}, and {@code toString()} is its repr.
 * Reference: Barron, Continuously Differentiable Exponential Linear Units, 2017.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#CELU} sets (the README's activation table lists it).
 */
public final class CELU extends ActivationBlock {

    CELU(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link CELU}. */
    public static final class Builder {

        private double alpha = Catalog.CELU.defaults().get("alpha");

        Builder() {}

        /**
         * Sets {@code alpha}: the scale; must not be 0.
         *
         * @param alpha the value
         * @return this builder
         */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required parameter is unset or a value is invalid
         */
        public CELU build() {
            return new CELU(Catalog.CELU.params(alpha));
        }
    }
}
