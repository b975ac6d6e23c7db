package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Relu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Relu}: {@code x < 0 ? 0 : x} as a compare and
 * blend (-0 and NaN pass through as in the scalar kernel); gradient {@code relu(x) <= 0 ? 0 : gy}.
 */
final class ReluVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** The form of {@code kernel}, which has no parameters. */
    ReluVector(Relu kernel) {}

    static FloatVector relu(FloatVector x) {
        return x.blend(0f, x.compare(VectorOperators.LT, 0f));
    }

    static DoubleVector relu(DoubleVector x) {
        return x.blend(0d, x.compare(VectorOperators.LT, 0d));
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            relu(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            relu(DoubleVector.fromArray(D, x, xOff + i)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector r = relu(FloatVector.fromArray(F, x, xOff + i));
            FloatVector g = FloatVector.fromArray(F, gy, gyOff + i);
            g.blend(0f, r.compare(VectorOperators.LE, 0f)).intoArray(gx, gxOff + i);
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector r = relu(DoubleVector.fromArray(D, x, xOff + i));
            DoubleVector g = DoubleVector.fromArray(D, gy, gyOff + i);
            g.blend(0d, r.compare(VectorOperators.LE, 0d)).intoArray(gx, gxOff + i);
        }
        return n;
    }
}
