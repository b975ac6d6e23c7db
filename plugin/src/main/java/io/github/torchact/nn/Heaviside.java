package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the Heaviside step elementwise.
 *
 * <p>{@code Heaviside(x) = 0 if x < 0, values if x == 0, 1 if x > 0}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code values} (required): the result at x == 0
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.heaviside (PyTorch has no module)}.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#HEAVISIDE} sets (the README's activation table lists it).
 *
 * <p>PyTorch defines no gradient: in training under a {@code GradientCollector} the forward succeeds, and
 * {@code backward} fails with libtorch's "the derivative for 'heaviside' is not implemented".
 */
public final class Heaviside extends ActivationBlock {

    Heaviside(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Heaviside}. */
    public static final class Builder {

        private Double values;

        Builder() {}

        /**
         * Sets {@code values} (required): the result at x == 0.
         *
         * @param values the value
         * @return this builder
         */
        public Builder setValues(double values) {
            this.values = values;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required parameter is unset or a value is invalid
         */
        public Heaviside build() {
            if (values == null) {
                throw new IllegalArgumentException("Heaviside: you must set values (setValues)");
            }
            return new Heaviside(Catalog.HEAVISIDE.params(values));
        }
    }
}
