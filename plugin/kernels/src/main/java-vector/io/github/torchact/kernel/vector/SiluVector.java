package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Silu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Silu}: {@code x / (1 + exp(−x))},
 * argument, {@link ExpF#exp(FloatVector)} and quotient fused into one pass; gradient {@code (gy · s) ·
 * fma(x, 1 − s, 1)} with {@code s = 1 / (1 + exp(−x))}, likewise one pass. Float64 likewise on {@link ExpD}.
 * Every store writes NaN lanes as the canonical NaN ({@link CanonicalStores}).
 */
final class SiluVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** The form of {@code kernel}, which has no parameters. */
    SiluVector(Silu kernel) {}

    @Override
    public int cost() {
        return 4;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector out = v.div(one.add(ExpF.exp(v.neg())));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        DoubleVector one = DoubleVector.broadcast(D, 1d);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector out = v.div(one.add(ExpD.exp(v.neg())));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    /** {@code s = 1 / (1 + exp(−x))}, then {@code (gy · s) · fma(x, 1 − s, 1)}. */
    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector s = one.div(one.add(ExpF.exp(v.neg())));
            FloatVector out = FloatVector.fromArray(F, gy, gyOff + i).mul(s).mul(v.fma(one.sub(s), one));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        DoubleVector one = DoubleVector.broadcast(D, 1d);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector s = one.div(one.add(ExpD.exp(v.neg())));
            DoubleVector out = DoubleVector.fromArray(D, gy, gyOff + i).mul(s).mul(v.fma(one.sub(s), one));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }
}
