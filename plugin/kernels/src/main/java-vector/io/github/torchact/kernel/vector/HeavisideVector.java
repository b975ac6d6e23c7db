package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Heaviside;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Heaviside}: {@code x == 0 ? values : x > 0 ?
 * 1 : 0} as two ordered compares (both false for NaN, which gives 0). No backward: the kernel throws
 * before its loops run.
 */
final class HeavisideVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private final float valuesF;
    private final double valuesD;

    HeavisideVector(Heaviside kernel) {
        this.valuesF = kernel.valuesFloat();
        this.valuesD = kernel.valuesDouble();
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            zero.blend(1f, v.compare(VectorOperators.GT, 0f))
                    .blend(valuesF, v.compare(VectorOperators.EQ, 0f))
                    .intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        DoubleVector zero = DoubleVector.zero(D);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            zero.blend(1d, v.compare(VectorOperators.GT, 0d))
                    .blend(valuesD, v.compare(VectorOperators.EQ, 0d))
                    .intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        return 0;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        return 0;
    }
}
