package io.github.torchact.kernel;

/**
 * The one NaN every kernel writes ({@link Kernel}'s contracts): {@link Float#NaN} (bits {@code
 * 0x7fc00000}) and {@link Double#NaN} ({@code 0x7ff8000000000000}). Java arithmetic, like x86,
 * passes a NaN operand's sign and payload through, and which operand wins when both are NaN depends
 * on instruction order, which differs between the scalar and Vector API forms (and may between JIT
 * tiers); writing the canonical NaN makes the two paths give the same bits.
 */
public final class CanonicalNaN {

    private CanonicalNaN() {}

    /** {@code v}, or the canonical NaN if {@code v} is any NaN. */
    public static float of(float v) {
        return v != v ? Float.NaN : v;
    }

    /** {@code v}, or the canonical NaN if {@code v} is any NaN. */
    public static double of(double v) {
        return v != v ? Double.NaN : v;
    }

    /** Replaces every NaN in {@code a[from, to)} with the canonical NaN. */
    public static void in(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = a[i];
            if (v != v) {
                a[i] = Float.NaN;
            }
        }
    }

    /** Replaces every NaN in {@code a[from, to)} with the canonical NaN. */
    public static void in(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = a[i];
            if (v != v) {
                a[i] = Double.NaN;
            }
        }
    }

    /** Whether {@code a} holds a NaN (a kernel's weights: with one, its NaNs are made canonical). */
    public static boolean any(float[] a) {
        for (float v : a) {
            if (v != v) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code a} holds a NaN (a kernel's weights: with one, its NaNs are made canonical). */
    public static boolean any(double[] a) {
        for (double v : a) {
            if (v != v) {
                return true;
            }
        }
        return false;
    }
}
