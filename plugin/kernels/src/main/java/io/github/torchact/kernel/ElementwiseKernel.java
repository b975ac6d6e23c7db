package io.github.torchact.kernel;

import io.github.torchact.kernel.parallel.ChunkedExecutor;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.kernel.vector.VectorLoops;
import io.github.torchact.kernel.vector.VectorSupport;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A kernel whose output element depends on its input element alone, over array ranges and NIO
 * buffers (heap or direct) so callers avoid copies.
 *
 * <p>Subclasses define the scalar functions. The array loops run a kernel's Vector API form where it
 * declares one ({@link #vectorForm}) and split large arrays across threads ({@link Parallelism});
 * both give the bits of the scalar definition, NaNs included ({@link Kernel}'s contracts: nulls,
 * overlap, NaN). Fast subclasses may also override the array loops, with the same obligations.
 *
 * <p>Body and tail: libtorch's {@code cpu_kernel_vec} (aten/src/ATen/native/cpu/Loops.h, {@code
 * vectorized_loop}) runs a contiguous run of n elements as pairs of {@code Vectorized<T>} (16 float32
 * or 8 float64 elements with AVX2) while a whole pair fits, and the last {@code n mod 16} / {@code n
 * mod 8} elements through its scalar lambda, whose {@code std::exp}, {@code std::log1p}, ... are
 * glibc's libm. The array loops follow the same split ({@link #bodyLength}): {@link #apply}/{@link
 * #grad} (the vector algorithm, on the Vector API or scalar path alike) for the body, {@link
 * #applyTail}/{@link #gradTail} (the scalar lambda) for the tail; threads split at multiples of 64
 * ({@link ChunkedExecutor}), so only the run's end has a tail, as with one libtorch thread.
 *
 * <p>NaN: the array loops write {@link #apply}'s and {@link #grad}'s results as they are where the
 * kernel is piecewise linear ({@link #canonicalNaN()} overridden to false: the input's NaN passes
 * through, identically on both paths) and with every NaN made canonical otherwise (the default: the
 * scalar loop applies {@link CanonicalNaN#of} to each result, the vector form canonicalises its
 * stores or is swept block by block).
 */
public abstract class ElementwiseKernel implements Kernel {

    private static final int CHUNK = 1024;
    /** Where the Vector API forms live ({@link #vectorForm}). */
    private static final String VECTOR_FORMS_PACKAGE = "io.github.torchact.kernel.vector.";
    private static final ThreadLocal<float[][]> F32_SCRATCH =
            ThreadLocal.withInitial(() -> new float[3][CHUNK]);
    private static final ThreadLocal<double[][]> F64_SCRATCH =
            ThreadLocal.withInitial(() -> new double[3][CHUNK]);

    /** This kernel's Vector API loops, found on first use; NONE where it has none. */
    private VectorLoops vector;

    /** f(x) in float32 arithmetic, as libtorch computes it. */
    public abstract float apply(float x);

    /** f(x) in float64 arithmetic, as libtorch computes it. */
    public abstract double apply(double x);

    /** The gradient {@code gy · f'(x)} as libtorch's autograd computes it. */
    public abstract float grad(float x, float gy);

    /** The gradient {@code gy · f'(x)} as libtorch's autograd computes it. */
    public abstract double grad(double x, double gy);

    /**
     * f(x) as libtorch's scalar lambda computes it for a run's last {@code n mod 16} elements ({@link
     * #bodyLength}): the same formula with glibc's libm functions. Defaults to {@link #apply(float)},
     * right for kernels whose formula calls no libm function.
     */
    public float applyTail(float x) {
        return apply(x);
    }

    /** f(x) for a run's last {@code n mod 8} float64 elements; see {@link #applyTail(float)}. */
    public double applyTail(double x) {
        return apply(x);
    }

    /** The gradient for a run's last {@code n mod 16} elements; see {@link #applyTail(float)}. */
    public float gradTail(float x, float gy) {
        return grad(x, gy);
    }

    /** The gradient for a run's last {@code n mod 8} float64 elements; see {@link #applyTail(float)}. */
    public double gradTail(double x, double gy) {
        return grad(x, gy);
    }

    /**
     * How many of a contiguous run's {@code len} elements libtorch's vectorised loop computes with
     * AVX2 (pairs of 8-float or 4-double vectors): {@code len} rounded down to a multiple of 16
     * (float32) or 8 (float64). The rest, the tail, takes its scalar loop. (libtorch's AVX-512 build
     * pairs 16-float / 8-double vectors: multiples of 32 / 16 there.)
     */
    public static int bodyLength(int len, boolean f64) {
        return f64 ? len & ~7 : len & ~15;
    }

    /**
     * The binary name of the class that runs this kernel's array loops on the Vector API, or null (the
     * default) where it has none. The class lives in {@code io.github.torchact.kernel.vector} under
     * src/main/java-vector, which is compiled after this module's other classes against {@code
     * jdk.incubator.vector}, so the kernel names it rather than referencing it; {@link VectorSupport}
     * loads it only when that module is present and creates it through its constructor taking this
     * kernel (it reads the parameters through the kernel's accessors).
     */
    public String vectorForm() {
        return null;
    }

    /** The binary name of the Vector API form {@code simpleName} ({@link #vectorForm}). */
    protected static String vectorFormNamed(String simpleName) {
        return VECTOR_FORMS_PACKAGE + simpleName;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Piecewise-linear subclasses override this to return false where their parameters are not
     * NaN; their scalar and vector loops then write results unchanged.
     */
    @Override
    public boolean canonicalNaN() {
        return true;
    }

    /**
     * y = f(x) over {@code len} elements. Uses the kernel's Vector API form where the JVM has the
     * module ({@link VectorSupport}) and all {@link Parallelism#threads()} cores from {@link
     * Parallelism#threshold()} elements (divided by the kernel's cost per element); the bits are those of {@link #apply(float)} either way.
     */
    public void forward(float[] x, int xOff, float[] y, int yOff, int len) {
        checkForward(x, KernelArgs.nonNull(x, "x").length, xOff, y, KernelArgs.nonNull(y, "y").length, yOff, len);
        if (Parallelism.splits(len, vectorLoops().cost())) {
            ChunkedExecutor.run(len, Parallelism.threads(), (a, b) -> forwardRange(x, xOff + a, y, yOff + a, b - a));
        } else {
            forwardRange(x, xOff, y, yOff, len);
        }
    }

    /** y = f(x) over {@code len} elements; see {@link #forward(float[], int, float[], int, int)}. */
    public void forward(double[] x, int xOff, double[] y, int yOff, int len) {
        checkForward(x, KernelArgs.nonNull(x, "x").length, xOff, y, KernelArgs.nonNull(y, "y").length, yOff, len);
        if (Parallelism.splits(len, vectorLoops().cost())) {
            ChunkedExecutor.run(len, Parallelism.threads(), (a, b) -> forwardRange(x, xOff + a, y, yOff + a, b - a));
        } else {
            forwardRange(x, xOff, y, yOff, len);
        }
    }

    /** gx = gy · f'(x) over {@code len} elements; vector form and threads as for forward. */
    public void backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        checkBackward(x, KernelArgs.nonNull(x, "x").length, xOff, gy, KernelArgs.nonNull(gy, "gy").length, gyOff,
                gx, KernelArgs.nonNull(gx, "gx").length, gxOff, len);
        if (Parallelism.splits(len, vectorLoops().cost())) {
            ChunkedExecutor.run(len, Parallelism.threads(),
                    (a, b) -> backwardRange(x, xOff + a, gy, gyOff + a, gx, gxOff + a, b - a));
        } else {
            backwardRange(x, xOff, gy, gyOff, gx, gxOff, len);
        }
    }

    /** gx = gy · f'(x) over {@code len} elements; vector form and threads as for forward. */
    public void backward(
            double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        checkBackward(x, KernelArgs.nonNull(x, "x").length, xOff, gy, KernelArgs.nonNull(gy, "gy").length, gyOff,
                gx, KernelArgs.nonNull(gx, "gx").length, gxOff, len);
        if (Parallelism.splits(len, vectorLoops().cost())) {
            ChunkedExecutor.run(len, Parallelism.threads(),
                    (a, b) -> backwardRange(x, xOff + a, gy, gyOff + a, gx, gxOff + a, b - a));
        } else {
            backwardRange(x, xOff, gy, gyOff, gx, gxOff, len);
        }
    }

    /** The scalar loop alone, on the calling thread (the reference the vector form must equal). */
    public final void forwardScalar(float[] x, int xOff, float[] y, int yOff, int len) {
        checkForward(x, KernelArgs.nonNull(x, "x").length, xOff, y, KernelArgs.nonNull(y, "y").length, yOff, len);
        scalarForward(x, xOff, y, yOff, 0, len);
    }

    /** The scalar loop alone, on the calling thread (the reference the vector form must equal). */
    public final void forwardScalar(double[] x, int xOff, double[] y, int yOff, int len) {
        checkForward(x, KernelArgs.nonNull(x, "x").length, xOff, y, KernelArgs.nonNull(y, "y").length, yOff, len);
        scalarForward(x, xOff, y, yOff, 0, len);
    }

    /** The scalar loop alone, on the calling thread (the reference the vector form must equal). */
    public final void backwardScalar(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        checkBackward(x, KernelArgs.nonNull(x, "x").length, xOff, gy, KernelArgs.nonNull(gy, "gy").length, gyOff,
                gx, KernelArgs.nonNull(gx, "gx").length, gxOff, len);
        scalarBackward(x, xOff, gy, gyOff, gx, gxOff, 0, len);
    }

    /** The scalar loop alone, on the calling thread (the reference the vector form must equal). */
    public final void backwardScalar(
            double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        checkBackward(x, KernelArgs.nonNull(x, "x").length, xOff, gy, KernelArgs.nonNull(gy, "gy").length, gyOff,
                gx, KernelArgs.nonNull(gx, "gx").length, gxOff, len);
        scalarBackward(x, xOff, gy, gyOff, gx, gxOff, 0, len);
    }

    private VectorLoops vectorLoops() {
        VectorLoops v = vector;
        if (v == null) {
            v = VectorSupport.loopsFor(this);
            vector = v;
        }
        return v;
    }

    private void forwardRange(float[] x, int xOff, float[] y, int yOff, int len) {
        int body = bodyLength(len, false);
        scalarForward(x, xOff, y, yOff, vectorLoops().forward(x, xOff, y, yOff, body), len);
    }

    private void forwardRange(double[] x, int xOff, double[] y, int yOff, int len) {
        int body = bodyLength(len, true);
        scalarForward(x, xOff, y, yOff, vectorLoops().forward(x, xOff, y, yOff, body), len);
    }

    private void backwardRange(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int done = vectorLoops().backward(x, xOff, gy, gyOff, gx, gxOff, bodyLength(len, false));
        scalarBackward(x, xOff, gy, gyOff, gx, gxOff, done, len);
    }

    private void backwardRange(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int done = vectorLoops().backward(x, xOff, gy, gyOff, gx, gxOff, bodyLength(len, true));
        scalarBackward(x, xOff, gy, gyOff, gx, gxOff, done, len);
    }

    /** Elements [from, len) of a run of {@code len}: body ones by {@link #apply}, tail ones by {@link #applyTail}. */
    private void scalarForward(float[] x, int xOff, float[] y, int yOff, int from, int len) {
        int body = Math.max(from, bodyLength(len, false));
        if (canonicalNaN()) {
            for (int i = from; i < body; i++) {
                y[yOff + i] = CanonicalNaN.of(apply(x[xOff + i]));
            }
            for (int i = body; i < len; i++) {
                y[yOff + i] = CanonicalNaN.of(applyTail(x[xOff + i]));
            }
        } else {
            for (int i = from; i < body; i++) {
                y[yOff + i] = apply(x[xOff + i]);
            }
            for (int i = body; i < len; i++) {
                y[yOff + i] = applyTail(x[xOff + i]);
            }
        }
    }

        private void scalarForward(double[] x, int xOff, double[] y, int yOff, int from, int len) {
        int body = Math.max(from, bodyLength(len, true));
        if (canonicalNaN()) {
            for (int i = from; i < body; i++) {
                y[yOff + i] = CanonicalNaN.of(apply(x[xOff + i]));
            }
            for (int i = body; i < len; i++) {
                y[yOff + i] = CanonicalNaN.of(applyTail(x[xOff + i]));
            }
        } else {
            for (int i = from; i < body; i++) {
                y[yOff + i] = apply(x[xOff + i]);
            }
            for (int i = body; i < len; i++) {
                y[yOff + i] = applyTail(x[xOff + i]);
            }
        }
    }

    private void scalarBackward(
            float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int from, int len) {
        int body = Math.max(from, bodyLength(len, false));
        if (canonicalNaN()) {
            for (int i = from; i < body; i++) {
                gx[gxOff + i] = CanonicalNaN.of(grad(x[xOff + i], gy[gyOff + i]));
            }
            for (int i = body; i < len; i++) {
                gx[gxOff + i] = CanonicalNaN.of(gradTail(x[xOff + i], gy[gyOff + i]));
            }
        } else {
            for (int i = from; i < body; i++) {
                gx[gxOff + i] = grad(x[xOff + i], gy[gyOff + i]);
            }
            for (int i = body; i < len; i++) {
                gx[gxOff + i] = gradTail(x[xOff + i], gy[gyOff + i]);
            }
        }
    }

    private void scalarBackward(
            double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int from, int len) {
        int body = Math.max(from, bodyLength(len, true));
        if (canonicalNaN()) {
            for (int i = from; i < body; i++) {
                gx[gxOff + i] = CanonicalNaN.of(grad(x[xOff + i], gy[gyOff + i]));
            }
            for (int i = body; i < len; i++) {
                gx[gxOff + i] = CanonicalNaN.of(gradTail(x[xOff + i], gy[gyOff + i]));
            }
        } else {
            for (int i = from; i < body; i++) {
                gx[gxOff + i] = grad(x[xOff + i], gy[gyOff + i]);
            }
            for (int i = body; i < len; i++) {
                gx[gxOff + i] = gradTail(x[xOff + i], gy[gyOff + i]);
            }
        }
    }

    /** y = f(x) over the buffers' remaining elements; positions are left unchanged. */
    public void forward(FloatBuffer x, FloatBuffer y) {
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNull(y, "y");
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
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNull(y, "y");
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
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNull(gy, "gy");
        KernelArgs.nonNull(gx, "gx");
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
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNull(gy, "gy");
        KernelArgs.nonNull(gx, "gx");
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
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNullElements(weights, "weights");
        KernelArgs.nonNull(y, "y");
        forward(x, 0, y, 0, Kernel.numel(shape));
    }

    @Override
    public final void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNullElements(weights, "weights");
        KernelArgs.nonNull(y, "y");
        forward(x, 0, y, 0, Kernel.numel(shape));
    }

    @Override
    public final void backward(
            float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNullElements(weights, "weights");
        KernelArgs.nonNull(gy, "gy");
        KernelArgs.nonNull(gx, "gx");
        KernelArgs.nonNullElements(gw, "gw");
        backward(x, 0, gy, 0, gx, 0, Kernel.numel(shape));
    }

    @Override
    public final void backward(
            double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNullElements(weights, "weights");
        KernelArgs.nonNull(gy, "gy");
        KernelArgs.nonNull(gx, "gx");
        KernelArgs.nonNullElements(gw, "gw");
        backward(x, 0, gy, 0, gx, 0, Kernel.numel(shape));
    }

    /**
     * A forward's checks (the arrays are non-null): both ranges inside their arrays, y not overlapping x
     * except exactly (in place).
     */
    private static void checkForward(Object x, int xLength, int xOff, Object y, int yLength, int yOff, int len) {
        checkRange(xLength, xOff, len, "x");
        checkRange(yLength, yOff, len, "y");
        KernelArgs.checkOverlap(y, yOff, len, "y", x, xOff, len, "x");
    }

    /** A backward's checks: as {@link #checkForward}, gx against x and gy. */
    private static void checkBackward(Object x, int xLength, int xOff, Object gy, int gyLength, int gyOff,
            Object gx, int gxLength, int gxOff, int len) {
        checkRange(xLength, xOff, len, "x");
        checkRange(gyLength, gyOff, len, "gy");
        checkRange(gxLength, gxOff, len, "gx");
        KernelArgs.checkOverlap(gx, gxOff, len, "gx", x, xOff, len, "x");
        KernelArgs.checkOverlap(gx, gxOff, len, "gx", gy, gyOff, len, "gy");
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
