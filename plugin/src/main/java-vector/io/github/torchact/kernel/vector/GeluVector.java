package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Gelu} (erf form), float32, staged over {@link
 * Blocks}: {@code x·α} with α = (float) 1/√2, {@link ErfF} into a second block, then {@code (x·(1 +
 * erf))·0.5} (NaN where x is ±inf, as the scalar kernel) forward; backward also stages {@code
 * (x·x)·(−0.5)} through {@link ExpF} and combines {@code gy·(0.5·(1 + erf) + x·(β·e))}, β = (float)
 * (2/√π · 1/√2 · 0.5). Float64 likewise with {@link ErfD} and {@link ExpD} and the double constants
 * ({@code (x·0.5)·(1 + erf)} forward, no infinity select: the scalar float64 kernel has none).
 */
final class GeluVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static final double ALPHA_D = 0.70710678118654752440;
    private static final double BETA_D = 1.12837916709551257390 * 0.70710678118654752440 * 0.5;
    private static final float ALPHA = (float) ALPHA_D;
    private static final float BETA = (float) BETA_D;

    @Override
    public int cost() {
        return 6;
    }

    /** erf[0, m) = erf(x·α) for x[xOff, xOff + m), through the scratch block a. */
    private static void erfOfScaled(float[] x, int xOff, float[] a, float[] erf, int m) {
        for (int i = 0; i < m; i += F.length()) {
            FloatVector.fromArray(F, x, xOff + i).mul(ALPHA).intoArray(a, i);
        }
        ErfF.erf(a, 0, erf, 0, m);
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[][] blocks = Blocks.f32();
        float[] a = blocks[0];
        float[] erf = blocks[1];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            erfOfScaled(x, xOff + b, a, erf, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                v.mul(FloatVector.fromArray(F, erf, i).add(1f)).mul(0.5f)
                        .blend(Float.NaN, v.test(VectorOperators.IS_INFINITE))
                        .intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        double[][] blocks = Blocks.f64();
        double[] erf = blocks[1];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            erfOfScaled(x, xOff + b, blocks, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, x, xOff + b + i);
                v.mul(0.5d).mul(DoubleVector.fromArray(D, erf, i).add(1d)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    /** blocks[1][0, m) = erf(x·α) for x[xOff, xOff + m), float64; blocks 0 and 2 are scratch. */
    private static void erfOfScaled(double[] x, int xOff, double[][] blocks, int m) {
        double[] a = blocks[0];
        for (int i = 0; i < m; i += D.length()) {
            DoubleVector.fromArray(D, x, xOff + i).mul(ALPHA_D).intoArray(a, i);
        }
        ErfD.erf(a, 0, blocks[1], 0, blocks[2], m);
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        float[][] blocks = Blocks.f32();
        float[] a = blocks[0];
        float[] erf = blocks[1];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            erfOfScaled(x, xOff + b, a, erf, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                v.mul(v).mul(-0.5f).intoArray(a, i);
            }
            ExpF.exp(a, 0, a, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                FloatVector cdf = FloatVector.fromArray(F, erf, i).add(1f).mul(0.5f);
                FloatVector pdf = FloatVector.fromArray(F, a, i).mul(BETA);
                FloatVector.fromArray(F, gy, gyOff + b + i).mul(cdf.add(v.mul(pdf))).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        double[][] blocks = Blocks.f64();
        double[] erf = blocks[1];
        double[] e = blocks[0];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            erfOfScaled(x, xOff + b, blocks, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, x, xOff + b + i);
                v.mul(v).mul(-0.5d).intoArray(e, i);
            }
            ExpD.exp(e, 0, e, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, x, xOff + b + i);
                DoubleVector cdf = DoubleVector.fromArray(D, erf, i).add(1d).mul(0.5d);
                DoubleVector pdf = DoubleVector.fromArray(D, e, i).mul(BETA_D);
                DoubleVector.fromArray(D, gy, gyOff + b + i).mul(cdf.add(v.mul(pdf))).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }
}
