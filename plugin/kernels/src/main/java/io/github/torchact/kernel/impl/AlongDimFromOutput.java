package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.CanonicalNaN;
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
        DimSplit s = DimSplit.checkedForward(shape, dim, x, weights, y);
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> DimSplit.grouped(a, b, s.slice(), (c, d) -> forward(x, s, y, c, d, v),
                (f, t) -> v.canonicalNaN(y, f, t - f)));
    }

    @Override
    public final void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        DimSplit s = DimSplit.checkedForward(shape, dim, x, weights, y);
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> DimSplit.grouped(a, b, s.slice(), (c, d) -> forward(x, s, y, c, d),
                (f, t) -> v.canonicalNaN(y, f, t - f)));
    }

    @Override
    public final void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        DimSplit s = DimSplit.checkedBackward(shape, dim, x, weights, gy, gx, gw);
        float[] y = new float[s.numel()];
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> DimSplit.grouped(a, b, s.slice(), (c, d) -> {
            forward(x, s, y, c, d, v);
            backwardFromOutput(y, gy, s, gx, c, d, v);
        }, (f, t) -> v.canonicalNaN(gx, f, t - f)));
    }

    @Override
    public final void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        DimSplit s = DimSplit.checkedBackward(shape, dim, x, weights, gy, gx, gw);
        double[] y = new double[s.numel()];
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> DimSplit.grouped(a, b, s.slice(), (c, d) -> {
            forward(x, s, y, c, d);
            backwardFromOutput(y, gy, s, gx, c, d);
        }, (f, t) -> v.canonicalNaN(gx, f, t - f)));
    }

    @Override
    public final void forwardScalar(float[] x, long[] shape, float[] y) {
        DimSplit s = DimSplit.checkedForward(shape, dim, x, new float[0][], y);
        forward(x, s, y, 0, s.outer(), AlongDimLoops.NONE);
        CanonicalNaN.in(y, 0, s.numel());
    }

    @Override
    public final void backwardScalar(float[] x, long[] shape, float[] gy, float[] gx) {
        DimSplit s = DimSplit.checkedBackward(shape, dim, x, new float[0][], gy, gx, new float[0][]);
        float[] y = new float[s.numel()];
        forward(x, s, y, 0, s.outer(), AlongDimLoops.NONE);
        backwardFromOutput(y, gy, s, gx, 0, s.outer(), AlongDimLoops.NONE);
        CanonicalNaN.in(gx, 0, s.numel());
    }

    /** The input gradient from the forward output {@code y} (libtorch's backward-data kernel). */
    public final void backwardFromOutput(float[] y, float[] gy, long[] shape, float[] gx) {
        DimSplit s = DimSplit.checkedBackward(shape, dim, y, new float[0][], gy, gx, new float[0][]);
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> DimSplit.grouped(a, b, s.slice(), (c, d) -> backwardFromOutput(y, gy, s, gx, c, d, v),
                (f, t) -> v.canonicalNaN(gx, f, t - f)));
    }

    /** The input gradient from the forward output {@code y} (libtorch's backward-data kernel). */
    public final void backwardFromOutput(double[] y, double[] gy, long[] shape, double[] gx) {
        DimSplit s = DimSplit.checkedBackward(shape, dim, y, new double[0][], gy, gx, new double[0][]);
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> DimSplit.grouped(a, b, s.slice(), (c, d) -> backwardFromOutput(y, gy, s, gx, c, d),
                (f, t) -> v.canonicalNaN(gx, f, t - f)));
    }
}
