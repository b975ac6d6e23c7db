package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Hardtanh;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Hardtanh} (and relu6): {@code t = min > x ? min
 * : x; max < t ? max : t} as two compare+blends (NaN passes through, -0 stays); gradient {@code min <
 * x < max ? gy : 0}.
 */
final class HardtanhVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private final float minF;
    private final float maxF;
    private final double minD;
    private final double maxD;

    HardtanhVector(Hardtanh kernel) {
        this.minF = kernel.minValFloat();
        this.maxF = kernel.maxValFloat();
        this.minD = kernel.minValDouble();
        this.maxD = kernel.maxValDouble();
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector t = v.blend(minF, v.compare(VectorOperators.LT, minF));
            t.blend(maxF, t.compare(VectorOperators.GT, maxF)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector t = v.blend(minD, v.compare(VectorOperators.LT, minD));
            t.blend(maxD, t.compare(VectorOperators.GT, maxD)).intoArray(y, yOff + i);
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
            zero.blend(g, v.compare(VectorOperators.GT, minF).and(v.compare(VectorOperators.LT, maxF)))
                    .intoArray(gx, gxOff + i);
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
            zero.blend(g, v.compare(VectorOperators.GT, minD).and(v.compare(VectorOperators.LT, maxD)))
                    .intoArray(gx, gxOff + i);
        }
        return n;
    }
}
