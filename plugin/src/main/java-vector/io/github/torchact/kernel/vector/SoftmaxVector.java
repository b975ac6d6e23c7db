package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.math.AtenMath;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Softmax}'s float32 last-dim rows (softmin's
 * too, which runs softmax on -x): max by {@link RowReduce#max}; {@code e = exp(x - max)} staged
 * over blocks of {@link Blocks#SIZE} in the output row (difference, {@link ExpF}, then the block
 * added to the running 8-lane sum while it is in L1); {@code y = e · (1 / sum)}. Gradient: {@code
 * gx = (gy - dot(gy, y)) · y}, the dot by {@link RowReduce#dot}.
 */
final class SoftmaxVector {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private SoftmaxVector() {}

    static void forward(float[] x, float[] y, int off, int n) {
        float max = RowReduce.max(x, off, n);
        FloatVector acc = RowReduce.zeroSum();
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            int start = off + b;
            int vec = F.loopBound(m);
            for (int i = 0; i < vec; i += F.length()) {
                FloatVector.fromArray(F, x, start + i).sub(max).intoArray(y, start + i);
            }
            ExpF.exp(y, start, y, start, vec);
            for (int i = start + vec; i < start + m; i++) {
                y[i] = AtenMath.exp(x[i] - max);
            }
            acc = RowReduce.addAll(acc, y, start, m - m % 8);
        }
        int full = n - n % 8;
        float inv = 1f / RowReduce.finishSum(acc, y, off + full, n - full);
        int vec = F.loopBound(n);
        for (int i = 0; i < vec; i += F.length()) {
            FloatVector.fromArray(F, y, off + i).mul(inv).intoArray(y, off + i);
        }
        for (int i = off + vec; i < off + n; i++) {
            y[i] = y[i] * inv;
        }
    }

    static void backward(float[] y, float[] gy, float[] gx, int off, int n) {
        float sum = RowReduce.dot(gy, y, off, n);
        int vec = F.loopBound(n);
        for (int i = 0; i < vec; i += F.length()) {
            FloatVector.fromArray(F, gy, off + i).sub(sum).mul(FloatVector.fromArray(F, y, off + i))
                    .intoArray(gx, off + i);
        }
        for (int i = off + vec; i < off + n; i++) {
            gx[i] = (gy[i] - sum) * y[i];
        }
    }
}
