package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;

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
}
