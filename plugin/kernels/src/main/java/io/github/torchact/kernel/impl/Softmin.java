package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.CanonicalNaN;
import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.vector.AlongDimLoops;
import io.github.torchact.kernel.vector.VectorSupport;


/**
 * softmin(x) = softmax(-x) along {@code dim}, as {@code torch.nn.functional.softmin} computes it:
 * {@code torch.neg} then {@link Softmax}'s kernel. The gradient is the softmax gradient at -x,
 * negated by {@code neg}'s backward: gx = -((gy - sum(gy · y)) · y). Threads and the vector
 * forms as for {@link Softmax}.
 */
public final class Softmin implements Kernel, ScalarPath {

    private final long dim;

    /** Softmin along {@code dim}. */
    public Softmin(long dim) {
        this.dim = dim;
    }

    @Override
    public void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        DimSplit s = DimSplit.checkedForward(shape, dim, x, weights, y);
        float[] m = new float[s.numel()];
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> DimSplit.grouped(a, b, s.slice(), (c, d) -> forward(x, m, s, y, c, d, v),
                (f, t) -> v.canonicalNaN(y, f, t - f)));
    }

    @Override
    public void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        DimSplit s = DimSplit.checkedForward(shape, dim, x, weights, y);
        double[] m = new double[s.numel()];
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> DimSplit.grouped(a, b, s.slice(), (c, d) -> forward(x, m, s, y, c, d, v),
                (f, t) -> v.canonicalNaN(y, f, t - f)));
    }

    @Override
    public void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        DimSplit s = DimSplit.checkedBackward(shape, dim, x, weights, gy, gx, gw);
        float[] m = new float[s.numel()];
        float[] y = new float[s.numel()];
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> backward(x, m, y, gy, s, gx, a, b, v));
    }

    @Override
    public void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        DimSplit s = DimSplit.checkedBackward(shape, dim, x, weights, gy, gx, gw);
        double[] m = new double[s.numel()];
        double[] y = new double[s.numel()];
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> backward(x, m, y, gy, s, gx, a, b, v));
    }

    @Override
    public void forwardScalar(float[] x, long[] shape, float[] y) {
        DimSplit s = DimSplit.checkedForward(shape, dim, x, new float[0][], y);
        forward(x, new float[s.numel()], s, y, 0, s.outer(), AlongDimLoops.NONE);
        CanonicalNaN.in(y, 0, s.numel());
    }

    @Override
    public void backwardScalar(float[] x, long[] shape, float[] gy, float[] gx) {
        DimSplit s = DimSplit.checkedBackward(shape, dim, x, new float[0][], gy, gx, new float[0][]);
        backward(x, new float[s.numel()], new float[s.numel()], gy, s, gx, 0, s.outer(), AlongDimLoops.NONE);
    }

    @Override
    public void forwardScalar(double[] x, long[] shape, double[] y) {
        DimSplit s = DimSplit.checkedForward(shape, dim, x, new double[0][], y);
        forward(x, new double[s.numel()], s, y, 0, s.outer(), AlongDimLoops.NONE);
        CanonicalNaN.in(y, 0, s.numel());
    }

    @Override
    public void backwardScalar(double[] x, long[] shape, double[] gy, double[] gx) {
        DimSplit s = DimSplit.checkedBackward(shape, dim, x, new double[0][], gy, gx, new double[0][]);
        backward(x, new double[s.numel()], new double[s.numel()], gy, s, gx, 0, s.outer(), AlongDimLoops.NONE);
    }

    /** Outer slices [from, to): m = -x there, then softmax of m into y. */
    private static void forward(float[] x, float[] m, DimSplit s, float[] y, int from, int to, AlongDimLoops v) {
        int slice = s.size() * s.inner();
        negate(x, m, from * slice, to * slice);
        Softmax.forwardRows(m, s, y, from, to, v);
    }

    private static void backward(float[] x, float[] m, float[] y, float[] gy, DimSplit s, float[] gx,
            int from, int to, AlongDimLoops v) {
        forward(x, m, s, y, from, to, v);
        Softmax.backwardRows(y, gy, s, gx, from, to, v);
        int slice = s.size() * s.inner();
        negate(gx, gx, from * slice, to * slice);
    }

    /** Outer slices [from, to): m = -x there, then softmax of m into y. */
    private static void forward(double[] x, double[] m, DimSplit s, double[] y, int from, int to, AlongDimLoops v) {
        int slice = s.size() * s.inner();
        negate(x, m, from * slice, to * slice);
        Softmax.forwardRows(m, s, y, from, to, v);
    }

    private static void backward(double[] x, double[] m, double[] y, double[] gy, DimSplit s, double[] gx,
            int from, int to, AlongDimLoops v) {
        forward(x, m, s, y, from, to, v);
        Softmax.backwardRows(y, gy, s, gx, from, to, v);
        int slice = s.size() * s.inner();
        negate(gx, gx, from * slice, to * slice);
    }

    /** m = -x over [from, to) (m may be x); a NaN becomes the canonical NaN. */
    private static void negate(float[] x, float[] m, int from, int to) {
        for (int i = from; i < to; i++) {
            m[i] = CanonicalNaN.of(-x[i]);
        }
    }

    /** m = -x over [from, to) (m may be x); a NaN becomes the canonical NaN. */
    private static void negate(double[] x, double[] m, int from, int to) {
        for (int i = from; i < to; i++) {
            m[i] = CanonicalNaN.of(-x[i]);
        }
    }
}
