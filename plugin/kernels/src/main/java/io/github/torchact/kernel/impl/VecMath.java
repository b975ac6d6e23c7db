package io.github.torchact.kernel.impl;

/**
 * libtorch's AVX2 {@code vec::maximum}/{@code vec::minimum} (aten/src/ATen/cpu/vec/vec256/): the x86
 * max/min instruction ({@code a > b ? a : b}, which returns b on ties such as ±0) with NaN forced
 * where either operand is NaN.
 */
final class VecMath {

    private VecMath() {}

    static float maximum(float a, float b) {
        if (a != a || b != b) {
            return Float.NaN;
        }
        return a > b ? a : b;
    }

    static double maximum(double a, double b) {
        if (a != a || b != b) {
            return Double.NaN;
        }
        return a > b ? a : b;
    }

    static float minimum(float a, float b) {
        if (a != a || b != b) {
            return Float.NaN;
        }
        return a < b ? a : b;
    }

    static double minimum(double a, double b) {
        if (a != a || b != b) {
            return Double.NaN;
        }
        return a < b ? a : b;
    }
}
