package io.github.torchact.kernel;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A kernel whose output element depends on its input element alone, over array ranges and NIO
 * buffers (heap or direct) so callers avoid copies.
 *
 * <p>Subclasses define the scalar functions; fast subclasses also override the array loops. Every
 * override must give the same bits as the scalar definition.
 */
public abstract class ElementwiseKernel implements Kernel {

    private static final int CHUNK = 1024;
    private static final ThreadLocal<float[][]> F32_SCRATCH =
            ThreadLocal.withInitial(() -> new float[3][CHUNK]);
    private static final ThreadLocal<double[][]> F64_SCRATCH =
            ThreadLocal.withInitial(() -> new double[3][CHUNK]);

    /** f(x) in float32 arithmetic, as libtorch computes it. */
    public abstract float apply(float x);

    /** f(x) in float64 arithmetic, as libtorch computes it. */
    public abstract double apply(double x);

    /** The gradient {@code gy · f'(x)} as libtorch's autograd computes it. */
    public abstract float grad(float x, float gy);

    /** The gradient {@code gy · f'(x)} as libtorch's autograd computes it. */
    public abstract double grad(double x, double gy);

    public void forward(float[] x, int xOff, float[] y, int yOff, int len) {
        checkRange(x.length, xOff, len, "x");
        checkRange(y.length, yOff, len, "y");
        for (int i = 0; i < len; i++) {
            y[yOff + i] = apply(x[xOff + i]);
        }
    }

    public void forward(double[] x, int xOff, double[] y, int yOff, int len) {
        checkRange(x.length, xOff, len, "x");
        checkRange(y.length, yOff, len, "y");
        for (int i = 0; i < len; i++) {
            y[yOff + i] = apply(x[xOff + i]);
        }
    }

    public void backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        checkRange(x.length, xOff, len, "x");
        checkRange(gy.length, gyOff, len, "gy");
        checkRange(gx.length, gxOff, len, "gx");
        for (int i = 0; i < len; i++) {
            gx[gxOff + i] = grad(x[xOff + i], gy[gyOff + i]);
        }
    }

    public void backward(
            double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        checkRange(x.length, xOff, len, "x");
        checkRange(gy.length, gyOff, len, "gy");
        checkRange(gx.length, gxOff, len, "gx");
        for (int i = 0; i < len; i++) {
            gx[gxOff + i] = grad(x[xOff + i], gy[gyOff + i]);
        }
    }

    /** y = f(x) over the buffers' remaining elements; positions are left unchanged. */
    public void forward(FloatBuffer x, FloatBuffer y) {
        int len = sameRemaining(x.remaining(), y.remaining());
        if (x.hasArray() && y.hasArray() && !y.isReadOnly()) {
            forward(x.array(), x.arrayOffset() + x.position(), y.array(), y.arrayOffset() + y.position(), len);
            return;
        }
        float[][] s = F32_SCRATCH.get();
        for (int done = 0; done < len; done += CHUNK) {
            int n = Math.min(CHUNK, len - done);
            x.get(x.position() + done, s[0], 0, n);
            forward(s[0], 0, s[1], 0, n);
            y.put(y.position() + done, s[1], 0, n);
        }
    }

    /** y = f(x) over the buffers' remaining elements; positions are left unchanged. */
    public void forward(DoubleBuffer x, DoubleBuffer y) {
        int len = sameRemaining(x.remaining(), y.remaining());
        if (x.hasArray() && y.hasArray() && !y.isReadOnly()) {
            forward(x.array(), x.arrayOffset() + x.position(), y.array(), y.arrayOffset() + y.position(), len);
            return;
        }
        double[][] s = F64_SCRATCH.get();
        for (int done = 0; done < len; done += CHUNK) {
            int n = Math.min(CHUNK, len - done);
            x.get(x.position() + done, s[0], 0, n);
            forward(s[0], 0, s[1], 0, n);
            y.put(y.position() + done, s[1], 0, n);
        }
    }

    /** gx = gy · f'(x) over the buffers' remaining elements; positions are left unchanged. */
    public void backward(FloatBuffer x, FloatBuffer gy, FloatBuffer gx) {
        int len = sameRemaining(sameRemaining(x.remaining(), gy.remaining()), gx.remaining());
        if (x.hasArray() && gy.hasArray() && gx.hasArray() && !gx.isReadOnly()) {
            backward(x.array(), x.arrayOffset() + x.position(), gy.array(), gy.arrayOffset() + gy.position(),
                    gx.array(), gx.arrayOffset() + gx.position(), len);
            return;
        }
        float[][] s = F32_SCRATCH.get();
        for (int done = 0; done < len; done += CHUNK) {
            int n = Math.min(CHUNK, len - done);
            x.get(x.position() + done, s[0], 0, n);
            gy.get(gy.position() + done, s[1], 0, n);
            backward(s[0], 0, s[1], 0, s[2], 0, n);
            gx.put(gx.position() + done, s[2], 0, n);
        }
    }

    /** gx = gy · f'(x) over the buffers' remaining elements; positions are left unchanged. */
    public void backward(DoubleBuffer x, DoubleBuffer gy, DoubleBuffer gx) {
        int len = sameRemaining(sameRemaining(x.remaining(), gy.remaining()), gx.remaining());
        if (x.hasArray() && gy.hasArray() && gx.hasArray() && !gx.isReadOnly()) {
            backward(x.array(), x.arrayOffset() + x.position(), gy.array(), gy.arrayOffset() + gy.position(),
                    gx.array(), gx.arrayOffset() + gx.position(), len);
            return;
        }
        double[][] s = F64_SCRATCH.get();
        for (int done = 0; done < len; done += CHUNK) {
            int n = Math.min(CHUNK, len - done);
            x.get(x.position() + done, s[0], 0, n);
            gy.get(gy.position() + done, s[1], 0, n);
            backward(s[0], 0, s[1], 0, s[2], 0, n);
            gx.put(gx.position() + done, s[2], 0, n);
        }
    }

    @Override
    public final void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        forward(x, 0, y, 0, Kernel.numel(shape));
    }

    @Override
    public final void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        forward(x, 0, y, 0, Kernel.numel(shape));
    }

    @Override
    public final void backward(
            float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        backward(x, 0, gy, 0, gx, 0, Kernel.numel(shape));
    }

    @Override
    public final void backward(
            double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        backward(x, 0, gy, 0, gx, 0, Kernel.numel(shape));
    }

    /** Throws unless [off, off+len) lies inside an array of {@code length}. */
    protected static void checkRange(int length, int off, int len, String name) {
        if (off < 0 || len < 0 || off > length - len) {
            throw new IndexOutOfBoundsException(
                    name + ": range [" + off + ", " + off + "+" + len + ") outside array of length " + length);
        }
    }

    private static int sameRemaining(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("buffers differ in remaining elements: " + a + " vs " + b);
        }
        return a;
    }
}
