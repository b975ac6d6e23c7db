package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Softmax}'s float32 columns along a dim other
 * than the last (softmin's too, which runs softmax on -x; last-dim rows are {@link SoftmaxRows}):
 * each column's reductions run sequentially along the dim, so the lanes are independent columns and
 * any vector width keeps the order. Per block of up to {@link Blocks#SIZE}
 * columns: running max, then per row difference, {@link ExpF}, running sum, then the quotients.
 */
final class SoftmaxVector {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private SoftmaxVector() {}

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
