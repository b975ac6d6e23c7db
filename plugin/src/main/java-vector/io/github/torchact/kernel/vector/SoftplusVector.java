package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Softplus}, float32 forward and backward,
 * staged over {@link Blocks}. Forward: {@code bx = x·beta}; {@code x} where {@code bx > threshold},
 * else {@code log1p(exp(bx)) / beta} (stages: argument, {@link ExpF}, {@link Log1pF}, select).
 * Backward: {@code gy} where {@code bx > threshold}, else {@code (gy·z) / (z + 1)} with {@code z =
 * exp(bx)} (stages: argument, {@link ExpF}, select). Float64 runs the scalar loops.
 *
 * <p>The forward argument stage writes 0 instead of {@code bx} where {@code bx > threshold}: those
 * lanes take {@code x} in the final select whatever exp and log1p give, so the change cannot show;
 * it keeps exp's +inf away from log1p's slow {@code ln} lanes for large x. NaN {@code bx} is not
 * {@code > threshold} and goes through exp and log1p as in the scalar kernel.
 */
final class SoftplusVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private final float beta;
    private final float threshold;

    SoftplusVector(float beta, float threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public int cost() {
        return 8;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector bx = FloatVector.fromArray(F, x, xOff + b + i).mul(beta);
                bx.blend(0f, bx.compare(VectorOperators.GT, threshold)).intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, m);
            Log1pF.log1p(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + b + i);
                VectorMask<Float> linear = xv.mul(beta).compare(VectorOperators.GT, threshold);
                FloatVector.fromArray(F, t, i).div(beta).blend(xv, linear).intoArray(y, yOff + b + i);
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
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + b + i).mul(beta).intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                VectorMask<Float> linear = FloatVector.fromArray(F, x, xOff + b + i).mul(beta)
                        .compare(VectorOperators.GT, threshold);
                FloatVector g = FloatVector.fromArray(F, gy, gyOff + b + i);
                FloatVector z = FloatVector.fromArray(F, t, i);
                g.mul(z).div(z.add(one)).blend(g, linear).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        return 0;
    }
}
