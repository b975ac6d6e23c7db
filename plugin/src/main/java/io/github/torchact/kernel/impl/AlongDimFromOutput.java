package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.vector.AlongDimLoops;
import io.github.torchact.kernel.vector.VectorSupport;

/**
 * The shape handling shared by softmax and log_softmax: both compute along {@code dim} of an
 * [outer, size, inner] view, and both take their gradient from the forward output, so backward is
 * "forward, then the gradient from y". Subclasses give the two computations over the outer slices
 * [from, to) of a {@link DimSplit}; here those ranges go to threads ({@link DimSplit#runOuter}) and
 * the float32 ones get the Vector API forms ({@link VectorSupport#alongDim()}), or neither on the
 * {@link ScalarPath}.
 */
abstract class AlongDimFromOutput implements Kernel, ScalarPath {

    private final long dim;

    AlongDimFromOutput(long dim) {
        this.dim = dim;
    }

    abstract void forward(float[] x, DimSplit s, float[] y, int from, int to, AlongDimLoops v);

    abstract void forward(double[] x, DimSplit s, double[] y, int from, int to);

    abstract void backwardFromOutput(float[] y, float[] gy, DimSplit s, float[] gx, int from, int to, AlongDimLoops v);

    abstract void backwardFromOutput(double[] y, double[] gy, DimSplit s, double[] gx, int from, int to);

    @Override
    public final void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        DimSplit s = split(shape, x.length, y.length);
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> forward(x, s, y, a, b, v));
    }

    @Override
    public final void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        DimSplit s = split(shape, x.length, y.length);
        s.runOuter((a, b) -> forward(x, s, y, a, b));
    }

    @Override
    public final void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        DimSplit s = split(shape, x.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        float[] y = new float[s.numel()];
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> {
            forward(x, s, y, a, b, v);
            backwardFromOutput(y, gy, s, gx, a, b, v);
        });
    }

    @Override
    public final void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        DimSplit s = split(shape, x.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        double[] y = new double[s.numel()];
        s.runOuter((a, b) -> {
            forward(x, s, y, a, b);
            backwardFromOutput(y, gy, s, gx, a, b);
        });
    }

    @Override
    public final void forwardScalar(float[] x, long[] shape, float[] y) {
        DimSplit s = split(shape, x.length, y.length);
        forward(x, s, y, 0, s.outer(), AlongDimLoops.NONE);
    }

    @Override
    public final void backwardScalar(float[] x, long[] shape, float[] gy, float[] gx) {
        DimSplit s = split(shape, x.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        float[] y = new float[s.numel()];
        forward(x, s, y, 0, s.outer(), AlongDimLoops.NONE);
        backwardFromOutput(y, gy, s, gx, 0, s.outer(), AlongDimLoops.NONE);
    }

    /** The input gradient from the forward output {@code y} (libtorch's backward-data kernel). */
    public final void backwardFromOutput(float[] y, float[] gy, long[] shape, float[] gx) {
        DimSplit s = split(shape, y.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> backwardFromOutput(y, gy, s, gx, a, b, v));
    }

    /** The input gradient from the forward output {@code y} (libtorch's backward-data kernel). */
    public final void backwardFromOutput(double[] y, double[] gy, long[] shape, double[] gx) {
        DimSplit s = split(shape, y.length, gx.length);
        DimSplit.checkLength(gy.length, s.numel(), "gy");
        s.runOuter((a, b) -> backwardFromOutput(y, gy, s, gx, a, b));
    }

    private DimSplit split(long[] shape, int inLength, int outLength) {
        DimSplit s = DimSplit.of(shape, dim);
        DimSplit.checkLength(inLength, s.numel(), "x");
        DimSplit.checkLength(outLength, s.numel(), "output");
        return s;
    }
}
