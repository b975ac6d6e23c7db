package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Softplus;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Softplus}, float32 and float64 (on {@link ExpD} and {@link Log1pD}), forward
 * and backward. Forward: {@code bx = x·beta}; {@code x} where {@code bx > threshold}, else {@code
 * log1p(exp(bx)) / beta} (no division when beta is 1, where {@code v / 1 == v} bit for bit), in three
 * passes over a {@link Blocks} block: argument and {@link ExpF#exp(FloatVector)} fused, {@link Log1pF}
 * over the block, select. Backward, one fused pass: {@code gy} where {@code bx > threshold}, else
 * {@code (gy·z) / (z + 1)} with {@code z = exp(bx)}. beta and threshold are the kernel's own, rounded
 * to each dtype.
 *
 * <p>Log1p stays a block stage: C2 stops inlining non-JDK methods once a compilation has made 18,000
 * IR nodes (NodeCountInliningCutoff, fixed in product builds); one lane-wise exp takes about 15,000,
 * so a second lane-wise helper after it is called, not inlined, and its vectors are boxed.
 *
 * <p>The forward passes 0 to exp instead of {@code bx} where {@code bx > threshold}: those lanes take
 * {@code x} in the final select whatever exp and log1p give, so the change cannot show; it keeps
 * exp's +inf away from log1p's slow {@code ln} lanes for large x. NaN {@code bx} is not {@code >
 * threshold} and goes through exp and log1p as in the scalar kernel. Every store writes NaN lanes as
 * the canonical NaN ({@link CanonicalStores}).
 */
final class SoftplusVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private final float beta;
    private final float threshold;
    private final double betaD;
    private final double thresholdD;

    SoftplusVector(Softplus kernel) {
        this.beta = kernel.betaFloat();
        this.threshold = kernel.thresholdFloat();
        this.betaD = kernel.betaDouble();
        this.thresholdD = kernel.thresholdDouble();
    }

    @Override
    public int cost() {
        return 8;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        boolean unitBeta = beta == 1f;
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector bx = FloatVector.fromArray(F, x, xOff + b + i).mul(beta);
                ExpF.exp(bx.blend(0f, bx.compare(VectorOperators.GT, threshold))).intoArray(t, i);
            }
            Log1pF.log1p(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + b + i);
                VectorMask<Float> linear = xv.mul(beta).compare(VectorOperators.GT, threshold);
                FloatVector soft = FloatVector.fromArray(F, t, i);
                FloatVector out = (unitBeta ? soft : soft.div(beta)).blend(xv, linear);
                out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        double[] t = Blocks.f64()[0];
        boolean unitBeta = betaD == 1.0;
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector bx = DoubleVector.fromArray(D, x, xOff + b + i).mul(betaD);
                ExpD.exp(bx.blend(0.0, bx.compare(VectorOperators.GT, thresholdD))).intoArray(t, i);
            }
            Log1pD.log1p(t, 0, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector xv = DoubleVector.fromArray(D, x, xOff + b + i);
                VectorMask<Double> linear = xv.mul(betaD).compare(VectorOperators.GT, thresholdD);
                DoubleVector soft = DoubleVector.fromArray(D, t, i);
                DoubleVector out = (unitBeta ? soft : soft.div(betaD)).blend(xv, linear);
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector bx = FloatVector.fromArray(F, x, xOff + i).mul(beta);
            FloatVector g = FloatVector.fromArray(F, gy, gyOff + i);
            FloatVector z = ExpF.exp(bx);
            FloatVector out = g.mul(z).div(z.add(one)).blend(g, bx.compare(VectorOperators.GT, threshold));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector bx = DoubleVector.fromArray(D, x, xOff + i).mul(betaD);
            DoubleVector g = DoubleVector.fromArray(D, gy, gyOff + i);
            DoubleVector z = ExpD.exp(bx);
            DoubleVector out = g.mul(z).div(z.add(one)).blend(g, bx.compare(VectorOperators.GT, thresholdD));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }
}
