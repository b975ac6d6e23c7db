package io.github.torchact.parity.compare;

/** Distances in units in the last place. +0 and -0 are 0 ulp apart; NaN is infinitely far from numbers. */
public final class Ulp {

    /** The distance reported between a NaN and a number, or two infinities of opposite sign. */
    public static final long INFINITE = Long.MAX_VALUE;

    private Ulp() {}

    /** Number of float32 values strictly between a and b, plus one (0 when equal). */
    public static long distance(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) && Float.isNaN(b) ? 0 : INFINITE;
        }
        return Math.abs(ordered(a) - ordered(b));
    }

    /** Number of float64 values strictly between a and b, plus one (0 when equal). */
    public static long distance(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b) ? 0 : INFINITE;
        }
        long oa = ordered(a);
        long ob = ordered(b);
        long d = oa - ob;
        // opposite signs far apart can overflow
        if ((oa >= 0) != (ob >= 0) && ((d >= 0) != (oa >= ob))) {
            return INFINITE;
        }
        return Math.abs(d);
    }

    /** Same bits, or both NaN (torch's NaN payloads are not part of its contract). */
    public static boolean bitwise(float a, float b) {
        return Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b) || (Float.isNaN(a) && Float.isNaN(b));
    }

    /** Whether {@code a} and {@code b} have the same bits (NaN equal to NaN). */
    public static boolean bitwise(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b) || (Double.isNaN(a) && Double.isNaN(b));
    }

    private static long ordered(float f) {
        int i = Float.floatToRawIntBits(f);
        return i < 0 ? -(long) (i & 0x7fffffff) : i;
    }

    private static long ordered(double d) {
        long i = Double.doubleToRawLongBits(d);
        return i < 0 ? -(i & 0x7fffffffffffffffL) : i;
    }
}
