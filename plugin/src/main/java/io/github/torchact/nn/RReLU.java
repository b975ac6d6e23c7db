package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the randomized leaky ReLU elementwise.
 *
 * <p>{@code RReLU(x) = x if x >= 0 else a * x, with a ~ U(lower, upper) drawn per element in training and a = (lower + upper) / 2 in evaluation}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code lower} (default 1/8): lower bound of the uniform distribution
 *   <li>{@code upper} (default 1/3): upper bound of the uniform distribution
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.RReLU}, and {@code toString()} is its repr.
 * Reference: Xu et al., Empirical Evaluation of Rectified Activations in Convolutional Network, 2015.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#RRELU} sets (the README's activation table lists it).
 *
 * <p>In training (the PyTorch engine only) libtorch draws the slopes from its own generator and the gradient
 * of a negative input is its sampled slope; the Java kernel route refuses training mode.
 */
public final class RReLU extends ActivationBlock {

    RReLU(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link RReLU}. */
    public static final class Builder {

        private double lower = Catalog.RRELU.defaults().get("lower");
        private double upper = Catalog.RRELU.defaults().get("upper");

        Builder() {}

        /**
         * Sets {@code lower}: lower bound of the uniform distribution.
         *
         * @param lower the value
         * @return this builder
         */
        public Builder optLower(double lower) {
            this.lower = lower;
            return this;
        }

        /**
         * Sets {@code upper}: upper bound of the uniform distribution.
         *
         * @param upper the value
         * @return this builder
         */
        public Builder optUpper(double upper) {
            this.upper = upper;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required parameter is unset or a value is invalid
         */
        public RReLU build() {
            return new RReLU(Catalog.RRELU.params(lower, upper));
        }
    }
}
