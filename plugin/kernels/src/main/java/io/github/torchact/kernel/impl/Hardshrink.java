package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;

/**
 * hardshrink(x) = x if |x| &gt; lambd else 0, as libtorch's {@code hardshrink_kernel}
 * (aten/src/ATen/native/cpu/Activation.cpp): +0 where -lambd ≤ x ≤ lambd (so hardshrink(-0) = +0
 * and ±lambd map to +0), x elsewhere (NaN propagates). lambd is rounded to the dtype first.
 *
 * <p>Gradient ({@code shrink_backward_kernel}): gy where x &lt; -lambd or x &gt; lambd, else +0
 * (NaN inputs get 0).
 */
public final class Hardshrink extends ElementwiseKernel {

    private final float lambdF;
    private final double lambdD;

    /** Hardshrink with threshold {@code lambd}. */
    public Hardshrink(double lambd) {
        if (!(lambd >= 0)) {
            throw new IllegalArgumentException("hardshrink: lambd must be greater or equal to 0, got " + lambd);
        }
        this.lambdF = (float) lambd;
        this.lambdD = lambd;
    }

    /** lambd as given (the float32 loops use it rounded to float32). */
    public double lambd() {
        return lambdD;
    }

    @Override
    public float apply(float x) {
        return x >= -lambdF && x <= lambdF ? 0f : x;
    }

    @Override
    public double apply(double x) {
        return x >= -lambdD && x <= lambdD ? 0d : x;
    }

    @Override
    public float grad(float x, float gy) {
        return x < -lambdF || x > lambdF ? gy : 0f;
    }

    @Override
    public double grad(double x, double gy) {
        return x < -lambdD || x > lambdD ? gy : 0d;
    }

    /** Piecewise linear: NaNs pass through, identically on both paths ({@link ElementwiseKernel#canonicalNaN}). */
    @Override
    public boolean canonicalNaN() {
        return false;
    }

    /** {@code shrink_backward}'s scalar loop (libtorch's scalar loop for a run's tail): 0 where -lambd &lt;= x &lt;= lambd, else gy (so gy for NaN). */
    @Override
    public float gradTail(float x, float gy) {
        return x >= -lambdF && x <= lambdF ? 0f : gy;
    }

    @Override
    public double gradTail(double x, double gy) {
        return x >= -lambdD && x <= lambdD ? 0d : gy;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("HardshrinkVector");
    }
}
