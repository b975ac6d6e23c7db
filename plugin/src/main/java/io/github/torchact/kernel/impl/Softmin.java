package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.Kernel;

/**
 * softmin(x) = softmax(-x) along {@code dim}, as {@code torch.nn.functional.softmin} computes it:
 * {@code torch.neg} then {@link Softmax}'s kernel. The gradient is the softmax gradient at -x,
 * negated by {@code neg}'s backward: gx = -((gy - sum(gy · y)) · y).
 */
public final class Softmin implements Kernel {

    private final long dim;

    public Softmin(long dim) {
        this.dim = dim;
    }

    @Override
    public void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        DimSplit s = split(shape, x.length, y.length);
        Softmax.forwardSplit(negate(x, s.numel()), s, y);
    }

    @Override
    public void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        DimSplit s = split(shape, x.length, y.length);
        Softmax.forwardSplit(negate(x, s.numel()), s, y);
    }

    @Override
    public void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        DimSplit s = split(shape, x.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        float[] y = new float[s.numel()];
        Softmax.forwardSplit(negate(x, s.numel()), s, y);
        Softmax.backwardSplit(y, gy, s, gx);
        for (int i = 0; i < s.numel(); i++) {
            gx[i] = -gx[i];
        }
    }

    @Override
    public void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        DimSplit s = split(shape, x.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        double[] y = new double[s.numel()];
        Softmax.forwardSplit(negate(x, s.numel()), s, y);
        Softmax.backwardSplit(y, gy, s, gx);
        for (int i = 0; i < s.numel(); i++) {
            gx[i] = -gx[i];
        }
    }

    private DimSplit split(long[] shape, int inLength, int outLength) {
        DimSplit s = DimSplit.of(shape, dim);
        DimSplit.checkLength(inLength, s.numel(), "x");
        DimSplit.checkLength(outLength, s.numel(), "output");
        return s;
    }

    private static float[] negate(float[] x, int n) {
        float[] m = new float[n];
        for (int i = 0; i < n; i++) {
            m[i] = -x[i];
        }
        return m;
    }

    private static double[] negate(double[] x, int n) {
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = -x[i];
        }
        return m;
    }
}
