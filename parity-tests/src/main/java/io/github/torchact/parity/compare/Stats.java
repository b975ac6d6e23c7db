package io.github.torchact.parity.compare;

import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.spec.Tolerance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The comparison of one result tensor with libtorch's: max ulp, max abs error, counts of non-bitwise
 * results and NaN/Inf mismatches, pass/fail against the tolerance and the worst offending inputs.
 */
public final class Stats {

    /** How many offending elements are kept, worst first. */
    public static final int KEEP = 5;

    private final Tolerance tolerance;
    private long count;
    private long maxUlp;
    private double maxAbs;
    private double maxError;
    private long nonBitwise;
    private long nanMismatch;
    private long infMismatch;
    private long failures;
    private final List<Offender> worst = new ArrayList<>();

    /**
     * One element out of bound (or the worst ones in bound).
     *
     * @param index flat index
     * @param x the input there (NaN where the output does not map to one input)
     * @param ref libtorch's value
     * @param got our value
     * @param error the error in the tolerance's units
     */
    public record Offender(int index, double x, double ref, double got, double error) {
        @Override
        public String toString() {
            return String.format("x=%s (%s): torch %s, got %s, %s",
                    x, hex(x), ref, got, Double.isInfinite(error) ? "mismatch" : String.format("%.3g", error));
        }

        private static String hex(double v) {
            return Double.isNaN(v) ? "nan" : Double.toHexString(v);
        }
    }

    /** Empty statistics judged against {@code tolerance}. */
    public Stats(Tolerance tolerance) {
        this.tolerance = tolerance;
    }

    /** Compares {@code got} with {@code ref} element by element; {@code x} maps outputs to inputs when shapes agree. */
    public static Stats compare(Tolerance t, HostTensor x, HostTensor ref, HostTensor got) {
        return compare(t, x, null, ref, got);
    }

    /** A gradient comparison: {@code gy}, the upstream gradient, scales {@link Tolerance#ulpsOfUpstream}. */
    public static Stats compare(Tolerance t, HostTensor x, HostTensor gy, HostTensor ref, HostTensor got) {
        if (ref.size() != got.size() || ref.isF64() != got.isF64()) {
            throw new IllegalArgumentException("result has " + got.size() + " " + got.dataType()
                    + " elements, libtorch's has " + ref.size() + " " + ref.dataType());
        }
        Stats s = new Stats(t);
        boolean sameShape = x != null && x.size() == ref.size();
        for (int i = 0; i < ref.size(); i++) {
            double g = gy != null && gy.size() == ref.size() ? gy.get(i) : Double.NaN;
            s.add(i, sameShape ? x.get(i) : Double.NaN, g, ref.get(i), got.get(i), ref.isF64());
        }
        return s;
    }

    void add(int index, double x, double gy, double ref, double got, boolean f64) {
        count++;
        boolean bitwise = f64 ? Ulp.bitwise(ref, got) : Ulp.bitwise((float) ref, (float) got);
        if (bitwise) {
            return;
        }
        nonBitwise++;
        if (Double.isNaN(ref) != Double.isNaN(got)) {
            nanMismatch++;
        } else if ((Double.isInfinite(ref) || Double.isInfinite(got)) && ref != got) {
            infMismatch++;
        }
        long u = f64 ? Ulp.distance(ref, got) : Ulp.distance((float) ref, (float) got);
        maxUlp = Math.max(maxUlp, u);
        if (!Double.isNaN(ref) && !Double.isNaN(got)) {
            maxAbs = Math.max(maxAbs, Math.abs(ref - got));
        }
        double e = Verdict.error(tolerance, Double.isNaN(x) ? 0 : x, gy, ref, got, f64);
        maxError = Math.max(maxError, e);
        if (!Verdict.within(tolerance, e)) {
            failures++;
        }
        worst.add(new Offender(index, x, ref, got, e));
        if (worst.size() > 4 * KEEP) {
            trim();
        }
    }

    private void trim() {
        worst.sort((a, b) -> Double.compare(b.error(), a.error()));
        while (worst.size() > KEEP) {
            worst.remove(worst.size() - 1);
        }
    }

    /** Merges another comparison (same tolerance) into this one. */
    public Stats merge(Stats o) {
        count += o.count;
        maxUlp = Math.max(maxUlp, o.maxUlp);
        maxAbs = Math.max(maxAbs, o.maxAbs);
        maxError = Math.max(maxError, o.maxError);
        nonBitwise += o.nonBitwise;
        nanMismatch += o.nanMismatch;
        infMismatch += o.infMismatch;
        failures += o.failures;
        worst.addAll(o.worst);
        trim();
        return this;
    }

    /** Whether every value is within the bound. */
    public boolean passed() {
        return failures == 0;
    }

    /** The bound. */
    public Tolerance tolerance() {
        return tolerance;
    }

    /** How many values were compared. */
    public long count() {
        return count;
    }

    /** Largest ulp distance (Ulp.INFINITE for a NaN mismatch). */
    public long maxUlp() {
        return maxUlp;
    }

    /** The largest absolute error. */
    public double maxAbs() {
        return maxAbs;
    }

    /** Largest error in the tolerance's units. */
    public double maxError() {
        return maxError;
    }

    /** How many values differ in any bit. */
    public long nonBitwise() {
        return nonBitwise;
    }

    /** How many values are NaN on one side only. */
    public long nanMismatches() {
        return nanMismatch;
    }

    /** How many values are infinite on one side only, or with the other sign. */
    public long infMismatches() {
        return infMismatch;
    }

    /** How many values are out of bound. */
    public long failures() {
        return failures;
    }

    /** The worst elements, worst first. */
    public List<Offender> worst() {
        trim();
        return Collections.unmodifiableList(new ArrayList<>(worst));
    }

    @Override
    public String toString() {
        return String.format("%s: n=%d maxUlp=%s maxAbs=%.3g nonBitwise=%d nan=%d inf=%d failures=%d (bound %s)%s",
                passed() ? "PASS" : "FAIL", count, maxUlp == Ulp.INFINITE ? "inf" : Long.toString(maxUlp), maxAbs,
                nonBitwise, nanMismatch, infMismatch, failures, tolerance,
                worst.isEmpty() ? "" : " worst: " + worst().get(0));
    }
}
