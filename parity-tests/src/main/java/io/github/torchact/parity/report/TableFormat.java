package io.github.torchact.parity.report;

import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.compare.Ulp;
import io.github.torchact.parity.row.NumberText;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;
import io.github.torchact.spec.Tolerance;

import java.util.List;

/**
 * The parity table as fixed-width text, and the cell texts the HTML report shares. Every error is
 * written in the unit of its bound ("0.5 of 1 ulp of max(|x|,|y|)"), so it reads against the bound
 * whatever the bound measures.
 */
public final class TableFormat {

    /** Column headers, in order. */
    public static final String[] HEADERS = {
        "activation", "params", "weights", "dtype", "path", "dir", "error of bound", "ulp of value", "max abs err",
        "non-bitwise", "NaN/∞ mism.", "torch scalar↔vector", "result"
    };

    private static final int[] WIDTHS = {13, 28, 11, 5, 5, 3, 34, 13, 11, 11, 11, 24, 9};

    /** Marks an ulp-of-value figure whose bound is measured against a larger scale. */
    public static final String OTHER_SCALE_MARK = "†";

    private TableFormat() {}

    /** The cells of one row. */
    public static String[] cells(ParityRow r) {
        Stats s = r.stats();
        return new String[] {
            r.activation(), r.params(), r.weights(), r.dtype(), r.path().label(), r.direction().label(),
            s == null ? "" : errorOfBound(s),
            s == null ? "" : ulpOfValue(s),
            s == null ? "" : NumberText.of(s.maxAbs()),
            s == null ? "" : s.nonBitwise() + "/" + s.count(),
            s == null ? "" : s.nanMismatches() + "/" + s.infMismatches(),
            r.spread() == null ? "n/a" : r.spread().text(),
            status(r.status())
        };
    }

    /**
     * The worst error in the unit of the bound: "bitwise", "0.5 of 1 ulp", "3 ulp, bound bitwise",
     * "NaN/∞ mismatch, bound 1 ulp".
     */
    public static String errorOfBound(Stats s) {
        Tolerance t = s.tolerance();
        if (s.nonBitwise() == 0) {
            return "bitwise";
        }
        if (s.nanMismatches() + s.infMismatches() > 0 || Double.isInfinite(s.maxError())) {
            return "NaN/∞ mismatch, bound " + t;
        }
        if (t.isBitwise()) {
            return s.maxUlp() == 0 ? "+0/-0 differ, bound bitwise" : ulp(s.maxUlp()) + " ulp, bound bitwise";
        }
        return NumberText.of(s.maxError()) + " of " + t;
    }

    /** The worst error as a fraction of the bound: 0 bitwise, 1 at the bound, infinite for any miss of a bitwise bound. */
    public static double fractionOfBound(Stats s) {
        if (s.nonBitwise() == 0) {
            return 0;
        }
        if (s.tolerance().isBitwise() || Double.isInfinite(s.maxError())) {
            return Double.POSITIVE_INFINITY;
        }
        return s.maxError() / s.tolerance().ulps();
    }

    /**
     * The largest distance in ulp of libtorch's value. Where the bound is measured against a larger
     * scale (the formula cancels, e.g. tanhshrink near 0) the figure is marked, since a few ulp of
     * |x| can be millions of ulp of a tiny result.
     */
    public static String ulpOfValue(Stats s) {
        if (s.maxUlp() == Ulp.INFINITE) {
            return "NaN/∞";
        }
        // beyond a million the exact count says nothing more (zero or a sign change between the values)
        String u = s.maxUlp() < 1_000_000 ? ulp(s.maxUlp()) : NumberText.of(s.maxUlp());
        boolean otherScale = s.maxUlp() > 0 && !s.tolerance().isBitwise() && s.tolerance().scale() != Tolerance.Scale.RESULT;
        return otherScale ? u + " " + OTHER_SCALE_MARK : u;
    }

    /** "inf" for a NaN or sign mismatch, else the number. */
    public static String ulp(long u) {
        return u == Ulp.INFINITE ? "inf" : Long.toString(u);
    }


    public static String status(RowStatus s) {
        return s == RowStatus.NO_KERNEL ? "no kernel" : s.name();
    }

    /** The table as text lines, with failures' worst inputs under them. */
    public static String text(List<ParityRow> rows) {
        StringBuilder sb = new StringBuilder();
        line(sb, HEADERS);
        for (ParityRow r : rows) {
            line(sb, cells(r));
            if (r.status() == RowStatus.FAIL || r.status() == RowStatus.ERROR) {
                sb.append("      ").append(r.message()).append('\n');
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].length() > WIDTHS[i] ? cells[i].substring(0, WIDTHS[i] - 1) + "…" : cells[i];
            sb.append(String.format("%-" + WIDTHS[i] + "s", c)).append(i + 1 < cells.length ? " " : "");
        }
        sb.append('\n');
    }
}
