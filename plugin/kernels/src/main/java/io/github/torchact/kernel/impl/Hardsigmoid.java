package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMinMax;

/**
 * hardsigmoid(x) = min(max(x + 3, 0), 6) / 6, computed in the dtype in that order as libtorch's
 * {@code hardsigmoid_kernel} (aten/src/ATen/native/cpu/Activation.cpp) with the NaN-propagating
 * {@code vec::maximum}/{@code vec::minimum}.
 *
 * <p>Gradient ({@code hardsigmoid_backward_kernel}): gy · (1/6) where -3 &lt; x &lt; 3, else +0. The
 * constant is {@code 1.0f / 6.0f}, a float32 value, in both dtypes: in float64 the gradient is gy ·
 * 0.16666667163372040, not gy / 6.
 *
 * <p>Courbariaux et al., BinaryConnect, NeurIPS 2015; Howard et al., Searching for MobileNetV3, 2019.
 */
public final class Hardsigmoid extends ElementwiseKernel {

    /** libtorch's {@code 1.0f / 6.0f}, also used (widened) for float64. */
    static final float ONE_SIXTH_F = 1.0f / 6.0f;

    @Override
    public float apply(float x) {
        return AtenMinMax.minimum(AtenMinMax.maximum(x + 3f, 0f), 6f) / 6f;
    }

    @Override
    public double apply(double x) {
        return AtenMinMax.minimum(AtenMinMax.maximum(x + 3d, 0d), 6d) / 6d;
    }

    @Override
    public float grad(float x, float gy) {
        return x > -3f && x < 3f ? gy * ONE_SIXTH_F : 0f;
    }

    @Override
    public double grad(double x, double gy) {
        return x > -3d && x < 3d ? gy * (double) ONE_SIXTH_F : 0d;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("HardsigmoidVector");
    }
}
