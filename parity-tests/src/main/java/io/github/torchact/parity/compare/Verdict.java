package io.github.torchact.parity.compare;

import io.github.torchact.spec.Tolerance;

/**
 * Compares one result with libtorch's under a {@link Tolerance}. All arithmetic on the error is
 * done in double, exact for float32 operands.
 */
public final class Verdict {

    private Verdict() {}

    /**
     * The error in units of the tolerance's scale: 0 for bitwise equal, {@link Double#POSITIVE_INFINITY}
     * for a NaN or infinity mismatch (or, under a bitwise tolerance, any difference).
     */
    public static double error(Tolerance t, double x, double ref, double got, boolean f64) {
        return error(t, x, Double.NaN, ref, got, f64);
    }

    /**
     * As {@link #error(Tolerance, double, double, double, boolean)}, with the upstream gradient
     * {@code gy} at this element for {@link Tolerance.Scale#UPSTREAM_OR_RESULT} (the terms' magnitude S for {@link
     * Tolerance.Scale#TERMS_OR_RESULT}).
     */
    public static double error(Tolerance t, double x, double gy, double ref, double got, boolean f64) {
        boolean same = f64 ? Ulp.bitwise(ref, got) : Ulp.bitwise((float) ref, (float) got);
        if (same) {
            return 0;
        }
        if (Double.isNaN(ref) || Double.isNaN(got) || Double.isInfinite(ref) || Double.isInfinite(got)) {
            return Double.POSITIVE_INFINITY;
        }
        if (t.isBitwise()) {
            // a signed-zero difference counts as 1 ulp so a report can tell it from a real error
            return ref == got ? 1 : Math.max(1, ulps(ref, got, f64));
        }
        switch (t.scale()) {
            case RESULT:
                return ulps(ref, got, f64);
            case INPUT_OR_RESULT:
                return Math.abs(got - ref) / ulp(Math.max(Math.abs(x), Math.abs(ref)), f64);
            case UNIT:
                return Math.abs(got - ref) / ulp(1, f64);
            case UPSTREAM_OR_RESULT:
            case TERMS_OR_RESULT:
                if (Double.isNaN(gy)) {
                    throw new IllegalArgumentException("tolerance " + t + " needs the upstream gradient");
                }
                return Math.abs(got - ref) / ulp(Math.max(Math.abs(gy), Math.abs(ref)), f64);
            default:
                throw new AssertionError(t.scale());
        }
    }

    /** Whether an error (from {@link #error}) is within the tolerance. */
    public static boolean within(Tolerance t, double error) {
        return error <= t.ulps();
    }

    private static double ulps(double ref, double got, boolean f64) {
        return f64 ? Ulp.distance(ref, got) : Ulp.distance((float) ref, (float) got);
    }

    private static double ulp(double v, boolean f64) {
        if (Double.isInfinite(v) || Double.isNaN(v)) {
            return Double.POSITIVE_INFINITY;
        }
        return f64 ? Math.ulp(v) : Math.ulp((float) v);
    }
}
