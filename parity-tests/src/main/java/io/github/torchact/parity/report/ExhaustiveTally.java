package io.github.torchact.parity.report;

import io.github.torchact.parity.compare.Ulp;
import io.github.torchact.parity.compare.Verdict;
import io.github.torchact.spec.Tolerance;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Counts over float32 inputs of an exhaustive sweep: bitwise-identical results overall and over the
 * non-trivial outputs, the largest ulp distance, the worst inputs, and the results outside the spec's
 * bound ({@link Verdict#error}, with the largest error in the bound's own units).
 *
 * <p>An output y = torch(x) is <b>trivial</b> when it is NaN, ±Inf, ±0, ±1 or ½, when it has the bits
 * of x itself, or when it has the bits of one of the activation's saturation constants: torch's own
 * outputs at x = −MAX_VALUE and x = +MAX_VALUE (e.g. −1.7580993 for selu, 6 for relu6). Every other
 * output is non-trivial: the function had to be computed.
 */
public final class ExhaustiveTally {

    /** Worst inputs kept. */
    public static final int KEEP = 8;

    private long total;
    private long bitwise;
    private long nontrivial;
    private long nontrivialBitwise;
    private long maxUlp;
    private long outsideBound;
    private double maxBoundError;
    private final List<long[]> worst = new ArrayList<>(); // {ulp, xBits, refBits, gotBits}

    /**
     * Tallies elements [from, to); {@code saturation} holds the bits of the saturation constants, {@code
     * bound} is the spec's tolerance and {@code gy} the upstream gradient (NaN forward).
     */
    public void add(float[] x, float[] ref, float[] got, int from, int to, int[] saturation, Tolerance bound, float gy) {
        for (int i = from; i < to; i++) {
            total++;
            int rb = Float.floatToRawIntBits(ref[i]);
            boolean trivial = isTrivial(ref[i], rb, Float.floatToRawIntBits(x[i]), saturation);
            boolean same = Ulp.bitwise(ref[i], got[i]);
            if (!trivial) {
                nontrivial++;
            }
            if (same) {
                bitwise++;
                if (!trivial) {
                    nontrivialBitwise++;
                }
                continue;
            }
            double e = Verdict.error(bound, x[i], gy, ref[i], got[i], false);
            maxBoundError = Math.max(maxBoundError, e);
            if (!Verdict.within(bound, e)) {
                outsideBound++;
            }
            long u = Ulp.distance(ref[i], got[i]);
            if (u == 0) {
                u = 1; // +0 vs -0
            }
            maxUlp = Math.max(maxUlp, u);
            if (worst.size() < KEEP || u > worst.get(worst.size() - 1)[0]) {
                worst.add(new long[] {u, Float.floatToRawIntBits(x[i]), rb, Float.floatToRawIntBits(got[i])});
                worst.sort((a, b) -> Long.compare(b[0], a[0]));
                if (worst.size() > KEEP) {
                    worst.remove(worst.size() - 1);
                }
            }
        }
    }

    static boolean isTrivial(float y, int yBits, int xBits, int[] saturation) {
        if (Float.isNaN(y) || Float.isInfinite(y) || y == 0f || y == 1f || y == -1f || y == 0.5f || yBits == xBits) {
            return true;
        }
        for (int s : saturation) {
            if (s == yBits) {
                return true;
            }
        }
        return false;
    }

    /** Adds another tally into this one. */
    public synchronized ExhaustiveTally merge(ExhaustiveTally o) {
        total += o.total;
        bitwise += o.bitwise;
        nontrivial += o.nontrivial;
        nontrivialBitwise += o.nontrivialBitwise;
        maxUlp = Math.max(maxUlp, o.maxUlp);
        outsideBound += o.outsideBound;
        maxBoundError = Math.max(maxBoundError, o.maxBoundError);
        worst.addAll(o.worst);
        worst.sort((a, b) -> Long.compare(b[0], a[0]));
        while (worst.size() > KEEP) {
            worst.remove(worst.size() - 1);
        }
        return this;
    }

    public long total() {
        return total;
    }

    public long bitwise() {
        return bitwise;
    }

    public long nontrivial() {
        return nontrivial;
    }

    public long nontrivialBitwise() {
        return nontrivialBitwise;
    }

    public long maxUlp() {
        return maxUlp;
    }

    /** Results outside the spec's bound. */
    public long outsideBound() {
        return outsideBound;
    }

    /** The largest error in units of the bound's scale (0 when all are bitwise). */
    public double maxBoundError() {
        return maxBoundError;
    }

    /** The worst inputs, worst first, as text. */
    public List<String> worst() {
        List<String> out = new ArrayList<>();
        for (long[] w : worst) {
            float x = Float.intBitsToFloat((int) w[1]);
            out.add(String.format("x=%s (0x%08x): torch %s, got %s, %s ulp", x, (int) w[1],
                    Float.intBitsToFloat((int) w[2]), Float.intBitsToFloat((int) w[3]), TableFormat.ulp(w[0])));
        }
        return out;
    }

    /** The worst input alone, or "none". */
    public String worstInput() {
        if (worst.isEmpty()) {
            return "none";
        }
        long[] w = worst.get(0);
        return String.format("%s (0x%08x): %s ulp", Float.intBitsToFloat((int) w[1]), (int) w[1], TableFormat.ulp(w[0]));
    }

    void save(Properties p) {
        p.setProperty("total", Long.toString(total));
        p.setProperty("bitwise", Long.toString(bitwise));
        p.setProperty("nontrivial", Long.toString(nontrivial));
        p.setProperty("nontrivialBitwise", Long.toString(nontrivialBitwise));
        p.setProperty("maxUlp", Long.toString(maxUlp));
        p.setProperty("outsideBound", Long.toString(outsideBound));
        p.setProperty("maxBoundError", Double.toString(maxBoundError));
        StringBuilder sb = new StringBuilder();
        for (long[] w : worst) {
            sb.append(w[0]).append(':').append(w[1]).append(':').append(w[2]).append(':').append(w[3]).append(';');
        }
        p.setProperty("worst", sb.toString());
    }

    static ExhaustiveTally load(Properties p) {
        ExhaustiveTally t = new ExhaustiveTally();
        t.total = Long.parseLong(p.getProperty("total"));
        t.bitwise = Long.parseLong(p.getProperty("bitwise"));
        t.nontrivial = Long.parseLong(p.getProperty("nontrivial"));
        t.nontrivialBitwise = Long.parseLong(p.getProperty("nontrivialBitwise"));
        t.maxUlp = Long.parseLong(p.getProperty("maxUlp"));
        t.outsideBound = Long.parseLong(p.getProperty("outsideBound", "0"));
        t.maxBoundError = Double.parseDouble(p.getProperty("maxBoundError", "0"));
        for (String w : p.getProperty("worst", "").split(";")) {
            if (!w.isEmpty()) {
                String[] f = w.split(":");
                t.worst.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
            }
        }
        return t;
    }
}
