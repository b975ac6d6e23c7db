package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link FunnelLoops} the JVM gets with {@code jdk.incubator.vector}: loaded reflectively by
 * {@link VectorSupport#funnel()}. One double vector of adjacent output columns per step, its sum held
 * in a register over the k×k window (float32 inputs widened exactly by {@code F2D}), rounded by
 * {@code D2F} as the scalar kernel's cast; the last step of a row overlaps the one before it instead of
 * leaving a scalar tail (it recomputes the same bits, which is why x and y must not overlap). Rows
 * whose interior is narrower than one vector are left to the scalar loop.
 */
public final class FunnelVector implements FunnelLoops {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats with as many lanes as {@link #D}, widened to it and narrowed back. */
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    @Override
    public int interior(float[] x, float[] y, int base, int h, int w, int k, double[] weight, int weightOff,
            double bias) {
        int p = k / 2;
        int end = w - p;
        int last = end - D.length();
        if (last < p) {
            return p;
        }
        for (int oy = 0; oy < h; oy++) {
            int kyFrom = Math.max(0, p - oy);
            int kyTo = Math.min(k, h + p - oy);
            int out = base + oy * w;
            for (int ox = p;; ox = Math.min(ox + D.length(), last)) {
                DoubleVector acc = DoubleVector.broadcast(D, bias);
                for (int ky = kyFrom; ky < kyTo; ky++) {
                    int row = base + (oy + ky - p) * w + ox - p;
                    int wk = weightOff + ky * k;
                    for (int kx = 0; kx < k; kx++) {
                        DoubleVector xv = (DoubleVector) FloatVector.fromArray(F, x, row + kx)
                                .convertShape(VectorOperators.F2D, D, 0);
                        acc = acc.add(xv.mul(weight[wk + kx]));
                    }
                }
                FloatVector t = (FloatVector) acc.convertShape(VectorOperators.D2F, F, 0);
                FloatVector a = FloatVector.fromArray(F, x, out + ox);
                VectorMask<Float> nan = a.compare(VectorOperators.NE, a).or(t.compare(VectorOperators.NE, t));
                a.blend(t, a.compare(VectorOperators.LT, t)).blend(Float.NaN, nan).intoArray(y, out + ox);
                if (ox == last) {
                    break;
                }
            }
        }
        return end;
    }

    @Override
    public int interior(double[] x, double[] y, int base, int h, int w, int k, double[] weight, int weightOff,
            double bias) {
        int p = k / 2;
        int end = w - p;
        int last = end - D.length();
        if (last < p) {
            return p;
        }
        for (int oy = 0; oy < h; oy++) {
            int kyFrom = Math.max(0, p - oy);
            int kyTo = Math.min(k, h + p - oy);
            int out = base + oy * w;
            for (int ox = p;; ox = Math.min(ox + D.length(), last)) {
                DoubleVector acc = DoubleVector.broadcast(D, bias);
                for (int ky = kyFrom; ky < kyTo; ky++) {
                    int row = base + (oy + ky - p) * w + ox - p;
                    int wk = weightOff + ky * k;
                    for (int kx = 0; kx < k; kx++) {
                        acc = acc.add(DoubleVector.fromArray(D, x, row + kx).mul(weight[wk + kx]));
                    }
                }
                DoubleVector a = DoubleVector.fromArray(D, x, out + ox);
                VectorMask<Double> nan = a.compare(VectorOperators.NE, a).or(acc.compare(VectorOperators.NE, acc));
                a.blend(acc, a.compare(VectorOperators.LT, acc)).blend(Double.NaN, nan).intoArray(y, out + ox);
                if (ox == last) {
                    break;
                }
            }
        }
        return end;
    }
}
