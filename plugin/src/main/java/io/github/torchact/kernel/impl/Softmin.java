package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.vector.AlongDimLoops;
import io.github.torchact.kernel.vector.VectorSupport;

/**
 * softmin(x) = softmax(-x) along {@code dim}, as {@code torch.nn.functional.softmin} computes it:
 * {@code torch.neg} then {@link Softmax}'s kernel. The gradient is the softmax gradient at -x,
 * negated by {@code neg}'s backward: gx = -((gy - sum(gy · y)) · y). Threads and the float32 vector
 * forms as for {@link Softmax}.
 */
public final class Softmin implements Kernel, ScalarPath {

    private final long dim;

    public Softmin(long dim) {
        this.dim = dim;
    }

    @Override
    public void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        DimSplit s = split(shape, x.length, y.length);
        float[] m = new float[s.numel()];
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> forward(x, m, s, y, a, b, v));
    }

    @Override
    public void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        DimSplit s = split(shape, x.length, y.length);
        double[] m = new double[s.numel()];
        s.runOuter((a, b) -> {
            int slice = s.size() * s.inner();
            negate(x, m, a * slice, b * slice);
            Softmax.forwardRows(m, s, y, a, b);
        });
    }

    @Override
    public void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        DimSplit s = split(shape, x.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        float[] m = new float[s.numel()];
        float[] y = new float[s.numel()];
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> backward(x, m, y, gy, s, gx, a, b, v));
    }

    @Override
    public void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        DimSplit s = split(shape, x.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        double[] m = new double[s.numel()];
        double[] y = new double[s.numel()];
        s.runOuter((a, b) -> {
            int slice = s.size() * s.inner();
            negate(x, m, a * slice, b * slice);
            Softmax.forwardRows(m, s, y, a, b);
            Softmax.backwardRows(y, gy, s, gx, a, b);
            for (int i = a * slice; i < b * slice; i++) {
                gx[i] = -gx[i];
            }
        });
    }

    @Override
    public void forwardScalar(float[] x, long[] shape, float[] y) {
        DimSplit s = split(shape, x.length, y.length);
        forward(x, new float[s.numel()], s, y, 0, s.outer(), AlongDimLoops.NONE);
    }

    @Override
    public void backwardScalar(float[] x, long[] shape, float[] gy, float[] gx) {
        DimSplit s = split(shape, x.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        backward(x, new float[s.numel()], new float[s.numel()], gy, s, gx, 0, s.outer(), AlongDimLoops.NONE);
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
        for (int i = from * slice; i < to * slice; i++) {
            gx[i] = -gx[i];
        }
    }

    private DimSplit split(long[] shape, int inLength, int outLength) {
        DimSplit s = DimSplit.of(shape, dim);
        DimSplit.checkLength(inLength, s.numel(), "x");
        DimSplit.checkLength(outLength, s.numel(), "output");
        return s;
    }

    private static void negate(float[] x, float[] m, int from, int to) {
        for (int i = from; i < to; i++) {
            m[i] = -x[i];
        }
    }

    private static void negate(double[] x, double[] m, int from, int to) {
        for (int i = from; i < to; i++) {
            m[i] = -x[i];
        }
    }
}
