package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.math.OneDnnGelu;

import io.github.torchact.kernel.impl.Gelu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Gelu} (erf form). Float32 is oneDNN's GELU
 * ({@link OneDnnGeluF}: the minimax forward where {@link OneDnnGelu#AVX512}, else A&amp;S; A&amp;S
 * derivative). Float64 is ATen's kernel, staged over {@link Blocks}: {@code x·α} with α = 1/√2,
 * {@link ErfD} into a second block, {@code (x·0.5)·(1 + erf)}; backward also stages {@code
 * (x·x)·(−0.5)} through {@link ExpD} and combines {@code gy·(0.5·(1 + erf) + x·(β·e))}, β = 2/√π ·
 * 1/√2 · 0.5. Every store (OneDnnGeluF's included) writes NaN lanes as the canonical NaN ({@link
 * CanonicalStores}).
 */
final class GeluVector implements CanonicalStores {

    /** PyTorch 2.13's float64 gradient: {@code gy·fma(x, pdf, cdf)} (2.7: {@code gy·(cdf + x·pdf)}). */
    private final boolean fusedGrad;

    GeluVector(Gelu kernel) {
        this.fusedGrad = kernel.fusedGrad();
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static final double ALPHA_D = 0.70710678118654752440;
    private static final double BETA_D = 1.12837916709551257390 * 0.70710678118654752440 * 0.5;

    @Override
    public int cost() {
        return 6;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        if (OneDnnGelu.AVX512) {
            for (int b = 0; b < n; b += Blocks.SIZE) {
                OneDnnGeluF.forwardMinimax(x, xOff + b, y, yOff + b, Math.min(Blocks.SIZE, n - b));
            }
            return n;
        }
        return OneDnnGeluF.forwardAbramowitzStegun(x, xOff, y, yOff, n);
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
                DoubleVector out = v.mul(0.5d).mul(DoubleVector.fromArray(D, erf, i).add(1d));
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
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
        return OneDnnGeluF.backward(x, xOff, gy, gyOff, gx, gxOff, n);
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
                DoubleVector sum = fusedGrad ? v.fma(pdf, cdf) : cdf.add(v.mul(pdf));
                DoubleVector out = DoubleVector.fromArray(D, gy, gyOff + b + i).mul(sum);
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }
}
