package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.math.CpuCapability;

import jdk.incubator.vector.FloatVector;

/**
 * The {@link AlongDimLoops} the JVM gets with {@code jdk.incubator.vector}: loaded reflectively by
 * {@link VectorSupport#alongDim()}. Rows shorter than one 8-lane vector stay scalar (libtorch folds
 * them left to right), as do all rows where the machine's vectors are narrower than 8 floats, and
 * all rows when the reference is libtorch's AVX-512 path ({@link CpuCapability}): its 16-lane
 * reduction order is the scalar kernels' alone for now.
 */
public final class AlongDimVector implements AlongDimLoops {

    /** Whether 8-lane float vectors are native here (else the emulated SPECIES_256 would be slow). */
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() >= 8;

    private static boolean rows(int n) {
        return WIDE && n >= 8 && CpuCapability.current() == CpuCapability.AVX2;
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
    public boolean softmaxRow(float[] x, float[] y, int off, int n) {
        if (!rows(n)) {
            return false;
        }
        SoftmaxVector.forward(x, y, off, n);
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
    public boolean logSoftmaxRow(float[] x, float[] y, int off, int n) {
        if (!rows(n)) {
            return false;
        }
        LogSoftmaxVector.forward(x, y, off, n);
        return true;
    }

    @Override
    public boolean softmaxBackwardRow(float[] y, float[] gy, float[] gx, int off, int n) {
        if (!rows(n)) {
            return false;
        }
        SoftmaxVector.backward(y, gy, gx, off, n);
        return true;
    }

    @Override
    public boolean logSoftmaxBackwardRow(float[] y, float[] gy, float[] gx, int off, int n) {
        if (!rows(n)) {
            return false;
        }
        LogSoftmaxVector.backward(y, gy, gx, off, n);
        return true;
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
