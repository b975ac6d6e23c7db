package io.github.torchact.kernel.math;

/**
 * Reductions in the order libtorch's AVX2 or AVX-512 build performs them ({@link CpuCapability#current()}),
 * so sums and maxima round as its do.
 *
 * <p>{@code vec::reduce_all} (ATen/cpu/vec/functional_base.h) keeps one accumulator per lane
 * (float: 8 under AVX2, 16 under AVX-512; double: 4 or 8), seeded with the first full vector; each
 * further full vector is combined lane-wise, {@code acc = op(acc, v)}, and a partial tail of r values
 * only updates lanes [0, r). The lanes are then folded: for float by {@code VecReduceAllSIMD}'s
 * shuffles, halving each time (AVX2: lane i with i+4, i with i+2, 0 with 1; AVX-512 first i with i+8
 * by {@code _mm512_shuffle_f32x4(v, v, 0x4E)}, then the same); for double, which has no SIMD
 * specialisation, by the slow path {@code ((l0 op l1) op l2) op ...}. Inputs shorter than one vector
 * are folded left to right. {@code map_reduce_all(f, op, x)} rounds exactly as {@code reduce_all(op, f(x))}, since
 * the map acts lane by lane. Maxima are {@code vec::maximum}'s ({@link AtenMinMax#maximum}).
 */
public final class AtenReduce {

    /** Lanes of {@code Vectorized<float>} under the reference capability. */
    public static int f32Lanes() {
        return CpuCapability.current().floatLanes();
    }

    /** Lanes of {@code Vectorized<double>} under the reference capability. */
    public static int f64Lanes() {
        return CpuCapability.current().doubleLanes();
    }

    private AtenReduce() {}

    /** {@code vec::reduce_all(vec::maximum, x + off, n)}, float, n ≥ 1. */
    public static float max(float[] x, int off, int n) {
        return reduce(x, off, n, true);
    }

    /** {@code vec::reduce_all(+, x + off, n)}, float, n ≥ 1. */
    public static float sum(float[] x, int off, int n) {
        return reduce(x, off, n, false);
    }

    /** {@code vec::reduce_all(vec::maximum, x + off, n)}, double, n ≥ 1. */
    public static double max(double[] x, int off, int n) {
        return reduce(x, off, n, true);
    }

    /** {@code vec::reduce_all(+, x + off, n)}, double, n ≥ 1. */
    public static double sum(double[] x, int off, int n) {
        return reduce(x, off, n, false);
    }

    private static float op(boolean isMax, float a, float b) {
        return isMax ? AtenMinMax.maximum(a, b) : a + b;
    }

    private static double op(boolean isMax, double a, double b) {
        return isMax ? AtenMinMax.maximum(a, b) : a + b;
    }

    private static float reduce(float[] x, int off, int n, boolean isMax) {
        final int w = f32Lanes();
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
        // the shuffles pair lane i with i + step, step = w/2 ... 1; lanes below step carry on
        for (int step = w / 2; step >= 1; step /= 2) {
            for (int l = 0; l < step; l++) {
                acc[l] = op(isMax, acc[l], acc[l + step]);
            }
        }
        return acc[0];
    }

    private static double reduce(double[] x, int off, int n, boolean isMax) {
        final int w = f64Lanes();
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
        double r = acc[0];
        for (int l = 1; l < w; l++) {
            r = op(isMax, r, acc[l]);
        }
        return r;
    }

    /**
     * {@code vec::map2_reduce_all(a * b, +)}: the sum of products in reduce_all's order, each
     * product added to its lane with one rounding when {@code fused} (GCC contracts
     * {@code acc + a * b} into an FMA in the AVX2 build) or two.
     */
    public static float dot(float[] a, float[] b, int off, int n, boolean fused) {
        final int w = f32Lanes();
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
    public static double dot(double[] a, double[] b, int off, int n, boolean fused) {
        final int w = f64Lanes();
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
