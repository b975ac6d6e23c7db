package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * heaviside(x) = values if x == 0, 1 if x &gt; 0, else 0, as libtorch's {@code heaviside_kernel}
 * (aten/src/ATen/native/cpu/BinaryOpsKernel.cpp: {@code x == 0 ? values : (x > 0)}): -0 gives
 * values, and NaN gives 0 (neither comparison holds). values is rounded to the dtype.
 *
 * <p>PyTorch defines no derivative (autograd raises "the derivative for 'heaviside' is not
 * implemented"), so every backward method here throws {@link UnsupportedOperationException}.
 */
public final class Heaviside extends ElementwiseKernel {

    private final float valuesF;
    private final double valuesD;

    /** Heaviside giving {@code values} at 0. */
    public Heaviside(double values) {
        if (Double.isNaN(values)) {
            throw new IllegalArgumentException("heaviside: values must not be NaN");
        }
        this.valuesF = (float) values;
        this.valuesD = values;
    }

    /** values rounded to float32, as the float32 function gives it at 0. */
    public float valuesFloat() {
        return valuesF;
    }

    /** values, as the float64 function gives it at 0. */
    public double valuesDouble() {
        return valuesD;
    }

    @Override
    public float apply(float x) {
        return x == 0f ? valuesF : x > 0f ? 1f : 0f;
    }

    @Override
    public double apply(double x) {
        return x == 0d ? valuesD : x > 0d ? 1d : 0d;
    }

    @Override
    public float grad(float x, float gy) {
        throw noDerivative();
    }

    @Override
    public double grad(double x, double gy) {
        throw noDerivative();
    }

    @Override
    public void backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        throw noDerivative();
    }

    @Override
    public void backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        throw noDerivative();
    }

    @Override
    public void backward(FloatBuffer x, FloatBuffer gy, FloatBuffer gx) {
        throw noDerivative();
    }

    @Override
    public void backward(DoubleBuffer x, DoubleBuffer gy, DoubleBuffer gx) {
        throw noDerivative();
    }

    private static UnsupportedOperationException noDerivative() {
        return new UnsupportedOperationException(
                "heaviside has no gradient: PyTorch does not define one (the derivative for 'heaviside' is not implemented)");
    }

    /** Piecewise linear: NaNs pass through, identically on both paths ({@link ElementwiseKernel#canonicalNaN}). */
    @Override
    public boolean canonicalNaN() {
        return false;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("HeavisideVector");
    }
}
