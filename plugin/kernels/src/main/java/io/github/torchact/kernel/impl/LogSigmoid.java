package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;

/**
 * logsigmoid(x) = min(x, 0) - log1p(b) with the buffer b = exp(-|x|), as libtorch's {@code
 * log_sigmoid_forward} (min propagates NaN). Gradient, libtorch's {@code log_sigmoid_backward(gy,
 * x, b)}: {@code (m - s·(b / (1 + b)))·gy} with m = 1, s = 1 where x &lt; 0, else m = 0, s = -1.
 *
 * <p>Source: PyTorch 2.7 {@code aten/src/ATen/native/cpu/Activation.cpp} ({@code
 * _vec_log_sigmoid}, {@code log_sigmoid_backward_cpu_kernel}, vector branches).
 */
public final class LogSigmoid extends ElementwiseKernel {

    @Override
    public float apply(float x) {
        float b = AtenMath.exp(-Math.abs(x));
        return minZero(x) - AtenMath.log1p(b);
    }

    @Override
    public double apply(double x) {
        double b = AtenMath.exp(-Math.abs(x));
        return minZero(x) - AtenMath.log1p(b);
    }

    @Override
    public float grad(float x, float gy) {
        float b = AtenMath.exp(-Math.abs(x));
        boolean negative = x < 0f;
        float m = negative ? 1f : 0f;
        float s = negative ? 1f : -1f;
        return (m - s * (b / (1f + b))) * gy;
    }

    @Override
    public double grad(double x, double gy) {
        double b = AtenMath.exp(-Math.abs(x));
        boolean negative = x < 0d;
        double m = negative ? 1d : 0d;
        double s = negative ? 1d : -1d;
        return (m - s * (b / (1d + b))) * gy;
    }

    /** ATen's {@code vec::minimum(x, 0)}: NaN stays NaN; the sign of a zero cannot matter here. */
    private static float minZero(float x) {
        return x < 0f || Float.isNaN(x) ? x : 0f;
    }

    private static double minZero(double x) {
        return x < 0d || Double.isNaN(x) ? x : 0d;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("LogSigmoidVector");
    }
}
