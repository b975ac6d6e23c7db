package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.math.CpuCapability;

import jdk.incubator.vector.FloatVector;

/**
 * The {@link AlongDimLoops} the JVM gets with {@code jdk.incubator.vector}: loaded reflectively by
 * {@link VectorSupport#alongDim()}. Last-dim rows of the softmax family run {@link SoftmaxRows} in the
 * reference's reduction order ({@link CpuCapability}: AVX2 or AVX-512), float32 and float64; rows
 * shorter than that order's vector stay scalar (libtorch folds them left to right), as do all rows
 * where the machine's vectors are narrower than 256 bits (the emulated shape would be slow).
 */
public final class AlongDimVector implements AlongDimLoops {

    /** Whether 256-bit vectors are native here. */
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() >= 8;

    private static int floatLanes(int n) {
        int w = CpuCapability.current().floatLanes();
        return WIDE && n >= w ? w : 0;
    }

    private static int doubleLanes(int n) {
        int w = CpuCapability.current().doubleLanes();
        return WIDE && n >= w ? w : 0;
    }

    @Override
    public void canonicalNaN(float[] a, int off, int len) {
        NaNVector.canonical(a, off, len);
    }

    @Override
    public void canonicalNaN(double[] a, int off, int len) {
        NaNVector.canonical(a, off, len);
    }

    @Override
    public boolean softmaxRows(float[] x, float[] y, int from, int to, int n) {
        int w = floatLanes(n);
        if (w == 0) {
            return false;
        }
        SoftmaxRows.softmax(x, y, from, to, n, w);
        return true;
    }

    @Override
    public boolean logSoftmaxRows(float[] x, float[] y, int from, int to, int n) {
        int w = floatLanes(n);
        if (w == 0) {
            return false;
        }
        SoftmaxRows.logSoftmax(x, y, from, to, n, w);
        return true;
    }

    @Override
    public boolean softmaxBackwardRows(float[] y, float[] gy, float[] gx, int from, int to, int n, boolean fused) {
        int w = floatLanes(n);
        if (w == 0) {
            return false;
        }
        SoftmaxRows.softmaxBackward(y, gy, gx, from, to, n, w, fused);
        return true;
    }

    @Override
    public boolean logSoftmaxBackwardRows(float[] y, float[] gy, float[] gx, int from, int to, int n) {
        int w = floatLanes(n);
        if (w == 0) {
            return false;
        }
        SoftmaxRows.logSoftmaxBackward(y, gy, gx, from, to, n, w);
        return true;
    }

    @Override
    public boolean softmaxRows(double[] x, double[] y, int from, int to, int n) {
        int w = doubleLanes(n);
        if (w == 0) {
            return false;
        }
        SoftmaxRows.softmax(x, y, from, to, n, w);
        return true;
    }

    @Override
    public boolean logSoftmaxRows(double[] x, double[] y, int from, int to, int n) {
        int w = doubleLanes(n);
        if (w == 0) {
            return false;
        }
        SoftmaxRows.logSoftmax(x, y, from, to, n, w);
        return true;
    }

    @Override
    public boolean softmaxBackwardRows(double[] y, double[] gy, double[] gx, int from, int to, int n, boolean fused) {
        int w = doubleLanes(n);
        if (w == 0) {
            return false;
        }
        SoftmaxRows.softmaxBackward(y, gy, gx, from, to, n, w, fused);
        return true;
    }

    @Override
    public boolean logSoftmaxBackwardRows(double[] y, double[] gy, double[] gx, int from, int to, int n) {
        int w = doubleLanes(n);
        if (w == 0) {
            return false;
        }
        SoftmaxRows.logSoftmaxBackward(y, gy, gx, from, to, n, w);
        return true;
    }

    @Override
    public int softmaxColumns(float[] x, float[] y, int base, int n, int inner, int cols) {
        return SoftmaxVector.forwardColumns(x, y, base, n, inner, cols);
    }

    @Override
    public int softmaxBackwardColumns(float[] y, float[] gy, float[] gx, int base, int n, int inner, int cols) {
        return SoftmaxVector.backwardColumns(y, gy, gx, base, n, inner, cols);
    }

    @Override
    public int logSoftmaxColumns(float[] x, float[] y, int base, int n, int inner, int cols) {
        return LogSoftmaxColumns.forward(x, y, base, n, inner, cols);
    }

    @Override
    public int logSoftmaxBackwardColumns(float[] y, float[] gy, float[] gx, int base, int n, int inner, int cols) {
        return LogSoftmaxColumns.backward(y, gy, gx, base, n, inner, cols);
    }

    @Override
    public int glu(float[] x, int aOff, int bOff, float[] y, int yOff, int len) {
        return GluVector.forward(x, aOff, bOff, y, yOff, len);
    }

    @Override
    public int gluBackward(float[] x, int aOff, int bOff, float[] gy, int gyOff, float[] gx, int len) {
        return GluVector.backward(x, aOff, bOff, gy, gyOff, gx, len);
    }
}
