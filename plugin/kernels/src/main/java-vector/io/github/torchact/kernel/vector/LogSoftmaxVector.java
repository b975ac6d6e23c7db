package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.math.AtenMath;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.LogSoftmax}'s float32 last-dim rows: max by
 * {@link RowReduce#max}; {@code exp(x - max)} staged in a scratch block ({@link Blocks}) and added
 * to the running 8-lane sum; {@code y = x - max - log(sum)}, subtracting in that order. Gradient:
 * {@code gx = fma(-exp(y), sum(gy), gy)}, exp(y) staged in a scratch block (not in gx, which may
 * be gy itself: in place).
 */
final class LogSoftmaxVector {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private LogSoftmaxVector() {}

    static void forward(float[] x, float[] y, int off, int n) {
        float max = RowReduce.max(x, off, n);
        float[] t = Blocks.f32()[2];
        FloatVector acc = RowReduce.zeroSum();
        int m = 0;
        for (int b = 0; b < n; b += Blocks.SIZE) {
            m = Math.min(Blocks.SIZE, n - b);
            int start = off + b;
            int vec = F.loopBound(m);
            for (int i = 0; i < vec; i += F.length()) {
                FloatVector.fromArray(F, x, start + i).sub(max).intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, vec);
            for (int i = vec; i < m; i++) {
                t[i] = AtenMath.exp(x[start + i] - max);
            }
            acc = RowReduce.addAll(acc, t, 0, m - m % 8);
        }
        // the last block's tail is still in t
        float logSum = AtenMath.log(RowReduce.finishSum(acc, t, m - m % 8, m % 8));
        int vec = F.loopBound(n);
        for (int i = 0; i < vec; i += F.length()) {
            FloatVector.fromArray(F, x, off + i).sub(max).sub(logSum).intoArray(y, off + i);
        }
        for (int i = off + vec; i < off + n; i++) {
            y[i] = x[i] - max - logSum;
        }
    }

    static void backward(float[] y, float[] gy, float[] gx, int off, int n) {
        float sum = RowReduce.sum(gy, off, n);
        int vec = F.loopBound(n);
        float[] t = Blocks.f32()[2];
        FloatVector s = FloatVector.broadcast(F, sum);
        for (int b = 0; b < vec; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, vec - b);
            ExpF.exp(y, off + b, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector.fromArray(F, t, i).neg().fma(s, FloatVector.fromArray(F, gy, off + b + i))
                        .intoArray(gx, off + b + i);
            }
        }
        for (int i = off + vec; i < off + n; i++) {
            gx[i] = Math.fma(-AtenMath.exp(y[i]), sum, gy[i]);
        }
    }
}
