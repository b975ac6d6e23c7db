package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Hardsigmoid;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Hardsigmoid}: {@code minimum(maximum(x + 3, 0),
 * 6) / 6} with libtorch's NaN-propagating maximum/minimum as compare+blend: {@code maximum(s, 0)} is
 * {@code s <= 0 ? +0 : s} (an ordered compare, so NaN lanes keep s, and -0 gives +0 as {@code s > 0 ?
 * s : 0} does), {@code minimum(m, 6)} is {@code m >= 6 ? 6 : m}. (Written as {@code !(s > 0 ||
 * isNaN(s))} it runs about 2.5× slower on JDK 25.) Gradient {@code -3 < x < 3 ? gy · (1.0f / 6.0f) : 0}, the float32 constant
 * widened in float64 as the scalar kernel does.
 */
final class HardsigmoidVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final float ONE_SIXTH_F = 1.0f / 6.0f;

    /** The form of {@code kernel}, which has no parameters. */
    HardsigmoidVector(Hardsigmoid kernel) {}

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector s = FloatVector.fromArray(F, x, xOff + i).add(3f);
            FloatVector m = s.blend(0f, s.compare(VectorOperators.LE, 0f));
            FloatVector out = m.blend(6f, m.compare(VectorOperators.GE, 6f)).div(6f);
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector s = DoubleVector.fromArray(D, x, xOff + i).add(3d);
            DoubleVector m = s.blend(0d, s.compare(VectorOperators.LE, 0d));
            DoubleVector out = m.blend(6d, m.compare(VectorOperators.GE, 6d)).div(6d);
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
            FloatVector g = FloatVector.fromArray(F, gy, gyOff + i).mul(ONE_SIXTH_F);
            FloatVector out = zero.blend(g, v.compare(VectorOperators.GT, -3f).and(v.compare(VectorOperators.LT, 3f)));
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
            DoubleVector g = DoubleVector.fromArray(D, gy, gyOff + i).mul((double) ONE_SIXTH_F);
            DoubleVector out = zero.blend(g, v.compare(VectorOperators.GT, -3d).and(v.compare(VectorOperators.LT, 3d)));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }
}
