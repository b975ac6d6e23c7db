package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the hard tanh elementwise: the input clamped to [min_val, max_val].
 *
 * <p>{@code Hardtanh(x) = min(max(x, min_val), max_val)}
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code min_val} (default -1.0): the lower end of the linear region
 *   <li>{@code max_val} (default 1.0): the upper end of the linear region; must be &gt;= min_val
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.Hardtanh}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#HARDTANH} sets (the README's activation table lists it).
 */
public final class Hardtanh extends ActivationBlock {

    Hardtanh(Params params) {
        super(params, 0);
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link Hardtanh}. */
    public static final class Builder {

        private double minVal = Catalog.HARDTANH.defaults().get("min_val");
        private double maxVal = Catalog.HARDTANH.defaults().get("max_val");

        Builder() {}

        /**
         * Sets {@code min_val}: the lower end of the linear region.
         *
         * @param minVal the value
         * @return this builder
         */
        public Builder optMinVal(double minVal) {
            this.minVal = minVal;
            return this;
        }

        /**
         * Sets {@code max_val}: the upper end of the linear region; must be &gt;= min_val.
         *
         * @param maxVal the value
         * @return this builder
         */
        public Builder optMaxVal(double maxVal) {
            this.maxVal = maxVal;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required parameter is unset or a value is invalid
         */
        public Hardtanh build() {
            return new Hardtanh(Catalog.HARDTANH.params(minVal, maxVal));
        }
    }
}
