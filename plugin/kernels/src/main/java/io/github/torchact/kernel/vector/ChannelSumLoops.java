package io.github.torchact.kernel.vector;

/**
 * The Vector API form of the inner loop of the channel-weighted activations' weight gradient ({@code
 * kernel.impl.ChannelSum}): libtorch's {@code multi_row_sum} cascade (aten/src/ATen/native/cpu/SumKernel.cpp)
 * over the 4·L streams of its AVX2 {@code row_sum} on vectors (L = 8 float lanes, 4 double lanes), which
 * are elementwise vector additions, so each stream has the bits of the scalar cascade.
 *
 * <p>The summed terms are prelu's weight terms ({@code x > 0 ? +0 : x·gy}) or, where {@code x} is null,
 * {@code gy} itself. Callers have already checked the ranges.
 */
public interface ChannelSumLoops {

    /** Loops for a JVM without the vector form: they take nothing. */
    ChannelSumLoops NONE = new ChannelSumLoops() {};

    /**
     * The cascades of the 32 streams q &lt; 32 of terms {@code off + q + i·stride}, i &lt; {@code size},
     * each into {@code sums[q]}: four levels, level 0 flushed into level 1 every 2^levelPower terms and each
     * higher level into the next when the term count is a multiple of its period, then level 0 plus levels
     * 1, 2 and 3 in that order; false, having written nothing, where it does not take them.
     */
    default boolean cascades(float[] x, float[] gy, int off, int stride, int size, int levelPower, float[] sums) {
        return false;
    }

    /** {@link #cascades(float[], float[], int, int, int, int, float[])} in float64: 16 streams. */
    default boolean cascades(double[] x, double[] gy, int off, int stride, int size, int levelPower, double[] sums) {
        return false;
    }
}
