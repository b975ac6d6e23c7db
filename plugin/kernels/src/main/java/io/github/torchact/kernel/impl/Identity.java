package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;

/**
 * identity(x) = x; gradient gy (every bit, NaN payloads and -0 included, on both paths: {@link
 * #canonicalNaN}), as {@code torch.nn.Identity}.
 */
public final class Identity extends ElementwiseKernel {

    @Override
    public float apply(float x) {
        return x;
    }

    @Override
    public double apply(double x) {
        return x;
    }

    @Override
    public float grad(float x, float gy) {
        return gy;
    }

    @Override
    public double grad(double x, double gy) {
        return gy;
    }

    /** Piecewise linear: NaNs pass through, identically on both paths ({@link ElementwiseKernel#canonicalNaN}). */
    @Override
    public boolean canonicalNaN() {
        return false;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("IdentityVector");
    }
}
