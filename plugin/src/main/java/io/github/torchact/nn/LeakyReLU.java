package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the leaky rectified linear unit elementwise.
 *
 * <p>{@code LeakyReLU(x) = x if x > 0 else negative_slope * x (the slope is multiplied in the input's dtype)}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code negative_slope} (default 0.01): the slope for negative inputs
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.LeakyReLU}, and {@code toString()} is its repr.
 * Reference: Maas et al., Rectifier Nonlinearities Improve Neural Network Acoustic Models, ICML 2013.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#LEAKY_RELU} sets (the README's activation table lists it).
 */
public final class LeakyReLU extends ActivationBlock {

    LeakyReLU(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link LeakyReLU}. */
    public static final class Builder {

        private double negativeSlope = Catalog.LEAKY_RELU.defaults().get("negative_slope");

        Builder() {}

        /**
         * Sets {@code negative_slope}: the slope for negative inputs.
         *
         * @param negativeSlope the value
         * @return this builder
         */
        public Builder optNegativeSlope(double negativeSlope) {
            this.negativeSlope = negativeSlope;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required parameter is unset or a value is invalid
         */
        public LeakyReLU build() {
            return new LeakyReLU(Catalog.LEAKY_RELU.params(negativeSlope));
        }
    }
}
