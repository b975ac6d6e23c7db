package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * libtorch's {@code shrink_backward_kernel}, shared by hardshrink and softshrink: {@code x < -lambd ||
 * x > lambd ? gy : +0} (NaN inputs get +0).
 */
final class ShrinkGradient {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private ShrinkGradient() {}

    static int backward(float lambd, float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector g = FloatVector.fromArray(F, gy, gyOff + i);
            zero.blend(g, v.compare(VectorOperators.LT, -lambd).or(v.compare(VectorOperators.GT, lambd)))
                    .intoArray(gx, gxOff + i);
        }
        return n;
    }

    static int backward(double lambd, double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        DoubleVector zero = DoubleVector.zero(D);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector g = DoubleVector.fromArray(D, gy, gyOff + i);
            zero.blend(g, v.compare(VectorOperators.LT, -lambd).or(v.compare(VectorOperators.GT, lambd)))
                    .intoArray(gx, gxOff + i);
        }
        return n;
    }
}
