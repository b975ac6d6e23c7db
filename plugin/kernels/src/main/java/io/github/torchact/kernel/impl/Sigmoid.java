package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;
import io.github.torchact.kernel.math.Libm;

/**
 * sigmoid(x) = 1 / (1 + exp(0 - x)), in the dtype: exp(-x) overflows to +inf below about -88.7 in
 * float32, so sigmoid flushes to 0 there as libtorch does. Gradient from the output y, as libtorch's
 * {@code sigmoid_backward(gy, y)}: {@code (gy·(1 - y))·y}.
 *
 * <p>Source: PyTorch 2.7 {@code aten/src/ATen/native/cpu/UnaryOpsKernel.cpp} ({@code
 * sigmoid_kernel}, vector branch), {@code BinaryOpsKernel.cpp} ({@code sigmoid_backward_kernel}).
 */
public final class Sigmoid extends ElementwiseKernel {

    @Override
    public float apply(float x) {
        return 1f / (AtenMath.exp(0f - x) + 1f);
    }

    @Override
    public double apply(double x) {
        return 1d / (AtenMath.exp(0d - x) + 1d);
    }

    @Override
    public float grad(float x, float gy) {
        float y = apply(x);
        return gy * (1f - y) * y;
    }

    @Override
    public double grad(double x, double gy) {
        double y = apply(x);
        return gy * (1d - y) * y;
    }

    /** As {@link #apply(float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float applyTail(float x) {
        return 1f / (Libm.exp(0f - x) + 1f);
    }

    /** As {@link #grad(float, float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float gradTail(float x, float gy) {
        float y = applyTail(x);
        return gy * (1f - y) * y;
    }

    @Override
    public double applyTail(double x) {
        return 1d / (Libm.exp(0d - x) + 1d);
    }

    @Override
    public double gradTail(double x, double gy) {
        double y = applyTail(x);
        return gy * (1d - y) * y;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("SigmoidVector");
    }
}
