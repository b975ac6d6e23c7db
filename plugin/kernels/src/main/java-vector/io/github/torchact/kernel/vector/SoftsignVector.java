package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Softsign;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Softsign}: {@code x / (|x| + 1)}; gradient
 * {@code gy / t + (−gy · ((x / t) / t)) · sgn(x)} with {@code t = |x| + 1} and {@code sgn} libtorch's
 * {@code (0 < x) − (x < 0)} (+0 for ±0 and NaN) as two blends into +0.
 */
final class SoftsignVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** The form of {@code kernel}, which has no parameters. */
    SoftsignVector(Softsign kernel) {}

    @Override
    public int cost() {
        return 2;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector out = v.div(v.abs().add(1f));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector out = v.div(v.abs().add(1d));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector g = FloatVector.fromArray(F, gy, gyOff + i);
            FloatVector t = v.abs().add(1f);
            FloatVector sgn = zero.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
            FloatVector viaAbs = g.neg().mul(v.div(t).div(t)).mul(sgn);
            FloatVector out = g.div(t).add(viaAbs);
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        DoubleVector zero = DoubleVector.zero(D);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector g = DoubleVector.fromArray(D, gy, gyOff + i);
            DoubleVector t = v.abs().add(1d);
            DoubleVector sgn = zero.blend(1d, v.compare(VectorOperators.GT, 0d)).blend(-1d, v.compare(VectorOperators.LT, 0d));
            DoubleVector viaAbs = g.neg().mul(v.div(t).div(t)).mul(sgn);
            DoubleVector out = g.div(t).add(viaAbs);
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }
}
