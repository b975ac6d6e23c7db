package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link FunnelLoops} the JVM gets with {@code jdk.incubator.vector}: loaded reflectively by
 * {@link VectorSupport#funnel()}.
 *
 * <p>Planes whose rows have at least one vector (L doubles) of columns with the whole window inside
 * the row, {@code [k/2, w - k/2)}; the others are left to the scalar loop. Each row: those columns in
 * steps of four vectors of L adjacent columns ({@link #inner4}: four independent sums held in
 * registers over the k×k window, so the adds' latencies overlap; float32 inputs widened exactly by
 * {@code F2D}, the sums rounded by {@code D2F} as the scalar kernel's cast), the last step moved back
 * to end at the last such column (overlapping steps recompute the same bits, which is why x and y
 * must not overlap); rows with fewer than four vectors of such columns in two steps of two or of one
 * vector ({@link #inner2}, {@link #inner1}), overlapping likewise. The k/2 columns at each edge run
 * in scalar pairs ({@link #edges}), the terms in the padding skipped as in the scalar loop. Masked
 * vector steps for the edges were tried: C2 did not compile them within the benchmark's time (C1 ran
 * out of registers) and their vectors were boxed.
 *
 * <p>The steps are separate methods that take and return no vectors (a vector passed to a call C2
 * does not inline is boxed); the stores are written out in each for the same reason.
 */
public final class FunnelVector implements FunnelLoops {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();
    /** Floats with as many lanes as {@link #D}, widened to it and narrowed back. */
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    @Override
    public boolean plane(float[] x, float[] y, int base, int h, int w, int k, double[] weight, int weightOff,
            double bias) {
        int p = k / 2;
        int end = w - p;
        if (end - p < L) {
            return false;
        }
        for (int oy = 0; oy < h; oy++) {
            int kyFrom = Math.max(0, p - oy);
            int kyTo = Math.min(k, h + p - oy);
            for (int c = 0; c < p; c++) {
                edges(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, c);
            }
            if (end - p >= 4 * L) {
                int ox = p;
                for (; ox + 4 * L <= end; ox += 4 * L) {
                    inner4(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, ox);
                }
                if (ox < end) {
                    inner4(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, end - 4 * L);
                }
            } else if (end - p >= 2 * L) {
                inner2(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, p);
                inner2(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, end - 2 * L);
            } else {
                inner1(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, p);
                inner1(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, end - L);
            }
        }
        return true;
    }

    @Override
    public boolean plane(double[] x, double[] y, int base, int h, int w, int k, double[] weight, int weightOff,
            double bias) {
        int p = k / 2;
        int end = w - p;
        if (end - p < L) {
            return false;
        }
        for (int oy = 0; oy < h; oy++) {
            int kyFrom = Math.max(0, p - oy);
            int kyTo = Math.min(k, h + p - oy);
            for (int c = 0; c < p; c++) {
                edges(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, c);
            }
            if (end - p >= 4 * L) {
                int ox = p;
                for (; ox + 4 * L <= end; ox += 4 * L) {
                    inner4(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, ox);
                }
                if (ox < end) {
                    inner4(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, end - 4 * L);
                }
            } else if (end - p >= 2 * L) {
                inner2(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, p);
                inner2(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, end - 2 * L);
            } else {
                inner1(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, p);
                inner1(x, y, base, oy, kyFrom, kyTo, w, k, weight, weightOff, bias, end - L);
            }
        }
        return true;
    }

    /** Columns [ox, ox + 4L) of row oy, their windows inside the row. */
    private static void inner4(float[] x, float[] y, int base, int oy, int kyFrom, int kyTo, int w, int k,
            double[] weight, int weightOff, double bias, int ox) {
        int p = k / 2;
        DoubleVector a0 = DoubleVector.broadcast(D, bias);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int ky = kyFrom; ky < kyTo; ky++) {
            int row = base + (oy + ky - p) * w + ox - p;
            int wk = weightOff + ky * k;
            for (int kx = 0; kx < k; kx++) {
                double wt = weight[wk + kx];
                int at = row + kx;
                DoubleVector x0 = (DoubleVector) FloatVector.fromArray(F, x, at)
                        .convertShape(VectorOperators.F2D, D, 0);
                DoubleVector x1 = (DoubleVector) FloatVector.fromArray(F, x, at + L)
                        .convertShape(VectorOperators.F2D, D, 0);
                DoubleVector x2 = (DoubleVector) FloatVector.fromArray(F, x, at + 2 * L)
                        .convertShape(VectorOperators.F2D, D, 0);
                DoubleVector x3 = (DoubleVector) FloatVector.fromArray(F, x, at + 3 * L)
                        .convertShape(VectorOperators.F2D, D, 0);
                a0 = a0.add(x0.mul(wt));
                a1 = a1.add(x1.mul(wt));
                a2 = a2.add(x2.mul(wt));
                a3 = a3.add(x3.mul(wt));
            }
        }
        int out = base + oy * w + ox;
        {
            FloatVector t = (FloatVector) a0.convertShape(VectorOperators.D2F, F, 0);
            FloatVector v = FloatVector.fromArray(F, x, out);
            VectorMask<Float> nan = v.compare(VectorOperators.NE, v).or(t.compare(VectorOperators.NE, t));
            v.blend(t, v.compare(VectorOperators.LT, t)).blend(Float.NaN, nan).intoArray(y, out);
        }
        {
            FloatVector t = (FloatVector) a1.convertShape(VectorOperators.D2F, F, 0);
            FloatVector v = FloatVector.fromArray(F, x, out + L);
            VectorMask<Float> nan = v.compare(VectorOperators.NE, v).or(t.compare(VectorOperators.NE, t));
            v.blend(t, v.compare(VectorOperators.LT, t)).blend(Float.NaN, nan).intoArray(y, out + L);
        }
        {
            FloatVector t = (FloatVector) a2.convertShape(VectorOperators.D2F, F, 0);
            FloatVector v = FloatVector.fromArray(F, x, out + 2 * L);
            VectorMask<Float> nan = v.compare(VectorOperators.NE, v).or(t.compare(VectorOperators.NE, t));
            v.blend(t, v.compare(VectorOperators.LT, t)).blend(Float.NaN, nan).intoArray(y, out + 2 * L);
        }
        {
            FloatVector t = (FloatVector) a3.convertShape(VectorOperators.D2F, F, 0);
            FloatVector v = FloatVector.fromArray(F, x, out + 3 * L);
            VectorMask<Float> nan = v.compare(VectorOperators.NE, v).or(t.compare(VectorOperators.NE, t));
            v.blend(t, v.compare(VectorOperators.LT, t)).blend(Float.NaN, nan).intoArray(y, out + 3 * L);
        }
    }

    /** Columns [ox, ox + 2L) of row oy, their windows inside the row. */
    private static void inner2(float[] x, float[] y, int base, int oy, int kyFrom, int kyTo, int w, int k,
            double[] weight, int weightOff, double bias, int ox) {
        int p = k / 2;
        DoubleVector a0 = DoubleVector.broadcast(D, bias);
        DoubleVector a1 = a0;
        for (int ky = kyFrom; ky < kyTo; ky++) {
            int row = base + (oy + ky - p) * w + ox - p;
            int wk = weightOff + ky * k;
            for (int kx = 0; kx < k; kx++) {
                double wt = weight[wk + kx];
                int at = row + kx;
                DoubleVector x0 = (DoubleVector) FloatVector.fromArray(F, x, at)
                        .convertShape(VectorOperators.F2D, D, 0);
                DoubleVector x1 = (DoubleVector) FloatVector.fromArray(F, x, at + L)
                        .convertShape(VectorOperators.F2D, D, 0);
                a0 = a0.add(x0.mul(wt));
                a1 = a1.add(x1.mul(wt));
            }
        }
        int out = base + oy * w + ox;
        {
            FloatVector t = (FloatVector) a0.convertShape(VectorOperators.D2F, F, 0);
            FloatVector v = FloatVector.fromArray(F, x, out);
            VectorMask<Float> nan = v.compare(VectorOperators.NE, v).or(t.compare(VectorOperators.NE, t));
            v.blend(t, v.compare(VectorOperators.LT, t)).blend(Float.NaN, nan).intoArray(y, out);
        }
        {
            FloatVector t = (FloatVector) a1.convertShape(VectorOperators.D2F, F, 0);
            FloatVector v = FloatVector.fromArray(F, x, out + L);
            VectorMask<Float> nan = v.compare(VectorOperators.NE, v).or(t.compare(VectorOperators.NE, t));
            v.blend(t, v.compare(VectorOperators.LT, t)).blend(Float.NaN, nan).intoArray(y, out + L);
        }
    }

    /** Columns [ox, ox + L) of row oy, their windows inside the row. */
    private static void inner1(float[] x, float[] y, int base, int oy, int kyFrom, int kyTo, int w, int k,
            double[] weight, int weightOff, double bias, int ox) {
        int p = k / 2;
        DoubleVector a0 = DoubleVector.broadcast(D, bias);
        for (int ky = kyFrom; ky < kyTo; ky++) {
            int row = base + (oy + ky - p) * w + ox - p;
            int wk = weightOff + ky * k;
            for (int kx = 0; kx < k; kx++) {
                double wt = weight[wk + kx];
                int at = row + kx;
                DoubleVector x0 = (DoubleVector) FloatVector.fromArray(F, x, at)
                        .convertShape(VectorOperators.F2D, D, 0);
                a0 = a0.add(x0.mul(wt));
            }
        }
        int out = base + oy * w + ox;
        {
            FloatVector t = (FloatVector) a0.convertShape(VectorOperators.D2F, F, 0);
            FloatVector v = FloatVector.fromArray(F, x, out);
            VectorMask<Float> nan = v.compare(VectorOperators.NE, v).or(t.compare(VectorOperators.NE, t));
            v.blend(t, v.compare(VectorOperators.LT, t)).blend(Float.NaN, nan).intoArray(y, out);
        }
    }

    /** Columns [ox, ox + 4L) of row oy, their windows inside the row. */
    private static void inner4(double[] x, double[] y, int base, int oy, int kyFrom, int kyTo, int w, int k,
            double[] weight, int weightOff, double bias, int ox) {
        int p = k / 2;
        DoubleVector a0 = DoubleVector.broadcast(D, bias);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int ky = kyFrom; ky < kyTo; ky++) {
            int row = base + (oy + ky - p) * w + ox - p;
            int wk = weightOff + ky * k;
            for (int kx = 0; kx < k; kx++) {
                double wt = weight[wk + kx];
                int at = row + kx;
                DoubleVector x0 = DoubleVector.fromArray(D, x, at);
                DoubleVector x1 = DoubleVector.fromArray(D, x, at + L);
                DoubleVector x2 = DoubleVector.fromArray(D, x, at + 2 * L);
                DoubleVector x3 = DoubleVector.fromArray(D, x, at + 3 * L);
                a0 = a0.add(x0.mul(wt));
                a1 = a1.add(x1.mul(wt));
                a2 = a2.add(x2.mul(wt));
                a3 = a3.add(x3.mul(wt));
            }
        }
        int out = base + oy * w + ox;
        {
            DoubleVector v = DoubleVector.fromArray(D, x, out);
            VectorMask<Double> nan = v.compare(VectorOperators.NE, v).or(a0.compare(VectorOperators.NE, a0));
            v.blend(a0, v.compare(VectorOperators.LT, a0)).blend(Double.NaN, nan).intoArray(y, out);
        }
        {
            DoubleVector v = DoubleVector.fromArray(D, x, out + L);
            VectorMask<Double> nan = v.compare(VectorOperators.NE, v).or(a1.compare(VectorOperators.NE, a1));
            v.blend(a1, v.compare(VectorOperators.LT, a1)).blend(Double.NaN, nan).intoArray(y, out + L);
        }
        {
            DoubleVector v = DoubleVector.fromArray(D, x, out + 2 * L);
            VectorMask<Double> nan = v.compare(VectorOperators.NE, v).or(a2.compare(VectorOperators.NE, a2));
            v.blend(a2, v.compare(VectorOperators.LT, a2)).blend(Double.NaN, nan).intoArray(y, out + 2 * L);
        }
        {
            DoubleVector v = DoubleVector.fromArray(D, x, out + 3 * L);
            VectorMask<Double> nan = v.compare(VectorOperators.NE, v).or(a3.compare(VectorOperators.NE, a3));
            v.blend(a3, v.compare(VectorOperators.LT, a3)).blend(Double.NaN, nan).intoArray(y, out + 3 * L);
        }
    }

    /** Columns [ox, ox + 2L) of row oy, their windows inside the row. */
    private static void inner2(double[] x, double[] y, int base, int oy, int kyFrom, int kyTo, int w, int k,
            double[] weight, int weightOff, double bias, int ox) {
        int p = k / 2;
        DoubleVector a0 = DoubleVector.broadcast(D, bias);
        DoubleVector a1 = a0;
        for (int ky = kyFrom; ky < kyTo; ky++) {
            int row = base + (oy + ky - p) * w + ox - p;
            int wk = weightOff + ky * k;
            for (int kx = 0; kx < k; kx++) {
                double wt = weight[wk + kx];
                int at = row + kx;
                DoubleVector x0 = DoubleVector.fromArray(D, x, at);
                DoubleVector x1 = DoubleVector.fromArray(D, x, at + L);
                a0 = a0.add(x0.mul(wt));
                a1 = a1.add(x1.mul(wt));
            }
        }
        int out = base + oy * w + ox;
        {
            DoubleVector v = DoubleVector.fromArray(D, x, out);
            VectorMask<Double> nan = v.compare(VectorOperators.NE, v).or(a0.compare(VectorOperators.NE, a0));
            v.blend(a0, v.compare(VectorOperators.LT, a0)).blend(Double.NaN, nan).intoArray(y, out);
        }
        {
            DoubleVector v = DoubleVector.fromArray(D, x, out + L);
            VectorMask<Double> nan = v.compare(VectorOperators.NE, v).or(a1.compare(VectorOperators.NE, a1));
            v.blend(a1, v.compare(VectorOperators.LT, a1)).blend(Double.NaN, nan).intoArray(y, out + L);
        }
    }

    /** Columns [ox, ox + L) of row oy, their windows inside the row. */
    private static void inner1(double[] x, double[] y, int base, int oy, int kyFrom, int kyTo, int w, int k,
            double[] weight, int weightOff, double bias, int ox) {
        int p = k / 2;
        DoubleVector a0 = DoubleVector.broadcast(D, bias);
        for (int ky = kyFrom; ky < kyTo; ky++) {
            int row = base + (oy + ky - p) * w + ox - p;
            int wk = weightOff + ky * k;
            for (int kx = 0; kx < k; kx++) {
                double wt = weight[wk + kx];
                int at = row + kx;
                DoubleVector x0 = DoubleVector.fromArray(D, x, at);
                a0 = a0.add(x0.mul(wt));
            }
        }
        int out = base + oy * w + ox;
        {
            DoubleVector v = DoubleVector.fromArray(D, x, out);
            VectorMask<Double> nan = v.compare(VectorOperators.NE, v).or(a0.compare(VectorOperators.NE, a0));
            v.blend(a0, v.compare(VectorOperators.LT, a0)).blend(Double.NaN, nan).intoArray(y, out);
        }
    }

    /**
     * Columns c and w - 1 - c (c < k/2) of row oy, the scalar kernel's sums: the terms in the padding
     * skipped. Both windows keep k/2 + 1 + c columns, the left one's last ones, the right one's first
     * ones; the two sums are interleaved so that their adds' latencies overlap.
     */
    private static void edges(float[] x, float[] y, int base, int oy, int kyFrom, int kyTo, int w, int k,
            double[] weight, int weightOff, double bias, int c) {
        int p = k / 2;
        int n = p + 1 + c;
        int r = w - 1 - c;
        double left = bias;
        double right = bias;
        for (int ky = kyFrom; ky < kyTo; ky++) {
            int row = base + (oy + ky - p) * w;
            int wk = weightOff + ky * k;
            for (int i = 0; i < n; i++) {
                left += weight[wk + k - n + i] * x[row + i];
                right += weight[wk + i] * x[row + r - p + i];
            }
        }
        int out = base + oy * w;
        y[out + c] = max(x[out + c], (float) left);
        y[out + r] = max(x[out + r], (float) right);
    }

    /** The scalar kernel's max: NaN if either is NaN, else {@code a} unless {@code a < b}. */
    private static float max(float a, float b) {
        return a != a || b != b ? Float.NaN : a < b ? b : a;
    }

    /**
     * Columns c and w - 1 - c (c < k/2) of row oy, the scalar kernel's sums: the terms in the padding
     * skipped. Both windows keep k/2 + 1 + c columns, the left one's last ones, the right one's first
     * ones; the two sums are interleaved so that their adds' latencies overlap.
     */
    private static void edges(double[] x, double[] y, int base, int oy, int kyFrom, int kyTo, int w, int k,
            double[] weight, int weightOff, double bias, int c) {
        int p = k / 2;
        int n = p + 1 + c;
        int r = w - 1 - c;
        double left = bias;
        double right = bias;
        for (int ky = kyFrom; ky < kyTo; ky++) {
            int row = base + (oy + ky - p) * w;
            int wk = weightOff + ky * k;
            for (int i = 0; i < n; i++) {
                left += weight[wk + k - n + i] * x[row + i];
                right += weight[wk + i] * x[row + r - p + i];
            }
        }
        int out = base + oy * w;
        y[out + c] = max(x[out + c], left);
        y[out + r] = max(x[out + r], right);
    }

    /** The scalar kernel's max: NaN if either is NaN, else {@code a} unless {@code a < b}. */
    private static double max(double a, double b) {
        return a != a || b != b ? Double.NaN : a < b ? b : a;
    }
}
