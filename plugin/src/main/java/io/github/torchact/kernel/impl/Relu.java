package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;

/**
 * relu(x) = max(x, 0) as libtorch's {@code clamp_min(x, 0)}: -0 stays -0, NaN stays NaN. The
 * gradient is libtorch's {@code threshold_backward(gy, relu(x), 0)}: 0 where relu(x) ≤ 0 (so 0 at
 * x = 0), gy elsewhere (NaN inputs pass gy through).
 */
public final class Relu extends ElementwiseKernel {

    @Override
    public float apply(float x) {
        return x < 0f ? 0f : x;
    }

    @Override
    public double apply(double x) {
        return x < 0d ? 0d : x;
    }

    @Override
    public float grad(float x, float gy) {
        return apply(x) <= 0f ? 0f : gy;
    }

    @Override
    public double grad(double x, double gy) {
        return apply(x) <= 0d ? 0d : gy;
    }
}
