package io.github.torchact.kernel;

/**
 * An activation's forward and backward over plain Java arrays in row-major layout, no DJL types.
 *
 * <p>{@code weights} holds the learnable tensors (PReLU's slopes, Flexible ReLU's bias) and is empty
 * for the others. The backward computes the vector-Jacobian product with upstream gradient {@code gy}
 * into {@code gx}, and accumulates nothing: {@code gw[i]} is overwritten with the weight gradient.
 */
public interface Kernel {

    /** The output shape for an input of {@code shape} (the input's, except for GLU). */
    default long[] outputShape(long[] shape) {
        return shape.clone();
    }

    void forward(float[] x, long[] shape, float[][] weights, float[] y);

    void forward(double[] x, long[] shape, double[][] weights, double[] y);

    void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw);

    void backward(
            double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw);

    /** The number of elements of a shape. */
    static int numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape");
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape has " + n + " elements; Java arrays hold at most 2^31-9");
        }
        return (int) n;
    }
}
