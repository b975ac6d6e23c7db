package io.github.torchact.kernel.math;

/**
 * The elementary functions as libtorch's vectorised CPU path (AVX2, {@code Vectorized<float>} and
 * {@code Vectorized<double>}) computes them, so kernels built on them reproduce libtorch's bits.
 *
 * <p>PLACEHOLDER IMPLEMENTATION: these delegate to {@link StrictMath} (correctly rounded or nearly)
 * until the libtorch-matching range-reduction + polynomial versions land. Kernels must call these,
 * never {@code Math.exp} and friends, so that swapping the implementation fixes every kernel.
 */
public final class AtenMath {

    private AtenMath() {}

    public static float exp(float x) {
        return (float) StrictMath.exp(x);
    }

    public static double exp(double x) {
        return StrictMath.exp(x);
    }

    public static float expm1(float x) {
        return (float) StrictMath.expm1(x);
    }

    public static double expm1(double x) {
        return StrictMath.expm1(x);
    }

    public static float log(float x) {
        return (float) StrictMath.log(x);
    }

    public static double log(double x) {
        return StrictMath.log(x);
    }

    public static float log1p(float x) {
        return (float) StrictMath.log1p(x);
    }

    public static double log1p(double x) {
        return StrictMath.log1p(x);
    }

    public static float tanh(float x) {
        return (float) StrictMath.tanh(x);
    }

    public static double tanh(double x) {
        return StrictMath.tanh(x);
    }
}
