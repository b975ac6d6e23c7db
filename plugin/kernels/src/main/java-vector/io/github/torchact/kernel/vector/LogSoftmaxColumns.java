package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.LogSoftmax}'s float32 vector columns along a
 * dim other than the last: each column's reductions run sequentially along the dim, so the lanes are
 * independent columns and any vector width keeps the order. Per block of up to {@link Blocks#SIZE}
 * columns: running max, running sum of {@link ExpF}, {@link LogF} of the sums, then the outputs;
 * the gradient a running sum of gy, then {@code fma(-exp(y), sum, gy)}.
 */
final class LogSoftmaxColumns {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private LogSoftmaxColumns() {}

    static int forward(float[] x, float[] y, int base, int n, int inner, int cols) {
        int done = F.loopBound(cols);
        float[][] blocks = Blocks.f32();
        float[] mx = blocks[0];
        float[] logSum = blocks[1];
        for (int c = 0; c < done; c += Blocks.SIZE) {
            int w = Math.min(Blocks.SIZE, done - c);
            int col = base + c;
            Arrays.fill(mx, 0, w, Float.NEGATIVE_INFINITY);
            for (int d = 0; d < n; d++) {
                int row = col + d * inner;
                for (int j = 0; j < w; j += F.length()) {
                    FloatVector m = FloatVector.fromArray(F, mx, j);
                    FloatVector v = FloatVector.fromArray(F, x, row + j);
                    // v > max ? v : max: a NaN never enters the max
                    m.blend(v, v.compare(VectorOperators.GT, m)).intoArray(mx, j);
                }
            }
            Arrays.fill(logSum, 0, w, 0f);
            for (int d = 0; d < n; d++) {
                int row = col + d * inner;
                for (int j = 0; j < w; j += F.length()) {
                    FloatVector e = ExpF.exp(FloatVector.fromArray(F, x, row + j).sub(FloatVector.fromArray(F, mx, j)));
                    FloatVector.fromArray(F, logSum, j).add(e).intoArray(logSum, j);
                }
            }
            LogF.log(logSum, 0, logSum, 0, w);
            for (int d = 0; d < n; d++) {
                int row = col + d * inner;
                for (int j = 0; j < w; j += F.length()) {
                    FloatVector.fromArray(F, x, row + j).sub(FloatVector.fromArray(F, mx, j))
                            .sub(FloatVector.fromArray(F, logSum, j)).intoArray(y, row + j);
                }
            }
        }
        return done;
    }

    static int backward(float[] y, float[] gy, float[] gx, int base, int n, int inner, int cols) {
        int done = F.loopBound(cols);
        float[] sum = Blocks.f32()[1];
        for (int c = 0; c < done; c += Blocks.SIZE) {
            int w = Math.min(Blocks.SIZE, done - c);
            int col = base + c;
            Arrays.fill(sum, 0, w, 0f);
            for (int d = 0; d < n; d++) {
                int row = col + d * inner;
                for (int j = 0; j < w; j += F.length()) {
                    FloatVector.fromArray(F, sum, j).add(FloatVector.fromArray(F, gy, row + j)).intoArray(sum, j);
                }
            }
            for (int d = 0; d < n; d++) {
                int row = col + d * inner;
                for (int j = 0; j < w; j += F.length()) {
                    ExpF.exp(FloatVector.fromArray(F, y, row + j)).neg()
                            .fma(FloatVector.fromArray(F, sum, j), FloatVector.fromArray(F, gy, row + j))
                            .intoArray(gx, row + j);
                }
            }
        }
        return done;
    }
}
