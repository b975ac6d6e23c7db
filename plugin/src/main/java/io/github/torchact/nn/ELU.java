package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the exponential linear unit elementwise.
 *
 * <p>{@code ELU(x) = x if x > 0 else alpha * (exp(x) - 1)}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code alpha} (default 1.0): the value ELU approaches for large negative inputs, negated
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.ELU}, and {@code toString()} is its repr.
 * Reference: Clevert et al., Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs), ICLR 2016.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#ELU} sets (the README's activation table lists it).
 */
public final class ELU extends ActivationBlock {

    ELU(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link ELU}. */
    public static final class Builder {

        private double alpha = Catalog.ELU.defaults().get("alpha");

        Builder() {}

        /**
         * Sets {@code alpha}: the value ELU approaches for large negative inputs, negated.
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
        public ELU build() {
            return new ELU(Catalog.ELU.params(alpha));
        }
    }
}
