package io.github.torchact.kernel.math;

/**
 * The few AVX2 integer/bit operations Sleef's AVX2 target uses, emulated exactly in scalar Java:
 * float↔int conversions with x86 semantics and Sleef's exponent-field helpers ({@code vpow2i},
 * {@code vldexp2}, {@code vldexp3}, {@code vilogb2k}; Sleef src/libm/sleefsimdsp.c and
 * src/common/commonfuncs.h). Only bit manipulation, int arithmetic and {@link Math#rint}.
 */
final class Avx2 {

    private static final double TWO_31 = 2147483648.0;

    private Avx2() {}

    /**
     * {@code _mm256_cvtps_epi32}: round to nearest even; NaN and out-of-range give the x86 "integer
     * indefinite" {@code 0x80000000}.
     */
    static int cvtps2dq(float x) {
        double r = Math.rint(x);
        return r >= -TWO_31 && r < TWO_31 ? (int) r : Integer.MIN_VALUE;
    }

    /** {@code _mm256_cvtpd_epi32}, same rules as {@link #cvtps2dq}. */
    static int cvtpd2dq(double x) {
        double r = Math.rint(x);
        return r >= -TWO_31 && r < TWO_31 ? (int) r : Integer.MIN_VALUE;
    }

    /** Sleef {@code vpow2i_vf_vi2}: 2^q by writing the exponent field (wraps like the SIMD code). */
    static float pow2if(int q) {
        return Float.intBitsToFloat((q + 0x7f) << 23);
    }

    /** Sleef {@code vldexp2_vf_vf_vi2}: d·2^(e>>1)·2^(e−(e>>1)). */
    static float ldexp2(float d, int e) {
        return d * pow2if(e >> 1) * pow2if(e - (e >> 1));
    }

    /** Sleef {@code vldexp3_vf_vf_vi2}: adds q to the exponent field of d. */
    static float ldexp3(float d, int q) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(d) + (q << 23));
    }

    /** Sleef {@code vilogb2k_vi2_vf}: biased exponent field − 127 (no subnormal handling). */
    static int ilogb2k(float d) {
        return ((Float.floatToRawIntBits(d) >>> 23) & 0xff) - 0x7f;
    }

    /** Sleef {@code vpow2i_vd_vi}: 2^q by writing the exponent field of the upper 32-bit half. */
    static double pow2i(int q) {
        return Double.longBitsToDouble(((long) ((q + 0x3ff) << 20)) << 32);
    }

    /** Sleef {@code vldexp2_vd_vd_vi}. */
    static double ldexp2(double d, int e) {
        return d * pow2i(e >> 1) * pow2i(e - (e >> 1));
    }

    /** Sleef {@code vldexp3_vd_vd_vi}: 64-bit add of q&lt;&lt;20 into the upper half. */
    static double ldexp3(double d, int q) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(d) + (((long) (q << 20)) << 32));
    }

    /** Sleef {@code vilogb2k_vi_vd}. */
    static int ilogb2k(double d) {
        return (((int) (Double.doubleToRawLongBits(d) >>> 32) >>> 20) & 0x7ff) - 0x3ff;
    }

    /** Sleef {@code vmulsign}: x with its sign flipped where y is negative (xor of y's sign bit). */
    static float mulsign(float x, float y) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(x) ^ (Float.floatToRawIntBits(y) & 0x80000000));
    }

    static double mulsign(double x, double y) {
        return Double.longBitsToDouble(
                Double.doubleToRawLongBits(x) ^ (Double.doubleToRawLongBits(y) & 0x8000000000000000L));
    }

    static boolean isNegZero(float x) {
        return Float.floatToRawIntBits(x) == 0x80000000;
    }

    static boolean isNegZero(double x) {
        return Double.doubleToRawLongBits(x) == 0x8000000000000000L;
    }
}
