package io.github.torchact.kernel.impl;

/**
 * Reductions in the order libtorch's AVX2 build performs them, so sums and maxima round as its do.
 *
 * <p>{@code vec::reduce_all} (ATen/cpu/vec/functional_base.h) keeps one accumulator per lane
 * (8 for float, 4 for double), seeded with the first full vector; each further full vector is
 * combined lane-wise, {@code acc = op(acc, v)}, and a partial tail of r values only updates lanes
 * [0, r). The lanes are then folded: for float by {@code VecReduceAllSIMD}'s AVX2 shuffles (lane i
 * with i+4, then i with i+2, then 0 with 1); for double, which has no SIMD specialisation, by the
 * slow path {@code ((l0 op l1) op l2) op l3}. Inputs shorter than one vector are folded left to
 * right. {@code map_reduce_all(f, op, x)} rounds exactly as {@code reduce_all(op, f(x))}, since
 * the map acts lane by lane.
 *
 * <p>{@code vec::maximum} is {@code _mm256_max_ps(a, b)} or-ed with an all-ones NaN where either
 * operand is NaN: NaN if either is NaN, else {@code a > b ? a : b} (so b on ties, -0 against +0
 * included).
 */
final class VecReduce {

    /** Lanes of {@code Vectorized<float>} under AVX2. */
    static final int F32_LANES = 8;
    /** Lanes of {@code Vectorized<double>} under AVX2. */
    static final int F64_LANES = 4;

    private VecReduce() {}

    /** {@code vec::maximum} on one float lane. */
    static float maximum(float a, float b) {
        if (a != a || b != b) {
            return Float.NaN;
        }
        return a > b ? a : b;
    }

    /** {@code vec::maximum} on one double lane. */
    static double maximum(double a, double b) {
        if (a != a || b != b) {
            return Double.NaN;
        }
        return a > b ? a : b;
    }

    /** {@code vec::reduce_all(vec::maximum, x + off, n)}, float, n ≥ 1. */
    static float max(float[] x, int off, int n) {
        return reduce(x, off, n, true);
    }

    /** {@code vec::reduce_all(+, x + off, n)}, float, n ≥ 1. */
    static float sum(float[] x, int off, int n) {
        return reduce(x, off, n, false);
    }

    /** {@code vec::reduce_all(vec::maximum, x + off, n)}, double, n ≥ 1. */
    static double max(double[] x, int off, int n) {
        return reduce(x, off, n, true);
    }

    /** {@code vec::reduce_all(+, x + off, n)}, double, n ≥ 1. */
    static double sum(double[] x, int off, int n) {
        return reduce(x, off, n, false);
    }

    private static float op(boolean isMax, float a, float b) {
        return isMax ? maximum(a, b) : a + b;
    }

    private static double op(boolean isMax, double a, double b) {
        return isMax ? maximum(a, b) : a + b;
    }

    private static float reduce(float[] x, int off, int n, boolean isMax) {
        final int w = F32_LANES;
        if (n < w) {
            float acc = x[off];
            for (int i = 1; i < n; i++) {
                acc = op(isMax, acc, x[off + i]);
            }
            return acc;
        }
        float[] acc = new float[w];
        System.arraycopy(x, off, acc, 0, w);
        int d = w;
        for (; d < n - n % w; d += w) {
            for (int l = 0; l < w; l++) {
                acc[l] = op(isMax, acc[l], x[off + d + l]);
            }
        }
        for (int l = 0; l < n - d; l++) {
            acc[l] = op(isMax, acc[l], x[off + d + l]);
        }
        // _mm256_permute2f128_ps(v, v, 1), then _mm256_shuffle_ps 0x4E and 0xB1: only lane 0 is kept
        float b0 = op(isMax, acc[0], acc[4]);
        float b1 = op(isMax, acc[1], acc[5]);
        float b2 = op(isMax, acc[2], acc[6]);
        float b3 = op(isMax, acc[3], acc[7]);
        float c0 = op(isMax, b0, b2);
        float c1 = op(isMax, b1, b3);
        return op(isMax, c0, c1);
    }

    private static double reduce(double[] x, int off, int n, boolean isMax) {
        final int w = F64_LANES;
        if (n < w) {
            double acc = x[off];
            for (int i = 1; i < n; i++) {
                acc = op(isMax, acc, x[off + i]);
            }
            return acc;
        }
        double[] acc = new double[w];
        System.arraycopy(x, off, acc, 0, w);
        int d = w;
        for (; d < n - n % w; d += w) {
            for (int l = 0; l < w; l++) {
                acc[l] = op(isMax, acc[l], x[off + d + l]);
            }
        }
        for (int l = 0; l < n - d; l++) {
            acc[l] = op(isMax, acc[l], x[off + d + l]);
        }
        return op(isMax, op(isMax, op(isMax, acc[0], acc[1]), acc[2]), acc[3]);
    }

    /**
     * {@code vec::map2_reduce_all(a * b, +)}: the sum of products in reduce_all's order, each
     * product added to its lane with one rounding when {@code fused} (GCC contracts
     * {@code acc + a * b} into an FMA in the AVX2 build) or two.
     */
    static float dot(float[] a, float[] b, int off, int n, boolean fused) {
        final int w = F32_LANES;
        if (n < w) {
            float acc = a[off] * b[off];
            for (int i = 1; i < n; i++) {
                acc = acc + a[off + i] * b[off + i];
            }
            return acc;
        }
        float[] acc = new float[w];
        for (int l = 0; l < w; l++) {
            acc[l] = a[off + l] * b[off + l];
        }
        int d = w;
        for (; d < n; d += w) {
            int lanes = Math.min(w, n - d);
            for (int l = 0; l < lanes; l++) {
                int i = off + d + l;
                acc[l] = fused ? Math.fma(a[i], b[i], acc[l]) : acc[l] + a[i] * b[i];
            }
        }
        return sum(acc, 0, w);
    }

    /** {@link #dot(float[], float[], int, int, boolean)} for double. */
    static double dot(double[] a, double[] b, int off, int n, boolean fused) {
        final int w = F64_LANES;
        if (n < w) {
            double acc = a[off] * b[off];
            for (int i = 1; i < n; i++) {
                acc = acc + a[off + i] * b[off + i];
            }
            return acc;
        }
        double[] acc = new double[w];
        for (int l = 0; l < w; l++) {
            acc[l] = a[off + l] * b[off + l];
        }
        int d = w;
        for (; d < n; d += w) {
            int lanes = Math.min(w, n - d);
            for (int l = 0; l < lanes; l++) {
                int i = off + d + l;
                acc[l] = fused ? Math.fma(a[i], b[i], acc[l]) : acc[l] + a[i] * b[i];
            }
        }
        return sum(acc, 0, w);
    }
}
