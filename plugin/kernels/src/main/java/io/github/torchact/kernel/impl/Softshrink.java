package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;

/**
 * softshrink(x) = x - lambd if x &gt; lambd, x + lambd if x &lt; -lambd, else 0, as libtorch's
 * vectorised {@code softshrink_kernel} (aten/src/ATen/native/cpu/Activation.cpp): the middle band
 * -lambd ≤ x ≤ lambd, including ±lambd exactly and -0, gives +0; NaN propagates. lambd is rounded to
 * the dtype first and the subtraction is done in the dtype.
 *
 * <p>Gradient ({@code shrink_backward_kernel}): gy where x &lt; -lambd or x &gt; lambd, else +0.
 */
public final class Softshrink extends ElementwiseKernel {

    private final float lambdF;
    private final double lambdD;

    /** Softshrink with threshold {@code lambd}. */
    public Softshrink(double lambd) {
        if (!(lambd >= 0)) {
            throw new IllegalArgumentException("softshrink: lambd must be greater or equal to 0, got " + lambd);
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
        if (x > lambdF) {
            return x - lambdF;
        }
        if (x < -lambdF) {
            return x + lambdF;
        }
        return x != x ? x : 0f;
    }

    @Override
    public double apply(double x) {
        if (x > lambdD) {
            return x - lambdD;
        }
        if (x < -lambdD) {
            return x + lambdD;
        }
        return x != x ? x : 0d;
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

    /** The scalar loop (libtorch's scalar loop for a run's tail): {@code x * 0} inside [-lambd, lambd], a zero with x's sign. */
    @Override
    public float applyTail(float x) {
        return x > lambdF ? x - lambdF : x < -lambdF ? x + lambdF : x * 0f;
    }

    @Override
    public double applyTail(double x) {
        return x > lambdD ? x - lambdD : x < -lambdD ? x + lambdD : x * 0d;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("SoftshrinkVector");
    }
}
