package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the Gaussian error linear unit elementwise, exactly or with the tanh approximation.
 *
 * <p>{@code GELU(x) = x * 0.5 * (1 + erf(x / sqrt(2)))} for {@code approximate='none'};
 * {@code GELU(x) = 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))} for {@code
 * approximate='tanh'} (specs {@code gelu} and {@code gelu_tanh}).
 *
 * <p>Parameters (PyTorch's names, order and defaults):
 * <ul>
 *   <li>{@code approximate} (default {@code "none"}): {@code "none"} or {@code "tanh"}
 * </ul>
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.GELU}, and {@code toString()} is its repr, e.g. {@code
 * GELU(approximate='tanh')}. Reference: Hendrycks &amp; Gimpel, Gaussian Error Linear Units
 * (GELUs), 2016.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's
 * (note that libtorch's CPU gelu gives NaN at ±inf). Elsewhere: the Java kernel, no gradient, within
 * the bound against libtorch that {@link Catalog#GELU} (approximate='none') or {@link
 * Catalog#GELU_TANH} (approximate='tanh') sets (the README's activation table lists them). (float32
 * with approximate='none' is oneDNN's GELU in libtorch, and the Java kernel reproduces it: bitwise on
 * AVX-512 machines, measured.)
 */
public final class GELU extends ActivationBlock {

    /** {@code GELU(approximate='none')}. */
    public GELU() {
        this(Catalog.GELU.defaults());
    }

    GELU(Params params) {
        super(params, 0);
    }

    /** PyTorch's {@code approximate} argument: {@code "none"} or {@code "tanh"}. */
    public String approximate() {
        return spec() == Catalog.GELU_TANH ? "tanh" : "none";
    }

    /** Starts a builder; parameters not set take PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "GELU(approximate='" + approximate() + "')";
    }

    /** The builder for {@link GELU}. */
    public static final class Builder {

        private String approximate = "none";

        Builder() {}

        /**
         * Sets {@code approximate}: {@code "none"} (the exact erf form) or {@code "tanh"}.
         *
         * @param approximate the value
         * @return this builder
         */
        public Builder optApproximate(String approximate) {
            this.approximate = approximate;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if {@code approximate} is neither "none" nor "tanh"
         */
        public GELU build() {
            if ("none".equals(approximate)) {
                return new GELU(Catalog.GELU.defaults());
            }
            if ("tanh".equals(approximate)) {
                return new GELU(Catalog.GELU_TANH.defaults());
            }
            throw new IllegalArgumentException(
                    "GELU: approximate argument must be either none or tanh, got " + approximate);
        }
    }
}
