package io.github.torchact.parity.row;

import io.github.torchact.parity.oracle.HostTensor;

import java.util.ArrayList;
import java.util.List;

/**
 * How much libtorch disagrees with itself: its vector path against its scalar path on the same
 * inputs. Finite same-sign differences are measured in ulp of the larger value; the rest (NaN
 * against a number, an infinity against a finite value, zero against non-zero, opposite signs,
 * +0 against -0) are counted and named, since an ulp distance between them means nothing.
 *
 * @param count elements compared
 * @param maxUlp largest |a − b| / ulp(max(|a|, |b|)) over finite same-sign non-zero pairs
 * @param ulpCount elements behind {@code maxUlp} (differing finite same-sign non-zero pairs)
 * @param nan NaN on one path, a number on the other
 * @param inf an infinity on one path, something else on the other
 * @param zero zero on one path, non-zero on the other
 * @param sign opposite signs, both non-zero
 * @param signedZero +0 on one path, -0 on the other
 * @param worst the input and both values where the paths differ most (NaN first, then ∞, 0, sign, ulp), or ""
 */
public record Spread(long count, double maxUlp, long ulpCount, long nan, long inf, long zero, long sign, long signedZero,
        String worst) {

    /** Compares the vector path's result with the scalar path's, element by element, at inputs {@code x}. */
    public static Spread of(HostTensor x, HostTensor vector, HostTensor scalar) {
        if (vector.size() != scalar.size() || vector.isF64() != scalar.isF64()) {
            throw new IllegalArgumentException("scalar path has " + scalar.size() + " elements, vector path " + vector.size());
        }
        boolean f64 = vector.isF64();
        double maxUlp = 0;
        long ulpCount = 0;
        long nan = 0;
        long inf = 0;
        long zero = 0;
        long sign = 0;
        long signedZero = 0;
        String worst = "";
        double worstRank = 0;
        boolean sameShape = x != null && x.size() == vector.size();
        for (int i = 0; i < vector.size(); i++) {
            double a = vector.get(i);
            double b = scalar.get(i);
            if (bitwise(a, b, f64)) {
                continue;
            }
            double rank;
            if (Double.isNaN(a) || Double.isNaN(b)) {
                nan++;
                rank = 5;
            } else if (Double.isInfinite(a) || Double.isInfinite(b)) {
                inf++;
                rank = 4;
            } else if (a == 0 && b == 0) {
                signedZero++;
                rank = 1;
            } else if (a == 0 || b == 0) {
                zero++;
                rank = 3;
            } else if ((a < 0) != (b < 0)) {
                sign++;
                rank = 2;
            } else {
                double big = Math.max(Math.abs(a), Math.abs(b));
                double u = Math.abs(a - b) / (f64 ? Math.ulp(big) : Math.ulp((float) big));
                ulpCount++;
                maxUlp = Math.max(maxUlp, u);
                rank = 1 + u / (1 + u);
            }
            if (rank > worstRank) {
                worstRank = rank;
                String at = sameShape ? "x=" + value(x.get(i), f64) + " (" + hex(x.get(i), f64) + ")" : "element " + i;
                worst = at + ": vector " + value(a, f64) + ", scalar " + value(b, f64);
            }
        }
        return new Spread(vector.size(), maxUlp, ulpCount, nan, inf, zero, sign, signedZero, worst);
    }

    private static String value(double v, boolean f64) {
        return f64 ? Double.toString(v) : Float.toString((float) v);
    }

    private static String hex(double v, boolean f64) {
        return Double.isNaN(v) ? "nan" : f64 ? Double.toHexString(v) : Float.toHexString((float) v);
    }

    private static boolean bitwise(double a, double b, boolean f64) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        return f64 ? Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b)
                : Float.floatToRawIntBits((float) a) == Float.floatToRawIntBits((float) b);
    }

    /** Whether both paths gave the same bits everywhere. */
    public boolean bitwise() {
        return ulpCount + nan + inf + zero + sign + signedZero == 0;
    }

    /**
     * "bitwise", or the differences spelled out: "≤ 1 ulp ×12", "0 vs non-zero ×2", "NaN vs number ×1",
     * "∞ vs finite ×3", "opposite signs ×1", "+0 vs -0 ×4", joined by "; ".
     */
    public String text() {
        if (bitwise()) {
            return "bitwise";
        }
        List<String> parts = new ArrayList<>();
        if (ulpCount > 0) {
            parts.add("≤ " + NumberText.of(maxUlp) + " ulp ×" + ulpCount);
        }
        add(parts, nan, "NaN vs number");
        add(parts, inf, "∞ vs finite");
        add(parts, zero, "0 vs non-zero");
        add(parts, sign, "opposite signs");
        add(parts, signedZero, "+0 vs -0");
        return String.join("; ", parts);
    }

    private static void add(List<String> parts, long n, String what) {
        if (n > 0) {
            parts.add(what + " ×" + n);
        }
    }

    @Override
    public String toString() {
        return text();
    }
}
