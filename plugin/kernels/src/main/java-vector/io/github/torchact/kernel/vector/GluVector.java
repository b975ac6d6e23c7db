package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Glu}, float32, over a contiguous stretch of
 * the two halves a and b, staged over {@link Blocks}: argument, {@link ExpF}, combine. Forward
 * {@code a · (1 / (1 + exp(-b)))}; gradient with {@code s = 1 / (1 + exp(0 - b))}: {@code gb = (1 -
 * s) · s · a · g} and {@code ga = s · g}, multiplied left to right as the scalar kernel does.
 */
final class GluVector {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private GluVector() {}

    static int forward(float[] x, int aOff, int bOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector.fromArray(F, x, bOff + b + i).neg().intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector a = FloatVector.fromArray(F, x, aOff + b + i);
                a.mul(one.div(one.add(FloatVector.fromArray(F, t, i)))).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    static int backward(float[] x, int aOff, int bOff, float[] gy, int gyOff, float[] gx, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                zero.sub(FloatVector.fromArray(F, x, bOff + b + i)).intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector a = FloatVector.fromArray(F, x, aOff + b + i);
                FloatVector g = FloatVector.fromArray(F, gy, gyOff + b + i);
                FloatVector s = one.div(one.add(FloatVector.fromArray(F, t, i)));
                one.sub(s).mul(s).mul(a).mul(g).intoArray(gx, bOff + b + i);
                s.mul(g).intoArray(gx, aOff + b + i);
            }
        }
        return n;
    }
}
