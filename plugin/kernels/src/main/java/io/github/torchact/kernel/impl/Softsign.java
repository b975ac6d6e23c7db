package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;

/**
 * softsign(x) = x / (1 + |x|), as PyTorch's composite {@code div(x, add(abs(x), 1))} in the dtype:
 * t = |x| + 1 rounded, then x / t rounded (so softsign(±inf) = NaN, as in torch).
 *
 * <p>Gradient as torch's autograd composes it (tools/autograd/derivatives.yaml,
 * torch/csrc/autograd/FunctionsManual.cpp): div gives gy / t to x and -gy · ((x / t) / t) to t; that
 * flows through add unchanged and through abs as · sgn(x) (sgn(±0) = sgn(NaN) = 0); the two parts are
 * summed: gx = gy / t + (-gy · ((x / t) / t)) · sgn(x).
 *
 * <p>Bergstra et al., Quadratic Polynomials Learn Better Image Features, 2009.
 */
public final class Softsign extends ElementwiseKernel {

    @Override
    public float apply(float x) {
        return x / (Math.abs(x) + 1f);
    }

    @Override
    public double apply(double x) {
        return x / (Math.abs(x) + 1d);
    }

    @Override
    public float grad(float x, float gy) {
        float t = Math.abs(x) + 1f;
        float viaAbs = (-gy * ((x / t) / t)) * sgn(x);
        return gy / t + viaAbs;
    }

    @Override
    public double grad(double x, double gy) {
        double t = Math.abs(x) + 1d;
        double viaAbs = (-gy * ((x / t) / t)) * sgn(x);
        return gy / t + viaAbs;
    }

    /** libtorch's real {@code sgn}/{@code sign}: (0 &lt; x) - (x &lt; 0), so +0 for ±0 and NaN. */
    private static float sgn(float x) {
        return (0f < x ? 1f : 0f) - (x < 0f ? 1f : 0f);
    }

    private static double sgn(double x) {
        return (0d < x ? 1d : 0d) - (x < 0d ? 1d : 0d);
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("SoftsignVector");
    }
}
