package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Hardswish;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Hardswish}: {@code x · minimum(maximum(x + 3,
 * 0), 6) / 6} with libtorch's NaN-propagating maximum/minimum as ordered compares ({@code s <= 0 ? +0 :
 * s}, {@code m >= 6 ? 6 : m}: false for NaN, so NaN lanes keep their value, and -0 gives +0);
 * gradient {@code x < -3 ? 0 : x > 3 ? gy : gy · (x / 3 + 0.5)}, or with closed kinks (PyTorch 2.8
 * and later) {@code x <= -3 ? 0 : x >= 3 ? gy : ...}.
 */
final class HardswishVector implements CanonicalStores {

    // a boolean rather than the comparison itself: the Vector API compiles a compare only when its operator is a
    // constant (with the operator in a field every compare ran as Java code on boxed vectors, 28 bytes per element)
    private final boolean closedKinks;

    HardswishVector(Hardswish kernel) {
        this.closedKinks = kernel.closedKinks();
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    static FloatVector hardswish(FloatVector x) {
        FloatVector s = x.add(3f);
        FloatVector m = s.blend(0f, s.compare(VectorOperators.LE, 0f));
        FloatVector c = m.blend(6f, m.compare(VectorOperators.GE, 6f));
        return x.mul(c).div(6f);
    }

    static DoubleVector hardswish(DoubleVector x) {
        DoubleVector s = x.add(3d);
        DoubleVector m = s.blend(0d, s.compare(VectorOperators.LE, 0d));
        DoubleVector c = m.blend(6d, m.compare(VectorOperators.GE, 6d));
        return x.mul(c).div(6d);
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector out = hardswish(FloatVector.fromArray(F, x, xOff + i));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector out = hardswish(DoubleVector.fromArray(D, x, xOff + i));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector g = FloatVector.fromArray(F, gy, gyOff + i);
            FloatVector out = g.mul(v.div(3f).add(0.5f))
                    .blend(g, closedKinks ? v.compare(VectorOperators.GE, 3f) : v.compare(VectorOperators.GT, 3f))
                    .blend(0f, closedKinks ? v.compare(VectorOperators.LE, -3f) : v.compare(VectorOperators.LT, -3f));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector g = DoubleVector.fromArray(D, gy, gyOff + i);
            DoubleVector out = g.mul(v.div(3d).add(0.5d))
                    .blend(g, closedKinks ? v.compare(VectorOperators.GE, 3d) : v.compare(VectorOperators.GT, 3d))
                    .blend(0d, closedKinks ? v.compare(VectorOperators.LE, -3d) : v.compare(VectorOperators.LT, -3d));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }
}
