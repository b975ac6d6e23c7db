package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;
import io.github.torchact.kernel.math.Libm;

/**
 * gelu(x, approximate='tanh') = (0.5·x)·(1 + tanh(β·fma(κ, x³, x))), x³ = (x·x)·x, β = √2·(2/√π)·0.5
 * multiplied in double, κ = 0.044715, both rounded to the dtype. Gradient, libtorch's
 * {@code gelu_backward(gy, x, 'tanh')}: with t = tanh(inner),
 * {@code gy·(0.5·(1 + t) + ((0.5·x)·fma(-t, t, 1))·(β·fma(3·κ, x², 1)))}.
 *
 * <p>The fused multiply-adds are not in the source: libtorch's AVX2 build is compiled by GCC with
 * {@code -ffp-contract=fast}, which fuses a product into the add or subtract that is its only use.
 * In the last sum GCC fuses the (exact) {@code 0.5·(1 + t)} rather than the right-hand product;
 * each choice here was measured against libtorch 2.7.1 (the alternatives match far fewer elements).
 *
 * <p>Source: PyTorch 2.7 {@code aten/src/ATen/native/cpu/Gelu.h} ({@code
 * vectorized_gelu_approximated_with_tanh}), {@code aten/src/ATen/native/cpu/Activation.cpp}
 * ({@code GeluBackwardKernelImpl}, tanh vector branch).
 */
public final class GeluTanh extends ElementwiseKernel {

    private static final double M_SQRT2 = 1.41421356237309504880;
    private static final double M_2_SQRTPI = 1.12837916709551257390;
    private static final double BETA = M_SQRT2 * M_2_SQRTPI * 0.5;
    private static final double KAPPA = 0.044715;

    private static final float BETA_F = (float) BETA;
    private static final float KAPPA_F = (float) KAPPA;

    @Override
    public float apply(float x) {
        float cube = x * x * x;
        float inner = BETA_F * Math.fma(KAPPA_F, cube, x);
        return 0.5f * x * (1f + AtenMath.tanh(inner));
    }

    @Override
    public double apply(double x) {
        double cube = x * x * x;
        double inner = BETA * Math.fma(KAPPA, cube, x);
        return 0.5d * x * (1d + AtenMath.tanh(inner));
    }

    @Override
    public float grad(float x, float gy) {
        float sq = x * x;
        float cube = x * x * x;
        float t = AtenMath.tanh(BETA_F * Math.fma(KAPPA_F, cube, x));
        float left = 0.5f * x;
        float leftDerivative = 0.5f * (1f + t);
        float tanhDerivative = Math.fma(-t, t, 1f);
        float innerDerivative = BETA_F * Math.fma(3f * KAPPA_F, sq, 1f);
        return gy * (leftDerivative + left * tanhDerivative * innerDerivative);
    }

    @Override
    public double grad(double x, double gy) {
        double sq = x * x;
        double cube = x * x * x;
        double t = AtenMath.tanh(BETA * Math.fma(KAPPA, cube, x));
        double left = 0.5d * x;
        double leftDerivative = 0.5d * (1d + t);
        double tanhDerivative = Math.fma(-t, t, 1d);
        double innerDerivative = BETA * Math.fma(3d * KAPPA, sq, 1d);
        return gy * (leftDerivative + left * tanhDerivative * innerDerivative);
    }

    /** As {@link #apply(float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float applyTail(float x) {
        float cube = x * x * x;
        // Unlike the vector loop, libtorch's scalar loop rounds kKappa·x³ before the add (measured).
        float inner = BETA_F * (x + KAPPA_F * cube);
        return 0.5f * x * (1f + Libm.tanh(inner));
    }

    /** As {@link #grad(float, float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float gradTail(float x, float gy) {
        float sq = x * x;
        float cube = x * x * x;
        float t = Libm.tanh(BETA_F * Math.fma(KAPPA_F, cube, x));
        float left = 0.5f * x;
        float leftDerivative = 0.5f * (1f + t);
        float tanhDerivative = Math.fma(-t, t, 1f);
        float innerDerivative = BETA_F * Math.fma(3f * KAPPA_F, sq, 1f);
        return gy * (leftDerivative + left * tanhDerivative * innerDerivative);
    }

    @Override
    public double applyTail(double x) {
        double cube = x * x * x;
        double inner = BETA * (x + KAPPA * cube);
        return 0.5d * x * (1d + Libm.tanh(inner));
    }

    @Override
    public double gradTail(double x, double gy) {
        double sq = x * x;
        double cube = x * x * x;
        double t = Libm.tanh(BETA * Math.fma(KAPPA, cube, x));
        double left = 0.5d * x;
        double leftDerivative = 0.5d * (1d + t);
        double tanhDerivative = Math.fma(-t, t, 1d);
        double innerDerivative = BETA * Math.fma(3d * KAPPA, sq, 1d);
        return gy * (leftDerivative + left * tanhDerivative * innerDerivative);
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("GeluTanhVector");
    }
}
