package io.github.torchact.kernel.impl;

/**
 * A kernel along a dimension whose array methods may run Vector API forms ({@code
 * kernel.vector.AlongDimLoops}) and threads; these entry points run its scalar loops alone on the
 * calling thread, the reference the vector forms must equal bit for bit.
 */
public interface ScalarPath {

    /** {@code forward(x, shape, weights, y)} by the scalar loops alone. */
    void forwardScalar(float[] x, long[] shape, float[] y);

    /** {@code backward(x, shape, weights, gy, gx, gw)} by the scalar loops alone. */
    void backwardScalar(float[] x, long[] shape, float[] gy, float[] gx);

    /** {@code forward(x, shape, weights, y)} in float64 by the scalar loops alone. */
    void forwardScalar(double[] x, long[] shape, double[] y);

    /** {@code backward(x, shape, weights, gy, gx, gw)} in float64 by the scalar loops alone. */
    void backwardScalar(double[] x, long[] shape, double[] gy, double[] gx);
}
