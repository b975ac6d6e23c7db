package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;

/**
 * threshold(x) = value if x ≤ threshold else x, as libtorch's {@code threshold_kernel}
 * (aten/src/ATen/native/cpu/Activation.cpp): both scalars rounded to the dtype; the comparison is
 * non-strict, so x = threshold (and -0 against a threshold of 0) gives value; NaN passes through.
 *
 * <p>Gradient ({@code threshold_backward}, the same kernel with value 0): +0 where x ≤ threshold, gy
 * elsewhere (NaN inputs pass gy).
 */
public final class Threshold extends ElementwiseKernel {

    private final float thresholdF;
    private final float valueF;
    private final double thresholdD;
    private final double valueD;

    /** {@code x} above {@code threshold}, else {@code value}. */
    public Threshold(double threshold, double value) {
        if (Double.isNaN(threshold) || Double.isNaN(value)) {
            throw new IllegalArgumentException(
                    "threshold: threshold and value must not be NaN, got threshold=" + threshold + ", value=" + value);
        }
        this.thresholdF = (float) threshold;
        this.valueF = (float) value;
        this.thresholdD = threshold;
        this.valueD = value;
    }

    /** The threshold as given (the float32 loops use it rounded to float32). */
    public double threshold() {
        return thresholdD;
    }

    /** The replacement value as given (the float32 loops use it rounded to float32). */
    public double value() {
        return valueD;
    }

    @Override
    public float apply(float x) {
        return x <= thresholdF ? valueF : x;
    }

    @Override
    public double apply(double x) {
        return x <= thresholdD ? valueD : x;
    }

    @Override
    public float grad(float x, float gy) {
        return x <= thresholdF ? 0f : gy;
    }

    @Override
    public double grad(double x, double gy) {
        return x <= thresholdD ? 0d : gy;
    }

    /** Piecewise linear: NaNs pass through, identically on both paths ({@link ElementwiseKernel#canonicalNaN}). */
    @Override
    public boolean canonicalNaN() {
        return false;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("ThresholdVector");
    }
}
