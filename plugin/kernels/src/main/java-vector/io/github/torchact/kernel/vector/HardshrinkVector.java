package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Hardshrink;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Hardshrink}: {@code -lambd ≤ x ≤ lambd ? +0 :
 * x} (so -0 and ±lambd give +0, NaN passes through); gradient {@link ShrinkGradient}.
 */
final class HardshrinkVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private final float lambdF;
    private final double lambdD;

    HardshrinkVector(Hardshrink kernel) {
        this.lambdF = (float) kernel.lambd();
        this.lambdD = kernel.lambd();
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.blend(0f, v.compare(VectorOperators.GE, -lambdF).and(v.compare(VectorOperators.LE, lambdF)))
                    .intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            v.blend(0d, v.compare(VectorOperators.GE, -lambdD).and(v.compare(VectorOperators.LE, lambdD)))
                    .intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        return ShrinkGradient.backward(lambdF, x, xOff, gy, gyOff, gx, gxOff, len);
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        return ShrinkGradient.backward(lambdD, x, xOff, gy, gyOff, gx, gxOff, len);
    }
}
