package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.GeluTanh}, float32, staged over {@link Blocks}:
 * the inner argument {@code β·fma(κ, (x·x)·x, x)}, {@link TanhF} in place, then {@code (0.5·x)·(1 + t)}
 * forward or {@code gy·(0.5·(1 + t) + ((0.5·x)·fma(−t, t, 1))·(β·fma(3κ, x·x, 1)))} backward, with the
 * scalar kernel's fma placements and its float constants (β = √2·(2/√π)·0.5 and κ = 0.044715 rounded
 * from double). Float64 runs the scalar loops.
 */
final class GeluTanhVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private static final float BETA = (float) (1.41421356237309504880 * 1.12837916709551257390 * 0.5);
    private static final float KAPPA = (float) 0.044715;

    @Override
    public int cost() {
        return 6;
    }

    /** t[0, m) = β·fma(κ, x³, x) for x[xOff, xOff + m). */
    private static void inner(float[] x, int xOff, float[] t, int m) {
        FloatVector kappa = FloatVector.broadcast(F, KAPPA);
        for (int i = 0; i < m; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            kappa.fma(v.mul(v).mul(v), v).mul(BETA).intoArray(t, i);
        }
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            inner(x, xOff + b, t, m);
            TanhF.tanh(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                v.mul(0.5f).mul(FloatVector.fromArray(F, t, i).add(1f)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        return 0;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector kappa3 = FloatVector.broadcast(F, 3f * KAPPA);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            inner(x, xOff + b, t, m);
            TanhF.tanh(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                FloatVector th = FloatVector.fromArray(F, t, i);
                FloatVector left = v.mul(0.5f);
                FloatVector leftDerivative = th.add(1f).mul(0.5f);
                FloatVector tanhDerivative = th.neg().fma(th, one);
                FloatVector innerDerivative = kappa3.fma(v.mul(v), one).mul(BETA);
                FloatVector g = FloatVector.fromArray(F, gy, gyOff + b + i);
                g.mul(leftDerivative.add(left.mul(tanhDerivative).mul(innerDerivative))).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        return 0;
    }
}
