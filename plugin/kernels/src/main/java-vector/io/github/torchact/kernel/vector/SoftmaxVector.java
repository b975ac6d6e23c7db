package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.math.AtenMath;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Softmax}'s float32 last-dim rows (softmin's
 * too, which runs softmax on -x): max by {@link RowReduce#max}; {@code e = exp(x - max)} staged
 * over blocks of {@link Blocks#SIZE} in the output row (difference, {@link ExpF}, then the block
 * added to the running 8-lane sum while it is in L1); {@code y = e · (1 / sum)}. Gradient: {@code
 * gx = (gy - dot(gy, y)) · y}, the dot by {@link RowReduce#dot}.
 *
 * <p>Other dims: each column's reductions run sequentially along the dim, so the lanes are
 * independent columns and any vector width keeps the order. Per block of up to {@link Blocks#SIZE}
 * columns: running max, then per row difference, {@link ExpF}, running sum, then the quotients.
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

    static int forwardColumns(float[] x, float[] y, int base, int n, int inner, int cols) {
        int done = F.loopBound(cols);
        float[][] blocks = Blocks.f32();
        float[] mx = blocks[0];
        float[] sum = blocks[1];
        for (int c = 0; c < done; c += Blocks.SIZE) {
            int w = Math.min(Blocks.SIZE, done - c);
            int col = base + c;
            System.arraycopy(x, col, mx, 0, w);
            for (int d = 1; d < n; d++) {
                int row = col + d * inner;
                for (int j = 0; j < w; j += F.length()) {
                    FloatVector m = FloatVector.fromArray(F, mx, j);
                    FloatVector v = FloatVector.fromArray(F, x, row + j);
                    // vec::maximum: NaN if either is NaN, else m > v ? m : v
                    v.blend(m, m.compare(VectorOperators.GT, v))
                            .blend(Float.NaN, m.compare(VectorOperators.NE, m).or(v.compare(VectorOperators.NE, v)))
                            .intoArray(mx, j);
                }
            }
            Arrays.fill(sum, 0, w, 0f);
            for (int d = 0; d < n; d++) {
                int row = col + d * inner;
                for (int j = 0; j < w; j += F.length()) {
                    FloatVector.fromArray(F, x, row + j).sub(FloatVector.fromArray(F, mx, j)).intoArray(y, row + j);
                }
                ExpF.exp(y, row, y, row, w);
                for (int j = 0; j < w; j += F.length()) {
                    FloatVector.fromArray(F, sum, j).add(FloatVector.fromArray(F, y, row + j)).intoArray(sum, j);
                }
            }
            for (int d = 0; d < n; d++) {
                int row = col + d * inner;
                for (int j = 0; j < w; j += F.length()) {
                    FloatVector.fromArray(F, y, row + j).div(FloatVector.fromArray(F, sum, j)).intoArray(y, row + j);
                }
            }
        }
        return done;
    }

    static int backwardColumns(float[] y, float[] gy, float[] gx, int base, int n, int inner, int cols) {
        int done = F.loopBound(cols);
        float[] sum = Blocks.f32()[1];
        for (int c = 0; c < done; c += Blocks.SIZE) {
            int w = Math.min(Blocks.SIZE, done - c);
            int col = base + c;
            Arrays.fill(sum, 0, w, 0f);
            for (int d = 0; d < n; d++) {
                int row = col + d * inner;
                for (int j = 0; j < w; j += F.length()) {
                    FloatVector.fromArray(F, gy, row + j).fma(FloatVector.fromArray(F, y, row + j), FloatVector.fromArray(F, sum, j))
                            .intoArray(sum, j);
                }
            }
            for (int d = 0; d < n; d++) {
                int row = col + d * inner;
                for (int j = 0; j < w; j += F.length()) {
                    FloatVector yv = FloatVector.fromArray(F, y, row + j);
                    yv.mul(FloatVector.fromArray(F, gy, row + j).sub(FloatVector.fromArray(F, sum, j))).intoArray(gx, row + j);
                }
            }
        }
        return done;
    }
}
