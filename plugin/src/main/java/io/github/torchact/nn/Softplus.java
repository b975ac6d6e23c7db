package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the softplus function elementwise; linear where beta * x exceeds the threshold.
 *
 * <p>{@code Softplus(x) = x if beta * x > threshold else log(1 + exp(beta * x)) / beta}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code beta} (default 1.0): the sharpness
 *   <li>{@code threshold} (default 20.0): above this value of beta * x the result is x
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Softplus}, and {@code toString()} is its repr.
 * Reference: Dugas et al., Incorporating Second-Order Functional Knowledge for Better Option Pricing, NeurIPS 2000.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#SOFTPLUS} sets (the README's activation table lists it).
 */
public final class Softplus extends ActivationBlock {

    Softplus(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Softplus}. */
    public static final class Builder {

        private double beta = Catalog.SOFTPLUS.defaults().get("beta");
        private double threshold = Catalog.SOFTPLUS.defaults().get("threshold");

        Builder() {}

        /**
         * Sets {@code beta}: the sharpness.
         *
         * @param beta the value
         * @return this builder
         */
        public Builder optBeta(double beta) {
            this.beta = beta;
            return this;
        }

        /**
         * Sets {@code threshold}: above this value of beta * x the result is x.
         *
         * @param threshold the value
         * @return this builder
         */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required parameter is unset or a value is invalid
         */
        public Softplus build() {
            return new Softplus(Catalog.SOFTPLUS.params(beta, threshold));
        }
    }
}
