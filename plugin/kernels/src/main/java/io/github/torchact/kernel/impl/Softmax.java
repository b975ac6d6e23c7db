package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.math.AtenMath;
import io.github.torchact.kernel.math.AtenMinMax;
import io.github.torchact.kernel.math.AtenReduce;
import io.github.torchact.kernel.math.Libm;
import io.github.torchact.kernel.math.TorchVersion;
import io.github.torchact.kernel.vector.AlongDimLoops;

/**
 * softmax(x)_i = exp(x_i - max(x)) / sum_j exp(x_j - max(x)) along {@code dim}, in libtorch 2.7's
 * CPU operation order (aten/src/ATen/native/cpu/SoftMaxKernel.cpp, AVX2 or AVX-512 build: {@link
 * AtenReduce}).
 *
 * <p>{@code dim} last ({@code _vec_softmax_lastdim}), per row: max by {@code vec::reduce_all} with
 * {@code vec::maximum}; e = exp(x - max); s = reduce_all(+, e); y = e · (1 / s). Any other
 * {@code dim} ({@code _vec_softmax}), per column of the [outer, size, inner] view: the max and the
 * sum run sequentially along {@code dim} and y = e / s; columns in the last {@code inner mod 8}
 * (4 for double) take the scalar path, whose max is {@code std::max} (NaN only if it comes first).
 * Hence a row holding NaN or +inf, or entirely -inf, is NaN throughout (inf - inf).
 *
 * <p>The gradient is {@code _softmax_backward_data}: gx = (gy - sum(gy · y)) · y with y the forward
 * output, the sum in {@code map2_reduce_all}'s order along the last dim and sequentially otherwise.
 * libtorch 2.7 adds each product of the last-dim sum with one FMA; PyTorch 2.13 rounds the product
 * first (measured against torch 2.13.0: every row bitwise, float32 and float64), which {@link
 * TorchVersion#V2_13} reproduces. Other dims are fused in both.
 *
 * <p>The float32 last-dim rows run their Vector API form where loaded ({@link AlongDimLoops}), with
 * the same bits; every method works on the outer slices [from, to) so rows can go to threads.
 */
public final class Softmax extends AlongDimFromOutput {

    /** The AVX2 build contracts {@code acc + gy * y} into one FMA. */
    static final boolean FUSED_DOT = true;

    /** Whether the last-dim gradient's dot adds each product with one FMA: libtorch 2.7 yes, 2.13 no. */
    static boolean fusedLastDimDot() {
        return TorchVersion.current() == TorchVersion.V2_7;
    }

    /** Softmax along {@code dim}. */
    public Softmax(long dim) {
        super(dim);
    }

    static void forwardRows(float[] x, DimSplit s, float[] y, int from, int to, AlongDimLoops loops) {
        int n = s.size();
        if (s.numel() == 0) {
            return;
        }
        if (s.lastDim()) {
            for (int off = from * n; off < to * n; off += n) {
                if (loops.softmaxRow(x, y, off, n)) {
                    continue;
                }
                float max = AtenReduce.max(x, off, n);
                for (int i = off; i < off + n; i++) {
                    y[i] = AtenMath.exp(x[i] - max);
                }
                float inv = 1f / AtenReduce.sum(y, off, n);
                for (int i = off; i < off + n; i++) {
                    y[i] = y[i] * inv;
                }
            }
            return;
        }
        int inner = s.inner();
        int vectorCols = inner - inner % AtenReduce.f32Lanes();
        for (int o = from; o < to; o++) {
            int done = loops.softmaxColumns(x, y, o * n * inner, n, inner, vectorCols);
            for (int j = done; j < inner; j++) {
                boolean vec = j < vectorCols;
                int base = o * n * inner + j;
                float max = x[base];
                for (int d = 1; d < n; d++) {
                    float v = x[base + d * inner];
                    max = vec ? AtenMinMax.maximum(max, v) : (max < v ? v : max);
                }
                float sum = 0f;
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    float e = vec ? AtenMath.exp(x[i] - max) : scalarExp(x[i] - max);
                    y[i] = e;
                    sum = sum + e;
                }
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    y[i] = y[i] / sum;
                }
            }
        }
    }

    static void forwardRows(double[] x, DimSplit s, double[] y, int from, int to) {
        int n = s.size();
        if (s.numel() == 0) {
            return;
        }
        if (s.lastDim()) {
            for (int off = from * n; off < to * n; off += n) {
                double max = AtenReduce.max(x, off, n);
                for (int i = off; i < off + n; i++) {
                    y[i] = AtenMath.exp(x[i] - max);
                }
                double inv = 1d / AtenReduce.sum(y, off, n);
                for (int i = off; i < off + n; i++) {
                    y[i] = y[i] * inv;
                }
            }
            return;
        }
        int inner = s.inner();
        int vectorCols = inner - inner % AtenReduce.f64Lanes();
        for (int o = from; o < to; o++) {
            for (int j = 0; j < inner; j++) {
                boolean vec = j < vectorCols;
                int base = o * n * inner + j;
                double max = x[base];
                for (int d = 1; d < n; d++) {
                    double v = x[base + d * inner];
                    max = vec ? AtenMinMax.maximum(max, v) : (max < v ? v : max);
                }
                double sum = 0d;
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    double e = vec ? AtenMath.exp(x[i] - max) : scalarExp(x[i] - max);
                    y[i] = e;
                    sum = sum + e;
                }
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    y[i] = y[i] / sum;
                }
            }
        }
    }

    static void backwardRows(float[] y, float[] gy, DimSplit s, float[] gx, int from, int to, AlongDimLoops loops) {
        int n = s.size();
        if (s.numel() == 0) {
            return;
        }
        if (s.lastDim()) {
            boolean fused = fusedLastDimDot();
            for (int off = from * n; off < to * n; off += n) {
                if (fused && loops.softmaxBackwardRow(y, gy, gx, off, n)) {
                    continue;
                }
                float sum = AtenReduce.dot(gy, y, off, n, fused);
                for (int i = off; i < off + n; i++) {
                    gx[i] = (gy[i] - sum) * y[i];
                }
            }
            return;
        }
        // _vec_softmax_backward: the scalar tail columns are contracted the same way, so one loop serves all
        int inner = s.inner();
        for (int o = from; o < to; o++) {
            int done = FUSED_DOT ? loops.softmaxBackwardColumns(y, gy, gx, o * n * inner, n, inner, inner) : 0;
            for (int j = done; j < inner; j++) {
                int base = o * n * inner + j;
                float sum = 0f;
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    sum = FUSED_DOT ? Math.fma(gy[i], y[i], sum) : sum + gy[i] * y[i];
                }
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    gx[i] = y[i] * (gy[i] - sum);
                }
            }
        }
    }

    static void backwardRows(double[] y, double[] gy, DimSplit s, double[] gx, int from, int to) {
        int n = s.size();
        if (s.numel() == 0) {
            return;
        }
        if (s.lastDim()) {
            boolean fused = fusedLastDimDot();
            for (int off = from * n; off < to * n; off += n) {
                double sum = AtenReduce.dot(gy, y, off, n, fused);
                for (int i = off; i < off + n; i++) {
                    gx[i] = (gy[i] - sum) * y[i];
                }
            }
            return;
        }
        int inner = s.inner();
        for (int o = from; o < to; o++) {
            for (int j = 0; j < inner; j++) {
                int base = o * n * inner + j;
                double sum = 0d;
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    sum = FUSED_DOT ? Math.fma(gy[i], y[i], sum) : sum + gy[i] * y[i];
                }
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    gx[i] = y[i] * (gy[i] - sum);
                }
            }
        }
    }

    /** The scalar tail's {@code std::exp}: glibc's ({@link Libm}). */
    private static float scalarExp(float v) {
        return Libm.exp(v);
    }

    private static double scalarExp(double v) {
        return Libm.exp(v);
    }

    @Override
    void forward(float[] x, DimSplit s, float[] y, int from, int to, AlongDimLoops loops) {
        forwardRows(x, s, y, from, to, loops);
    }

    @Override
    void forward(double[] x, DimSplit s, double[] y, int from, int to) {
        forwardRows(x, s, y, from, to);
    }

    @Override
    void backwardFromOutput(float[] y, float[] gy, DimSplit s, float[] gx, int from, int to, AlongDimLoops loops) {
        backwardRows(y, gy, s, gx, from, to, loops);
    }

    @Override
    void backwardFromOutput(double[] y, double[] gy, DimSplit s, double[] gx, int from, int to) {
        backwardRows(y, gy, s, gx, from, to);
    }
}
