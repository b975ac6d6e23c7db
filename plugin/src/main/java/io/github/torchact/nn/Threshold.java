package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Replaces every input not above a threshold by a value.
 *
 * <p>{@code Threshold(x) = x if x > threshold else value}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code threshold} (required): the value to threshold at
 *   <li>{@code value} (required): the replacement
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Threshold}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#THRESHOLD} sets (the README's activation table lists it).
 */
public final class Threshold extends ActivationBlock {

    Threshold(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Threshold}. */
    public static final class Builder {

        private Double threshold;
        private Double value;

        Builder() {}

        /**
         * Sets {@code threshold} (required): the value to threshold at.
         *
         * @param threshold the value
         * @return this builder
         */
        public Builder setThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets {@code value} (required): the replacement.
         *
         * @param value the value
         * @return this builder
         */
        public Builder setValue(double value) {
            this.value = value;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required parameter is unset or a value is invalid
         */
        public Threshold build() {
            if (threshold == null) {
                throw new IllegalArgumentException("Threshold: you must set threshold (setThreshold)");
            }
            if (value == null) {
                throw new IllegalArgumentException("Threshold: you must set value (setValue)");
            }
            return new Threshold(Catalog.THRESHOLD.params(threshold, value));
        }
    }
}
