package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.Kernel;

/**
 * The shape handling shared by softmax and log_softmax: both compute along {@code dim} of an
 * [outer, size, inner] view, and both take their gradient from the forward output, so backward is
 * "forward, then the gradient from y". Subclasses give the two computations on a {@link DimSplit}.
 */
abstract class AlongDimFromOutput implements Kernel {

    private final long dim;

    AlongDimFromOutput(long dim) {
        this.dim = dim;
    }

    abstract void forward(float[] x, DimSplit s, float[] y);

    abstract void forward(double[] x, DimSplit s, double[] y);

    abstract void backwardFromOutput(float[] y, float[] gy, DimSplit s, float[] gx);

    abstract void backwardFromOutput(double[] y, double[] gy, DimSplit s, double[] gx);

    @Override
    public final void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        forward(x, split(shape, x.length, y.length), y);
    }

    @Override
    public final void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        forward(x, split(shape, x.length, y.length), y);
    }

    @Override
    public final void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        DimSplit s = split(shape, x.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        float[] y = new float[s.numel()];
        forward(x, s, y);
        backwardFromOutput(y, gy, s, gx);
    }

    @Override
    public final void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        DimSplit s = split(shape, x.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        double[] y = new double[s.numel()];
        forward(x, s, y);
        backwardFromOutput(y, gy, s, gx);
    }

    /** The input gradient from the forward output {@code y} (libtorch's backward-data kernel). */
    public final void backwardFromOutput(float[] y, float[] gy, long[] shape, float[] gx) {
        DimSplit s = split(shape, y.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        backwardFromOutput(y, gy, s, gx);
    }

    /** The input gradient from the forward output {@code y} (libtorch's backward-data kernel). */
    public final void backwardFromOutput(double[] y, double[] gy, long[] shape, double[] gx) {
        DimSplit s = split(shape, y.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        backwardFromOutput(y, gy, s, gx);
    }

    private DimSplit split(long[] shape, int inLength, int outLength) {
        DimSplit s = DimSplit.of(shape, dim);
        DimSplit.checkLength(inLength, s.numel(), "x");
        DimSplit.checkLength(outLength, s.numel(), "output");
        return s;
    }
}
