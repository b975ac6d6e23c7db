package io.github.torchact.kernel.vector;

/**
 * The Vector API form of {@link io.github.torchact.kernel.FunnelKernel}'s stencil, which {@link
 * VectorLoops} does not cover because an output depends on a k×k window: {@code y = max(x, T(x))}
 * over one (H, W) plane.
 *
 * <p>Each lane repeats the scalar kernel's sum for its element: {@code bias}, then {@code w[ky][kx] *
 * x} added for the rows ky and columns kx of the window inside the plane, ky then kx ascending, in
 * double (multiply, then add: no fma), the terms in the zero padding skipped (not added as zeros,
 * which would turn -0 sums into +0 and inf weights into NaN); rounded once to the dtype; the max as
 * the scalar kernel's, NaN written as the canonical NaN. So the bits never depend on the path.
 * {@code x} and {@code y} must not overlap; callers have already checked the ranges.
 */
public interface FunnelLoops {

    /** Loops for a JVM without the vector forms: they take no plane. */
    FunnelLoops NONE = new FunnelLoops() {};

    /**
     * y = max(x, T(x)) over the float32 (h, w) plane at {@code base}; returns false, having written
     * nothing, where it does not take the plane.
     *
     * @param weight the folded weights, this channel's k×k at {@code weightOff}
     * @param bias this channel's folded bias
     */
    default boolean plane(float[] x, float[] y, int base, int h, int w, int k, double[] weight, int weightOff,
            double bias) {
        return false;
    }

    /** The float64 form of {@link #plane(float[], float[], int, int, int, int, double[], int, double)}. */
    default boolean plane(double[] x, double[] y, int base, int h, int w, int k, double[] weight, int weightOff,
            double bias) {
        return false;
    }
}
