package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;
import io.github.torchact.kernel.math.Libm;

/**
 * silu(x) = x / (1 + exp(-x)) in the dtype (exp overflows for very negative x, so the output
 * flushes to -0 there as libtorch's does). Gradient: with s = 1 / (1 + exp(-x)),
 * {@code (gy·s)·(1 + x·(1 - s))}, the inner multiply-add fused as libtorch's AVX2 build (GCC,
 * {@code -ffp-contract=fast}) compiles it.
 *
 * <p>Source: PyTorch 2.7 {@code aten/src/ATen/native/cpu/Activation.cpp} ({@code silu_kernel},
 * {@code silu_backward_kernel}, vector branches).
 */
public final class Silu extends ElementwiseKernel {

    @Override
    public float apply(float x) {
        return x / (1f + AtenMath.exp(-x));
    }

    @Override
    public double apply(double x) {
        return x / (1d + AtenMath.exp(-x));
    }

    @Override
    public float grad(float x, float gy) {
        float s = 1f / (1f + AtenMath.exp(-x));
        return gy * s * Math.fma(x, 1f - s, 1f);
    }

    @Override
    public double grad(double x, double gy) {
        double s = 1d / (1d + AtenMath.exp(-x));
        return gy * s * Math.fma(x, 1d - s, 1d);
    }

    /** As {@link #apply(float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float applyTail(float x) {
        return x / (1f + Libm.exp(-x));
    }

    /** As {@link #grad(float, float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float gradTail(float x, float gy) {
        float s = 1f / (1f + Libm.exp(-x));
        return gy * s * Math.fma(x, 1f - s, 1f);
    }

    @Override
    public double applyTail(double x) {
        return x / (1d + Libm.exp(-x));
    }

    @Override
    public double gradTail(double x, double gy) {
        double s = 1d / (1d + Libm.exp(-x));
        return gy * s * Math.fma(x, 1d - s, 1d);
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("SiluVector");
    }
}
