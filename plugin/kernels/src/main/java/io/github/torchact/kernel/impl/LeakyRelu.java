package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;

/**
 * leaky_relu(x) = x if x &gt; 0 else slope·x, the slope rounded to the dtype first (libtorch
 * multiplies by a float32 slope in float32). Gradient: gy if x &gt; 0 else gy·slope.
 */
public final class LeakyRelu extends ElementwiseKernel {

    private final float slopeF;
    private final double slopeD;

    /** Leaky ReLU with slope {@code negativeSlope} below 0. */
    public LeakyRelu(double negativeSlope) {
        this.slopeF = (float) negativeSlope;
        this.slopeD = negativeSlope;
    }

    /** negative_slope rounded to float32, as the float32 functions use it. */
    public float negativeSlopeFloat() {
        return slopeF;
    }

    /** negative_slope, as the float64 functions use it. */
    public double negativeSlopeDouble() {
        return slopeD;
    }

    @Override
    public float apply(float x) {
        return x > 0f ? x : x * slopeF;
    }

    @Override
    public double apply(double x) {
        return x > 0d ? x : x * slopeD;
    }

    @Override
    public float grad(float x, float gy) {
        return x > 0f ? gy : gy * slopeF;
    }

    @Override
    public double grad(double x, double gy) {
        return x > 0d ? gy : gy * slopeD;
    }

    /**
     * Piecewise linear: NaNs pass through, identically on both paths ({@link
     * ElementwiseKernel#canonicalNaN}), unless the slope itself is NaN (then a NaN x
     * meets a NaN slope and the canonical NaN is written).
     */
    @Override
    public boolean canonicalNaN() {
        return Double.isNaN(slopeD);
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("LeakyReluVector");
    }
}
