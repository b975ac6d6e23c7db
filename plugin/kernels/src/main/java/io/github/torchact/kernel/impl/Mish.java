package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;
import io.github.torchact.kernel.math.Libm;

/**
 * mish(x) = x·tanh(log1p(exp(x))) in the dtype, with no threshold on the softplus (exp overflows to
 * +inf for large x, where tanh(inf) = 1). Gradient: with s = 1 / (1 + exp(-x)) and
 * t = tanh(log1p(exp(x))), {@code gy·(t + (x·s)·(1 - t·t))} with both multiply-adds fused, as
 * libtorch's AVX2 build (GCC, {@code -ffp-contract=fast}) compiles it.
 *
 * <p>Source: PyTorch 2.7 {@code aten/src/ATen/native/cpu/Activation.cpp} ({@code mish_kernel},
 * {@code mish_backward_kernel}, vector branches).
 */
public final class Mish extends ElementwiseKernel {

    @Override
    public float apply(float x) {
        return x * AtenMath.tanh(AtenMath.log1p(AtenMath.exp(x)));
    }

    @Override
    public double apply(double x) {
        return x * AtenMath.tanh(AtenMath.log1p(AtenMath.exp(x)));
    }

    @Override
    public float grad(float x, float gy) {
        float s = 1f / (1f + AtenMath.exp(-x));
        float t = AtenMath.tanh(AtenMath.log1p(AtenMath.exp(x)));
        return gy * Math.fma(x * s, Math.fma(-t, t, 1f), t);
    }

    @Override
    public double grad(double x, double gy) {
        double s = 1d / (1d + AtenMath.exp(-x));
        double t = AtenMath.tanh(AtenMath.log1p(AtenMath.exp(x)));
        return gy * Math.fma(x * s, Math.fma(-t, t, 1d), t);
    }

    /** As {@link #apply(float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float applyTail(float x) {
        return x * Libm.tanh(Libm.log1p(Libm.exp(x)));
    }

    /** As {@link #grad(float, float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float gradTail(float x, float gy) {
        float s = 1f / (1f + Libm.exp(-x));
        float t = Libm.tanh(Libm.log1p(Libm.exp(x)));
        return gy * Math.fma(x * s, Math.fma(-t, t, 1f), t);
    }

    @Override
    public double applyTail(double x) {
        return x * Libm.tanh(Libm.log1p(Libm.exp(x)));
    }

    @Override
    public double gradTail(double x, double gy) {
        double s = 1d / (1d + Libm.exp(-x));
        double t = Libm.tanh(Libm.log1p(Libm.exp(x)));
        return gy * Math.fma(x * s, Math.fma(-t, t, 1d), t);
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("MishVector");
    }
}
