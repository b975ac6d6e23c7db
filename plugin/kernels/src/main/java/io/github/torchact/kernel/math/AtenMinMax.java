package io.github.torchact.kernel.math;

/**
 * libtorch's AVX2 {@code vec::maximum}/{@code vec::minimum} (aten/src/ATen/cpu/vec/vec256/) on one
 * lane: the x86 max/min instruction ({@code a > b ? a : b}, which returns b on ties such as -0
 * against +0) or-ed with an all-ones NaN where either operand is NaN, so NaN if either is NaN.
 */
public final class AtenMinMax {

    private AtenMinMax() {}

    /** {@code vec::maximum} on one float lane. */
    public static float maximum(float a, float b) {
        if (a != a || b != b) {
            return Float.NaN;
        }
        return a > b ? a : b;
    }

    /** {@code vec::maximum} on one double lane. */
    public static double maximum(double a, double b) {
        if (a != a || b != b) {
            return Double.NaN;
        }
        return a > b ? a : b;
    }

    /** {@code vec::minimum} on one float lane. */
    public static float minimum(float a, float b) {
        if (a != a || b != b) {
            return Float.NaN;
        }
        return a < b ? a : b;
    }

    /** {@code vec::minimum} on one double lane. */
    public static double minimum(double a, double b) {
        if (a != a || b != b) {
            return Double.NaN;
        }
        return a < b ? a : b;
    }
}
