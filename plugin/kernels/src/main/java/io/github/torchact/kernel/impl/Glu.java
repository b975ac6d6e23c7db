package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.CanonicalNaN;
import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.KernelArgs;
import io.github.torchact.kernel.math.AtenMath;
import io.github.torchact.kernel.math.Libm;
import io.github.torchact.kernel.vector.AlongDimLoops;
import io.github.torchact.kernel.vector.VectorSupport;

import java.lang.reflect.Array;

/**
 * glu(x) = a · sigmoid(b), where a and b are the first and second halves of x along {@code dim}, as
 * libtorch's {@code glu_kernel} (aten/src/ATen/native/cpu/Activation.cpp) computes it:
 * {@code a * (1 / (1 + exp(-b)))}.
 *
 * <p>The gradient follows {@code glu_backward_cpu_out} (aten/src/ATen/native/GatedLinearUnit.cpp):
 * s = sigmoid(b) by libtorch's sigmoid kernel, 1 / (1 + exp(0 - b)); then
 * ga = s · gy and gb = (1 - s) · s · a · gy, multiplied left to right.
 *
 * <p>Each outer slice's halves are one contiguous run for libtorch's TensorIterator: its last
 * {@code block mod 16} float32 / {@code block mod 8} float64 elements take the scalar loop, glibc's
 * {@code exp} ({@link Libm}).
 *
 * <p>Outer slices go to threads ({@link DimSplit#runOuter}); in float32 each slice's halves run
 * their Vector API form first where loaded ({@link AlongDimLoops#glu}), with the same bits.
 */
public final class Glu implements Kernel, ScalarPath {

    private final long dim;

    /** GLU halving the input along {@code dim}. */
    public Glu(long dim) {
        this.dim = dim;
    }

    /** The input's shape with {@code dim} halved. */
    @Override
    public long[] outputShape(long[] shape) {
        DimSplit s = split(shape);
        long[] out = shape.clone();
        out[Kernel.normalizeDim(dim, shape.length)] = s.size() / 2;
        return out;
    }

    private DimSplit split(long[] shape) {
        if (KernelArgs.nonNull(shape, "shape").length == 0) {
            throw new IllegalArgumentException("glu does not support scalars because halving size must be even");
        }
        DimSplit s = DimSplit.of(shape, dim);
        if (s.size() % 2 != 0) {
            throw new IllegalArgumentException("Halving dimension must be even, but dimension "
                    + Kernel.normalizeDim(dim, shape.length) + " is size " + s.size());
        }
        return s;
    }

    @Override
    public void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        DimSplit s = checkForward(x, shape, weights, y);
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> DimSplit.grouped(a, b, s.slice() / 2, (c, d) -> forward(x, s, y, c, d, v),
                (f, t) -> v.canonicalNaN(y, f, t - f)));
    }

    @Override
    public void forwardScalar(float[] x, long[] shape, float[] y) {
        DimSplit s = checkForward(x, shape, new float[0][], y);
        forward(x, s, y, 0, s.outer(), AlongDimLoops.NONE);
        CanonicalNaN.in(y, 0, s.numel() / 2);
    }

    private static void forward(float[] x, DimSplit s, float[] y, int from, int to, AlongDimLoops v) {
        int block = s.size() / 2 * s.inner();
        for (int o = from; o < to; o++) {
            int in = o * 2 * block;
            int out = o * block;
            int body = ElementwiseKernel.bodyLength(block, false);
            for (int k = v.glu(x, in, in + block, y, out, body); k < body; k++) {
                float a = x[in + k];
                float b = x[in + block + k];
                y[out + k] = a * (1f / (1f + AtenMath.exp(-b)));
            }
            for (int k = body; k < block; k++) {
                float a = x[in + k];
                float b = x[in + block + k];
                y[out + k] = a * (1f / (1f + Libm.exp(-b)));
            }
        }
    }

    /** Null, shape, length and overlap checks ({@link Kernel}'s contracts: y may not overlap x at all). */
    private DimSplit checkForward(Object x, long[] shape, Object[] weights, Object y) {
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNullElements(weights, "weights");
        KernelArgs.nonNull(y, "y");
        DimSplit s = split(shape);
        DimSplit.checkLength(Array.getLength(x), s.numel(), "x");
        DimSplit.checkLength(Array.getLength(y), s.numel() / 2, "y");
        KernelArgs.checkForward(x, s.numel(), weights, y, s.numel() / 2);
        return s;
    }

    @Override
    public void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        DimSplit s = checkForward(x, shape, weights, y);
        int half = s.size() / 2;
        int inner = s.inner();
        int block = half * inner;
        for (int o = 0; o < s.outer(); o++) {
            int in = o * 2 * block;
            int out = o * block;
            int body = ElementwiseKernel.bodyLength(block, true);
            for (int k = 0; k < block; k++) {
                double a = x[in + k];
                double b = x[in + block + k];
                double e = k < body ? AtenMath.exp(-b) : Libm.exp(-b);
                y[out + k] = CanonicalNaN.of(a * (1d / (1d + e)));
            }
        }
    }

    @Override
    public void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        DimSplit s = checkBackward(x, shape, weights, gy, gx, gw);
        AlongDimLoops v = VectorSupport.alongDim();
        s.runOuter((a, b) -> DimSplit.grouped(a, b, s.slice(), (c, d) -> backward(x, s, gy, gx, c, d, v),
                (f, t) -> v.canonicalNaN(gx, f, t - f)));
    }

    @Override
    public void backwardScalar(float[] x, long[] shape, float[] gy, float[] gx) {
        DimSplit s = checkBackward(x, shape, new float[0][], gy, gx, new float[0][]);
        backward(x, s, gy, gx, 0, s.outer(), AlongDimLoops.NONE);
        CanonicalNaN.in(gx, 0, s.numel());
    }

    private static void backward(float[] x, DimSplit s, float[] gy, float[] gx, int from, int to, AlongDimLoops v) {
        int block = s.size() / 2 * s.inner();
        for (int o = from; o < to; o++) {
            int in = o * 2 * block;
            int out = o * block;
            int body = ElementwiseKernel.bodyLength(block, false);
            for (int k = v.gluBackward(x, in, in + block, gy, out, gx, body); k < block; k++) {
                float a = x[in + k];
                float b = x[in + block + k];
                float sig = k < body ? 1f / (1f + AtenMath.exp(0f - b)) : 1f / (1f + Libm.exp(-b));
                float g = gy[out + k];
                gx[in + block + k] = (1f - sig) * sig * a * g;
                gx[in + k] = sig * g;
            }
        }
    }

    /** As {@link #checkForward}: gx (x's shape) may be x itself, and overlaps gy (half the size) not at all. */
    private DimSplit checkBackward(Object x, long[] shape, Object[] weights, Object gy, Object gx, Object[] gw) {
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNullElements(weights, "weights");
        KernelArgs.nonNull(gy, "gy");
        KernelArgs.nonNull(gx, "gx");
        KernelArgs.nonNullElements(gw, "gw");
        DimSplit s = split(shape);
        DimSplit.checkLength(Array.getLength(x), s.numel(), "x");
        DimSplit.checkLength(Array.getLength(gx), s.numel(), "gx");
        DimSplit.checkLength(Array.getLength(gy), s.numel() / 2, "gy");
        KernelArgs.checkBackward(x, s.numel(), weights, gy, s.numel() / 2, gx, s.numel(), gw);
        return s;
    }

    /** The float64 kernel has no vector form: its scalar path is the kernel. */
    @Override
    public void forwardScalar(double[] x, long[] shape, double[] y) {
        forward(x, shape, new double[0][], y);
    }

    /** The float64 kernel has no vector form: its scalar path is the kernel. */
    @Override
    public void backwardScalar(double[] x, long[] shape, double[] gy, double[] gx) {
        backward(x, shape, new double[0][], gy, gx, new double[0][]);
    }

    @Override
    public void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        DimSplit s = checkBackward(x, shape, weights, gy, gx, gw);
        int block = s.size() / 2 * s.inner();
        for (int o = 0; o < s.outer(); o++) {
            int in = o * 2 * block;
            int out = o * block;
            int body = ElementwiseKernel.bodyLength(block, true);
            for (int k = 0; k < block; k++) {
                double a = x[in + k];
                double b = x[in + block + k];
                double sig = k < body ? 1d / (1d + AtenMath.exp(0d - b)) : 1d / (1d + Libm.exp(-b));
                double g = gy[out + k];
                gx[in + block + k] = CanonicalNaN.of((1d - sig) * sig * a * g);
                gx[in + k] = CanonicalNaN.of(sig * g);
            }
        }
    }
}
