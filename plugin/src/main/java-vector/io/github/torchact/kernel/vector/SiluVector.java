package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Silu}, float32 forward only: {@code x / (1 +
 * exp(−x))} with {@link SleefExpVector#exp}. Float64 and the gradient run the scalar loops.
 */
final class SiluVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Override
    public int cost() {
        return 4;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.div(one.add(SleefExpVector.exp(v.neg()))).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        return 0;
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
