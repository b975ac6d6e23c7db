package io.github.torchact.kernel.vector;

/**
 * The Vector API form of {@link io.github.torchact.kernel.FunnelKernel}'s stencil, which {@link
 * VectorLoops} does not cover because an output depends on a k×k window. For one (H, W) plane it
 * computes {@code y = max(x, T(x))} at the interior columns {@code [k/2, end)} of every row, where
 * the whole k-wide window lies inside the row; the kernel computes the other columns itself.
 *
 * <p>Each lane repeats the scalar kernel's sum for its element: {@code bias}, then {@code w[ky][kx] *
 * x} added for the valid rows ky and every kx in ascending order, in double (multiply, then add: no
 * fma), rounded once to the dtype; the max as the scalar kernel's, NaN written as the canonical NaN.
 * So the bits never depend on the path. {@code x} and {@code y} must not overlap; callers have
 * already checked the ranges.
 */
public interface FunnelLoops {

    /** Loops for a JVM without the vector forms: they take no columns. */
    FunnelLoops NONE = new FunnelLoops() {};

    /**
     * y = max(x, T(x)) at columns [k/2, end) of every row of the float32 plane at {@code base};
     * returns end (k/2 when it takes none).
     *
     * @param weight the folded weights, this channel's k×k at {@code weightOff}
     * @param bias this channel's folded bias
     */
    default int interior(float[] x, float[] y, int base, int h, int w, int k, double[] weight, int weightOff,
            double bias) {
        return k / 2;
    }

    /** The float64 form of {@link #interior(float[], float[], int, int, int, int, double[], int, double)}. */
    default int interior(double[] x, double[] y, int base, int h, int w, int k, double[] weight, int weightOff,
            double bias) {
        return k / 2;
    }
}
