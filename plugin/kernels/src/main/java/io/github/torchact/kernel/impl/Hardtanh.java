package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;

/**
 * hardtanh(x) = min(max(x, min_val), max_val), as libtorch's {@code clamp(x, min_val, max_val)}
 * (aten/src/ATen/native/cpu/TensorCompareKernel.cpp, {@code vec::clamp}: {@code
 * _mm256_min_ps(max, _mm256_max_ps(min, x))}). The bounds are rounded to the dtype first. Because
 * the x86 min/max instructions return their second operand on ties and NaN, -0 stays -0 and NaN stays
 * NaN.
 *
 * <p>Gradient ({@code hardtanh_backward}, aten/src/ATen/native/cpu/Activation.cpp): gy where
 * min_val &lt; x &lt; max_val, else +0 (so 0 at both kinks and for NaN inputs).
 */
public class Hardtanh extends ElementwiseKernel {

    private final float minF;
    private final float maxF;
    private final double minD;
    private final double maxD;

    /** Hardtanh clamping to [{@code minVal}, {@code maxVal}]. */
    public Hardtanh(double minVal, double maxVal) {
        if (!(minVal <= maxVal)) {
            throw new IllegalArgumentException(
                    "hardtanh: max_val must be >= min_val, got min_val=" + minVal + ", max_val=" + maxVal);
        }
        this.minF = (float) minVal;
        this.maxF = (float) maxVal;
        this.minD = minVal;
        this.maxD = maxVal;
    }

    /** min_val rounded to float32, as the float32 functions use it. */
    public float minValFloat() {
        return minF;
    }

    /** max_val rounded to float32, as the float32 functions use it. */
    public float maxValFloat() {
        return maxF;
    }

    /** min_val, as the float64 functions use it. */
    public double minValDouble() {
        return minD;
    }

    /** max_val, as the float64 functions use it. */
    public double maxValDouble() {
        return maxD;
    }

    @Override
    public float apply(float x) {
        float t = minF > x ? minF : x;
        return maxF < t ? maxF : t;
    }

    @Override
    public double apply(double x) {
        double t = minD > x ? minD : x;
        return maxD < t ? maxD : t;
    }

    @Override
    public float grad(float x, float gy) {
        return x > minF && x < maxF ? gy : 0f;
    }

    @Override
    public double grad(double x, double gy) {
        return x > minD && x < maxD ? gy : 0d;
    }

    /** Piecewise linear: NaNs pass through, identically on both paths ({@link ElementwiseKernel#canonicalNaN}). */
    @Override
    public boolean canonicalNaN() {
        return false;
    }

    /** {@code hardtanh_backward}'s scalar loop (libtorch's scalar loop for a run's tail): gy unless x &lt;= min_val or x &gt;= max_val, so gy for NaN. */
    @Override
    public float gradTail(float x, float gy) {
        return x <= minF || x >= maxF ? 0f : gy;
    }

    @Override
    public double gradTail(double x, double gy) {
        return x <= minD || x >= maxD ? 0d : gy;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("HardtanhVector");
    }
}
