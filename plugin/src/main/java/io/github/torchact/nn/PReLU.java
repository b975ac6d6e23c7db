package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the parametric ReLU elementwise, with a learnable slope shared by all channels or one per
 * channel (axis 1).
 *
 * <p>{@code PReLU(x) = x if x > 0 else weight * x}; libtorch's gradient at x = 0 is the slope.
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code num_parameters} (default 1): 1, or the number of channels of the input (axis 1)
 *   <li>{@code init} (default 0.25): the initial value of every slope
 * </ul>
 * The learnable parameter is named {@code weight}, shape {@code (num_parameters)}.
 *
 * <p>Shape: Input (N, C, *) or (*); output the same shape. With {@code num_parameters > 1}, C must
 * equal it.
 *
 * <p>PyTorch counterpart: {@code torch.nn.PReLU}, and {@code toString()} is its repr, e.g. {@code
 * PReLU(num_parameters=1)}. Reference: He et al., Delving Deep into Rectifiers, ICCV 2015.
 *
 * <p>On the PyTorch engine: libtorch's own {@code prelu}, values and gradients (input and slopes)
 * bitwise equal to PyTorch's. Elsewhere: the Java kernel, no gradient, within the bound against
 * libtorch that {@link Catalog#PRELU} sets (the README's activation table lists it).
 */
public final class PReLU extends ActivationBlock {

    PReLU(Params params, int numParameters, double init) {
        super(params, numParameters, init);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link PReLU}. */
    public static final class Builder {

        private int numParameters = SHARED;
        private double init = Catalog.PRELU.weight().init();

        Builder() {}

        /**
         * Sets {@code num_parameters}: 1 (one shared slope) or the number of input channels.
         *
         * @param numParameters the value
         * @return this builder
         */
        public Builder optNumParameters(int numParameters) {
            this.numParameters = numParameters;
            return this;
        }

        /**
         * Sets {@code init}: the initial value of the slopes.
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
        public PReLU build() {
            return new PReLU(Catalog.PRELU.defaults(), numParameters, init);
        }
    }
}
