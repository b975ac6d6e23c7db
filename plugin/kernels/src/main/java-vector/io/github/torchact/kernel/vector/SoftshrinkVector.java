package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Softshrink;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Softshrink}: {@code x > lambd ? x − lambd : x <
 * -lambd ? x + lambd : (NaN ? x : +0)} as three blends applied from the last case to the first
 * (the cases are disjoint); gradient {@link ShrinkGradient}.
 */
final class SoftshrinkVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private final float lambdF;
    private final double lambdD;

    SoftshrinkVector(Softshrink kernel) {
        this.lambdF = (float) kernel.lambd();
        this.lambdD = kernel.lambd();
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            zero.blend(v, v.test(VectorOperators.IS_NAN))
                    .blend(v.add(lambdF), v.compare(VectorOperators.LT, -lambdF))
                    .blend(v.sub(lambdF), v.compare(VectorOperators.GT, lambdF))
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
            zero.blend(v, v.test(VectorOperators.IS_NAN))
                    .blend(v.add(lambdD), v.compare(VectorOperators.LT, -lambdD))
                    .blend(v.sub(lambdD), v.compare(VectorOperators.GT, lambdD))
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
