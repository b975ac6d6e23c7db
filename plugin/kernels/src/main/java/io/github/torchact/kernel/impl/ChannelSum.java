package io.github.torchact.kernel.impl;

/**
 * The weight gradient of a channel-weighted activation summed exactly as libtorch 2.7.1 does on CPU
 * (AVX2, one thread): autograd reduces the broadcast gradient with {@code sum_to}, i.e. {@code
 * sum(dims, keepdim=True)}, which runs {@code cascade_sum} (aten/src/ATen/native/cpu/SumKernel.cpp)
 * over TensorIterator's reordered dimensions (reduced dimensions first, fastest first).
 *
 * <p>For a contiguous [N, C, S] gradient (S the product of the trailing dimensions):
 * <ul>
 *   <li>shared weight (or C = 1): one contiguous row of N·C·S values;</li>
 *   <li>S &gt; 1: for each channel, the N rows of S values, each summed as a contiguous row and
 *       accumulated into the output in row order;</li>
 *   <li>S = 1, N &gt; 1: a strided ("outer") reduction over N for each channel;</li>
 *   <li>nothing to reduce (every reduced size is 1): the gradient itself.</li>
 * </ul>
 * A contiguous row of n values uses {@code vectorized_inner_sum} when n ≥ the vector width (8 float
 * lanes, 4 double lanes): lane l sums elements l, l+V, ... with {@code row_sum} (4 interleaved
 * partial sums, each a 4-level cascade in chunks of 2^max(4, ceil(log2 m)/4)), then the tail and
 * lanes are added in order to 0. Shorter rows use {@code row_sum} directly.
 *
 * <p>Float32 sums are computed with each addition rounded to float32 (a double addition of two
 * floats rounded once to float is the correctly rounded float sum).
 */
final class ChannelSum {

    private static final int F32_LANES = 8;
    private static final int F64_LANES = 4;
    private static final int LEVELS = 4;
    private static final int ILP = 4;

    private final boolean f32;
    private final int lanes;

    private ChannelSum(boolean f32) {
        this.f32 = f32;
        this.lanes = f32 ? F32_LANES : F64_LANES;
    }

    /**
     * Sums {@code terms} (contiguous [n, c, s]) per channel, or over everything when {@code shared}.
     *
     * @return one value per channel, or a single value when shared
     */
    static double[] sum(double[] terms, int n, int c, int s, boolean shared, boolean f32) {
        return new ChannelSum(f32).reduce(terms, n, c, s, shared);
    }

    private double[] reduce(double[] t, int n, int c, int s, boolean shared) {
        if (t.length == 0) {
            return new double[shared ? 1 : c];
        }
        if (shared || c == 1) {
            int m = t.length;
            return new double[] {m == 1 ? t[0] : add(0, contiguousRow(t, 0, m))};
        }
        double[] out = new double[c];
        if (n == 1 && s == 1) {
            System.arraycopy(t, 0, out, 0, c);
        } else if (s > 1) {
            for (int ch = 0; ch < c; ch++) {
                double acc = 0;
                for (int row = 0; row < n; row++) {
                    acc = add(acc, contiguousRow(t, (row * c + ch) * s, s));
                }
                out[ch] = acc;
            }
        } else {
            int cascaded = c >= lanes ? (c / (ILP * lanes)) * (ILP * lanes) : (c / ILP) * ILP;
            for (int ch = 0; ch < c; ch++) {
                out[ch] = add(0, ch < cascaded ? cascade(t, ch, c, n) : rowSum(t, ch, c, n));
            }
        }
        return out;
    }

    /**
     * {@code vectorized_inner_sum} for t[off, off + size) when at least a vector long, else {@code
     * row_sum}. Lane l's row_sum partial k is stream q = l + lanes·k of elements off + q + i·lanes·4;
     * the lanes·4 streams run side by side ({@link #cascades}) so memory is read once, in order.
     */
    private double contiguousRow(double[] t, int off, int size) {
        if (size < lanes) {
            return rowSum(t, off, 1, size);
        }
        int vecSize = size / lanes;
        double acc = 0;
        for (int k = vecSize * lanes; k < size; k++) {
            acc = add(acc, t[off + k]);
        }
        int sizeIlp = vecSize / ILP;
        double[] p = cascades(t, off, lanes * ILP, lanes * ILP, sizeIlp);
        for (int lane = 0; lane < lanes; lane++) {
            double p0 = p[lane];
            for (int i = sizeIlp * ILP; i < vecSize; i++) {
                p0 = add(p0, t[off + lane + i * lanes]);
            }
            acc = add(acc, add(add(add(p0, p[lane + lanes]), p[lane + 2 * lanes]), p[lane + 3 * lanes]));
        }
        return acc;
    }

    /**
     * {@link #cascade} for the width streams t[off + q + i·stride], q &lt; width, i &lt; size, side by
     * side in one pass.
     */
    private double[] cascades(double[] t, int off, int stride, int width, int size) {
        int levelPower = Math.max(4, ceilLog2(size) / LEVELS);
        int levelStep = 1 << levelPower;
        long levelMask = levelStep - 1L;
        double[][] acc = new double[LEVELS][width];
        int i = 0;
        while (i + levelStep <= size) {
            double[] a0 = acc[0];
            for (int j = 0; j < levelStep; j++, i++) {
                int base = off + i * stride;
                for (int q = 0; q < width; q++) {
                    a0[q] = add(a0[q], t[base + q]);
                }
            }
            for (int j = 1; j < LEVELS; j++) {
                for (int q = 0; q < width; q++) {
                    acc[j][q] = add(acc[j][q], acc[j - 1][q]);
                    acc[j - 1][q] = 0;
                }
                if ((i & (levelMask << (j * levelPower))) != 0) {
                    break;
                }
            }
        }
        for (; i < size; i++) {
            int base = off + i * stride;
            for (int q = 0; q < width; q++) {
                acc[0][q] = add(acc[0][q], t[base + q]);
            }
        }
        for (int j = 1; j < LEVELS; j++) {
            for (int q = 0; q < width; q++) {
                acc[0][q] = add(acc[0][q], acc[j][q]);
            }
        }
        return acc[0];
    }

    /**
     * {@code row_sum} over t[off + i·stride], i &lt; size: four interleaved cascades, the tail into the
     * first, then the four in order.
     */
    private double rowSum(double[] t, int off, int stride, int size) {
        int sizeIlp = size / ILP;
        double p0 = cascade(t, off, stride * ILP, sizeIlp);
        double p1 = cascade(t, off + stride, stride * ILP, sizeIlp);
        double p2 = cascade(t, off + 2 * stride, stride * ILP, sizeIlp);
        double p3 = cascade(t, off + 3 * stride, stride * ILP, sizeIlp);
        for (int i = sizeIlp * ILP; i < size; i++) {
            p0 = add(p0, t[off + i * stride]);
        }
        return add(add(add(p0, p1), p2), p3);
    }

    /** One lane of {@code multi_row_sum} over t[off + i·stride], i &lt; size: a 4-level cascade of running sums. */
    private double cascade(double[] t, int off, int stride, int size) {
        return cascades(t, off, stride, 1, size)[0];
    }

    /** libtorch's {@code utils::CeilLog2}: 1 for x ≤ 2, else ceil(log2 x). */
    static int ceilLog2(long x) {
        if (x <= 2) {
            return 1;
        }
        return 64 - Long.numberOfLeadingZeros(x - 1);
    }

    private double add(double a, double b) {
        return f32 ? (double) (float) (a + b) : a + b;
    }
}
