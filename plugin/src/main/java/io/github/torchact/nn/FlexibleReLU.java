package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the Flexible ReLU elementwise: ReLU plus a learnable bias, shared by all channels or one
 * per channel (axis 1).
 *
 * <p>{@code FlexibleReLU(x) = relu(x) + bias}, rounded twice (relu, then the addition) as the
 * libtorch composite {@code torch.relu(x) + bias}.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code num_parameters} (default 1): 1, or the number of channels of the input (axis 1)
 *   <li>{@code init} (default 0.0): the initial value of every bias
 * </ul>
 * The learnable parameter is named {@code bias}, shape {@code (num_parameters)}.
 *
 * <p>Shape: Input (N, C, *) or (*); output the same shape. With {@code num_parameters > 1}, C must
 * equal it.
 *
 * <p>PyTorch counterpart: none (a libtorch composite); {@code toString()} follows PReLU's repr:
 * {@code FlexibleReLU(num_parameters=1)}. Reference: Qiu et al., FReLU: Flexible Rectified Linear
 * Units for Improving Convolutional Neural Networks, ICPR 2018. "FReLU" also names the Funnel
 * activation of Ma et al. (ECCV 2020), {@code max(x, BN(depthwise_conv(x)))}: that one is {@link
 * FunnelReLU}.
 *
 * <p>On the PyTorch engine: libtorch's {@code relu} and {@code add}, values and gradients bitwise
 * equal to PyTorch's. Elsewhere: the Java kernel, no gradient, within the bound against libtorch
 * that {@link Catalog#FLEXIBLE_RELU} sets (the README's activation table lists it).
 */
public final class FlexibleReLU extends ActivationBlock {

    FlexibleReLU(Params params, int numParameters, double init) {
        super(params, numParameters, init);
    }

    /** Starts a builder; parameters not set take the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link FlexibleReLU}. */
    public static final class Builder {

        private int numParameters = SHARED;
        private double init = Catalog.FLEXIBLE_RELU.weight().init();

        Builder() {}

        /**
         * Sets {@code num_parameters}: 1 (one shared bias) or the number of input channels.
         *
         * @param numParameters the value
         * @return this builder
         */
        public Builder optNumParameters(int numParameters) {
            this.numParameters = numParameters;
            return this;
        }

        /**
         * Sets {@code init}: the initial value of the biases.
         *
         * @param init the value
         * @return this builder
         */
        public Builder optInit(double init) {
            this.init = init;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if {@code num_parameters < 1} or {@code init} is NaN
         */
        public FlexibleReLU build() {
            return new FlexibleReLU(Catalog.FLEXIBLE_RELU.defaults(), numParameters, init);
        }
    }
}
