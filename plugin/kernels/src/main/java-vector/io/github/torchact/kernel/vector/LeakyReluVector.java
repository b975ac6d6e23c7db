package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.LeakyRelu;
import io.github.torchact.kernel.impl.RRelu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link LeakyRelu}: {@code x > 0 ? x : x · slope}
 * with the slope in the dtype (float32 product for f32); gradient {@code x > 0 ? gy : gy · slope}.
 */
final class LeakyReluVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private final float slopeF;
    private final double slopeD;

    LeakyReluVector(LeakyRelu kernel) {
        this.slopeF = kernel.negativeSlopeFloat();
        this.slopeD = kernel.negativeSlopeDouble();
    }

    /** rrelu in evaluation mode, a leaky_relu. */
    LeakyReluVector(RRelu kernel) {
        this(kernel.evaluationMode());
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.mul(slopeF).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            v.mul(slopeD).blend(v, v.compare(VectorOperators.GT, 0d)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector g = FloatVector.fromArray(F, gy, gyOff + i);
            g.mul(slopeF).blend(g, v.compare(VectorOperators.GT, 0f)).intoArray(gx, gxOff + i);
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector g = DoubleVector.fromArray(D, gy, gyOff + i);
            g.mul(slopeD).blend(g, v.compare(VectorOperators.GT, 0d)).intoArray(gx, gxOff + i);
        }
        return n;
    }
}
