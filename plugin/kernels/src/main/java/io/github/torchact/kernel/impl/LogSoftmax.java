package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.math.AtenMath;
import io.github.torchact.kernel.math.AtenReduce;
import io.github.torchact.kernel.math.Libm;
import io.github.torchact.kernel.vector.AlongDimLoops;

/**
 * log_softmax(x)_i = (x_i - max(x)) - log(sum_j exp(x_j - max(x))) along {@code dim}, in libtorch
 * 2.7's CPU operation order (aten/src/ATen/native/cpu/SoftMaxKernel.cpp, AVX2 build).
 *
 * <p>{@code dim} last ({@code _vec_log_softmax_lastdim}), per row: max by {@code vec::reduce_all}
 * with {@code vec::maximum} (NaN-propagating); s = {@code map_reduce_all(exp(x - max), +)};
 * y = x - max - log(s), subtracting in that order (pytorch#11752). Any other {@code dim}
 * ({@code _vec_logsoftmax}), per column: max starts at -inf and takes x only where
 * {@code x > max} (so NaN is skipped there, and reaches the output through exp(NaN - max));
 * the sum runs sequentially along {@code dim}; columns past the last multiple of 8 (4 for double)
 * in each 128 KiB block use the scalar {@code std::exp}.
 *
 * <p>The gradient is {@code _log_softmax_backward_data}: gx = gy - exp(y) · sum(gy), with y the
 * forward output.
 *
 * <p>The float32 last-dim rows run their Vector API form where loaded ({@link AlongDimLoops}), with
 * the same bits; every method works on the outer slices [from, to) so rows can go to threads.
 */
public final class LogSoftmax extends AlongDimFromOutput {

    /** The AVX2 build contracts {@code gy - exp(y) * sum} into one FMA. */
    static final boolean FUSED = true;
    private static final int BLOCK_BYTES = 128 * 1024;

    /** Log-softmax along {@code dim}. */
    public LogSoftmax(long dim) {
        super(dim);
    }

    /**
     * Whether column {@code j} of {@code inner} takes the vector path in the non-last-dim kernels,
     * which block the inner dimension in chunks of max(128 KiB / size / bytes, lanes) rounded down
     * to whole vectors and run each chunk's last {@code chunk mod lanes} columns scalar.
     */
    static boolean vectorColumn(int j, int inner, int size, int bytes, int lanes) {
        int chunk = Math.max(BLOCK_BYTES / size / bytes, lanes) / lanes * lanes;
        int begin = j / chunk * chunk;
        int len = Math.min(chunk, inner - begin);
        return j - begin < len - len % lanes;
    }

    @Override
    void forward(float[] x, DimSplit s, float[] y, int from, int to, AlongDimLoops loops) {
        int n = s.size();
        if (s.numel() == 0) {
            return;
        }
        if (s.lastDim()) {
            float[] e = null;
            for (int off = from * n; off < to * n; off += n) {
                if (loops.logSoftmaxRow(x, y, off, n)) {
                    continue;
                }
                if (e == null) {
                    e = new float[n];
                }
                float max = AtenReduce.max(x, off, n);
                for (int i = 0; i < n; i++) {
                    e[i] = AtenMath.exp(x[off + i] - max);
                }
                float logSum = AtenMath.log(AtenReduce.sum(e, 0, n));
                for (int i = off; i < off + n; i++) {
                    y[i] = x[i] - max - logSum;
                }
            }
            return;
        }
        int inner = s.inner();
        for (int o = from; o < to; o++) {
            for (int j = 0; j < inner; j++) {
                boolean vec = vectorColumn(j, inner, n, Float.BYTES, AtenReduce.f32Lanes());
                int base = o * n * inner + j;
                float max = Float.NEGATIVE_INFINITY;
                for (int d = 0; d < n; d++) {
                    float v = x[base + d * inner];
                    max = v > max ? v : max;
                }
                float sum = 0f;
                for (int d = 0; d < n; d++) {
                    float v = x[base + d * inner] - max;
                    sum += vec ? AtenMath.exp(v) : scalarExp(v);
                }
                float logSum = AtenMath.log(sum);
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    y[i] = x[i] - max - logSum;
                }
            }
        }
    }

    @Override
    void forward(double[] x, DimSplit s, double[] y, int from, int to) {
        int n = s.size();
        if (s.numel() == 0) {
            return;
        }
        if (s.lastDim()) {
            double[] e = new double[n];
            for (int off = from * n; off < to * n; off += n) {
                double max = AtenReduce.max(x, off, n);
                for (int i = 0; i < n; i++) {
                    e[i] = AtenMath.exp(x[off + i] - max);
                }
                double logSum = AtenMath.log(AtenReduce.sum(e, 0, n));
                for (int i = off; i < off + n; i++) {
                    y[i] = x[i] - max - logSum;
                }
            }
            return;
        }
        int inner = s.inner();
        for (int o = from; o < to; o++) {
            for (int j = 0; j < inner; j++) {
                boolean vec = vectorColumn(j, inner, n, Double.BYTES, AtenReduce.f64Lanes());
                int base = o * n * inner + j;
                double max = Double.NEGATIVE_INFINITY;
                for (int d = 0; d < n; d++) {
                    double v = x[base + d * inner];
                    max = v > max ? v : max;
                }
                double sum = 0d;
                for (int d = 0; d < n; d++) {
                    double v = x[base + d * inner] - max;
                    sum += vec ? AtenMath.exp(v) : scalarExp(v);
                }
                double logSum = AtenMath.log(sum);
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    y[i] = x[i] - max - logSum;
                }
            }
        }
    }

    @Override
    void backwardFromOutput(float[] y, float[] gy, DimSplit s, float[] gx, int from, int to, AlongDimLoops loops) {
        int n = s.size();
        if (s.numel() == 0) {
            return;
        }
        if (s.lastDim()) {
            for (int off = from * n; off < to * n; off += n) {
                if (loops.logSoftmaxBackwardRow(y, gy, gx, off, n)) {
                    continue;
                }
                float sum = AtenReduce.sum(gy, off, n);
                for (int i = off; i < off + n; i++) {
                    gx[i] = minusProduct(gy[i], AtenMath.exp(y[i]), sum);
                }
            }
            return;
        }
        int inner = s.inner();
        for (int o = from; o < to; o++) {
            for (int j = 0; j < inner; j++) {
                boolean vec = vectorColumn(j, inner, n, Float.BYTES, AtenReduce.f32Lanes());
                int base = o * n * inner + j;
                float sum = 0f;
                for (int d = 0; d < n; d++) {
                    sum += gy[base + d * inner];
                }
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    gx[i] = minusProduct(gy[i], vec ? AtenMath.exp(y[i]) : scalarExp(y[i]), sum);
                }
            }
        }
    }

    @Override
    void backwardFromOutput(double[] y, double[] gy, DimSplit s, double[] gx, int from, int to) {
        int n = s.size();
        if (s.numel() == 0) {
            return;
        }
        if (s.lastDim()) {
            for (int off = from * n; off < to * n; off += n) {
                double sum = AtenReduce.sum(gy, off, n);
                for (int i = off; i < off + n; i++) {
                    gx[i] = minusProduct(gy[i], AtenMath.exp(y[i]), sum);
                }
            }
            return;
        }
        int inner = s.inner();
        for (int o = from; o < to; o++) {
            for (int j = 0; j < inner; j++) {
                boolean vec = vectorColumn(j, inner, n, Double.BYTES, AtenReduce.f64Lanes());
                int base = o * n * inner + j;
                double sum = 0d;
                for (int d = 0; d < n; d++) {
                    sum += gy[base + d * inner];
                }
                for (int d = 0; d < n; d++) {
                    int i = base + d * inner;
                    gx[i] = minusProduct(gy[i], vec ? AtenMath.exp(y[i]) : scalarExp(y[i]), sum);
                }
            }
        }
    }

    /** a - b·c, as the AVX2 build computes it. */
    private static float minusProduct(float a, float b, float c) {
        return FUSED ? Math.fma(-b, c, a) : a - b * c;
    }

    private static double minusProduct(double a, double b, double c) {
        return FUSED ? Math.fma(-b, c, a) : a - b * c;
    }

    /** The scalar tail's {@code std::exp}: glibc's ({@link Libm}). */
    private static float scalarExp(float v) {
        return Libm.exp(v);
    }

    private static double scalarExp(double v) {
        return Libm.exp(v);
    }
}
