package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Threshold;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Threshold}: {@code x ≤ threshold ? value : x}
 * (NaN passes through; -0 against a threshold of 0 gives value); gradient {@code x ≤ threshold ? +0 :
 * gy}. Both scalars rounded to the dtype as the scalar kernel does.
 */
final class ThresholdVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private final float thresholdF;
    private final float valueF;
    private final double thresholdD;
    private final double valueD;

    ThresholdVector(Threshold kernel) {
        this.thresholdF = (float) kernel.threshold();
        this.valueF = (float) kernel.value();
        this.thresholdD = kernel.threshold();
        this.valueD = kernel.value();
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.blend(valueF, v.compare(VectorOperators.LE, thresholdF)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            v.blend(valueD, v.compare(VectorOperators.LE, thresholdD)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector.fromArray(F, gy, gyOff + i).blend(0f, v.compare(VectorOperators.LE, thresholdF))
                    .intoArray(gx, gxOff + i);
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector.fromArray(D, gy, gyOff + i).blend(0d, v.compare(VectorOperators.LE, thresholdD))
                    .intoArray(gx, gxOff + i);
        }
        return n;
    }
}
