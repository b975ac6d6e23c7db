package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMinMax;
import io.github.torchact.kernel.math.TorchVersion;

/**
 * hardswish(x) = x · min(max(x + 3, 0), 6) / 6, in the dtype and in that order ((x · clamp) / 6) as
 * libtorch's {@code hardswish_kernel} (aten/src/ATen/native/cpu/Activation.cpp). Consequences:
 * hardswish(x) = -0 for x &lt; -3 and NaN for x = -inf (-inf · 0).
 *
 * <p>Gradient ({@code hardswish_backward_kernel}): +0 where x &lt; -3, gy where x &gt; 3, else
 * gy · (x / 3 + 0.5) in the dtype; so at x = -3 it is -gy/2 and at x = 3 it is 1.5·gy (measured
 * against libtorch 2.7.1: both kinks take the middle branch). PyTorch 2.8 and later ({@link
 * TorchVersion#V2_13}) close the outer branches instead: +0 where x &lt;= -3, gy where x &gt;= 3.
 *
 * <p>Howard et al., Searching for MobileNetV3, ICCV 2019.
 */
public final class Hardswish extends ElementwiseKernel {

    private final boolean closedKinks;

    /** hardswish as the current {@link TorchVersion} computes it. */
    public Hardswish() {
        this(TorchVersion.current());
    }

    /** hardswish as {@code version} computes it. */
    public Hardswish(TorchVersion version) {
        this.closedKinks = version == TorchVersion.V2_13;
    }

    /** Whether the gradient's outer branches include x = ±3 (PyTorch 2.8 and later). */
    public boolean closedKinks() {
        return closedKinks;
    }

    @Override
    public float apply(float x) {
        return x * AtenMinMax.minimum(AtenMinMax.maximum(x + 3f, 0f), 6f) / 6f;
    }

    @Override
    public double apply(double x) {
        return x * AtenMinMax.minimum(AtenMinMax.maximum(x + 3d, 0d), 6d) / 6d;
    }

    @Override
    public float grad(float x, float gy) {
        if (closedKinks) {
            return x <= -3f ? 0f : x >= 3f ? gy : gy * (x / 3f + 0.5f);
        }
        if (x < -3f) {
            return 0f;
        }
        return x > 3f ? gy : gy * (x / 3f + 0.5f);
    }

    @Override
    public double grad(double x, double gy) {
        if (closedKinks) {
            return x <= -3d ? 0d : x >= 3d ? gy : gy * (x / 3d + 0.5d);
        }
        if (x < -3d) {
            return 0d;
        }
        return x > 3d ? gy : gy * (x / 3d + 0.5d);
    }

    /** {@code hardswish_backward}'s scalar loop (libtorch's scalar loop for a run's tail): its if/else chain gives gy for NaN. */
    @Override
    public float gradTail(float x, float gy) {
        return x < -3f ? 0f : x <= 3f ? gy * (x / 3f + 0.5f) : gy;
    }

    @Override
    public double gradTail(double x, double gy) {
        return x < -3d ? 0d : x <= 3d ? gy * (x / 3d + 0.5d) : gy;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("HardswishVector");
    }
}
