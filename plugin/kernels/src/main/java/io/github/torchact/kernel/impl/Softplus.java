package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;
import io.github.torchact.kernel.math.Libm;

/**
 * softplus(x) = x if x·beta &gt; threshold else log1p(exp(x·beta)) / beta, with beta and threshold
 * rounded to the dtype and compared after the multiplication, as libtorch does. Gradient: with
 * z = exp(x·beta), {@code gy} if x·beta &gt; threshold else {@code (gy·z) / (z + 1)}.
 *
 * <p>Source: PyTorch 2.7 {@code aten/src/ATen/native/cpu/Activation.cpp} ({@code softplus_kernel},
 * {@code softplus_backward_kernel}, vector branches).
 */
public final class Softplus extends ElementwiseKernel {

    private final float betaF;
    private final float thresholdF;
    private final double betaD;
    private final double thresholdD;

    /** Softplus with {@code beta}, linear above {@code threshold}. */
    public Softplus(double beta, double threshold) {
        this.betaF = (float) beta;
        this.thresholdF = (float) threshold;
        this.betaD = beta;
        this.thresholdD = threshold;
    }

    /** beta rounded to float32, as the float32 kernel uses it (for the vector form). */
    public float betaFloat() {
        return betaF;
    }

    /** threshold rounded to float32, as the float32 kernel compares beta·x with it (for the vector form). */
    public float thresholdFloat() {
        return thresholdF;
    }

    /** beta as the float64 kernel uses it (for the vector form). */
    public double betaDouble() {
        return betaD;
    }

    /** threshold as the float64 kernel compares beta·x with it (for the vector form). */
    public double thresholdDouble() {
        return thresholdD;
    }

    @Override
    public float apply(float x) {
        float bx = x * betaF;
        return bx > thresholdF ? x : AtenMath.log1p(AtenMath.exp(bx)) / betaF;
    }

    @Override
    public double apply(double x) {
        double bx = x * betaD;
        return bx > thresholdD ? x : AtenMath.log1p(AtenMath.exp(bx)) / betaD;
    }

    @Override
    public float grad(float x, float gy) {
        float bx = x * betaF;
        if (bx > thresholdF) {
            return gy;
        }
        float z = AtenMath.exp(bx);
        return gy * z / (z + 1f);
    }

    @Override
    public double grad(double x, double gy) {
        double bx = x * betaD;
        if (bx > thresholdD) {
            return gy;
        }
        double z = AtenMath.exp(bx);
        return gy * z / (z + 1d);
    }

    /** As {@link #apply(float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float applyTail(float x) {
        float bx = x * betaF;
        return bx > thresholdF ? x : Libm.log1p(Libm.exp(bx)) / betaF;
    }

    /** As {@link #grad(float, float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float gradTail(float x, float gy) {
        float bx = x * betaF;
        if (bx > thresholdF) {
            return gy;
        }
        float z = Libm.exp(bx);
        return gy * z / (z + 1f);
    }

    @Override
    public double applyTail(double x) {
        double bx = x * betaD;
        return bx > thresholdD ? x : Libm.log1p(Libm.exp(bx)) / betaD;
    }

    @Override
    public double gradTail(double x, double gy) {
        double bx = x * betaD;
        if (bx > thresholdD) {
            return gy;
        }
        double z = Libm.exp(bx);
        return gy * z / (z + 1d);
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("SoftplusVector");
    }
}
