package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;

/**
 * gelu(x) = (x·0.5)·(1 + erf(x·α)), α = 1/√2 rounded to the dtype. Gradient:
 * {@code gy·(cdf + x·pdf)} with cdf = 0.5·(1 + erf(x·α)) and pdf = β·exp((x·x)·(-0.5)),
 * β = 2/√π · 1/√2 · 0.5 multiplied in double and then rounded to the dtype. (GCC fuses the exact
 * {@code 0.5·(1 + erf)} into the final add, so x·pdf is rounded on its own: measured against libtorch.)
 *
 * <p>Source: PyTorch 2.7 {@code aten/src/ATen/native/cpu/Gelu.h} ({@code vectorized_gelu}),
 * {@code aten/src/ATen/native/cpu/Activation.cpp} ({@code GeluBackwardKernelImpl}, vector branch).
 */
public final class Gelu extends ElementwiseKernel {

    private static final double M_SQRT1_2 = 0.70710678118654752440;
    private static final double M_2_SQRTPI = 1.12837916709551257390;
    private static final double BETA = M_2_SQRTPI * M_SQRT1_2 * 0.5;

    private static final float ALPHA_F = (float) M_SQRT1_2;
    private static final float BETA_F = (float) BETA;

    /**
     * float32 as libtorch 2.7.1's vector path gives it at the edges too (measured): NaN at ±inf and +inf
     * for x ≥ ~1.7e38 (the product with 1 + erf overflows before the halving). Halving last changes
     * no other result: multiplying by 0.5 is exact away from overflow and subnormals.
     */
    @Override
    public float apply(float x) {
        if (Float.isInfinite(x)) {
            return Float.NaN;
        }
        return x * (1f + erf(x * ALPHA_F)) * 0.5f;
    }

    @Override
    public double apply(double x) {
        return x * 0.5d * (1d + erf(x * M_SQRT1_2));
    }

    @Override
    public float grad(float x, float gy) {
        float cdf = 0.5f * (1f + erf(x * ALPHA_F));
        float pdf = BETA_F * AtenMath.exp(x * x * -0.5f);
        return gy * (cdf + x * pdf);
    }

    @Override
    public double grad(double x, double gy) {
        double cdf = 0.5d * (1d + erf(x * M_SQRT1_2));
        double pdf = BETA * AtenMath.exp(x * x * -0.5d);
        return gy * (cdf + x * pdf);
    }

    private static float erf(float x) {
        return AtenMath.erf(x);
    }

    private static double erf(double x) {
        return AtenMath.erf(x);
    }
}
