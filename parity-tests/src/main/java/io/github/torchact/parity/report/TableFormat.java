package io.github.torchact.parity.report;

import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.compare.Ulp;

import java.util.List;

/** The parity table as fixed-width text for the terminal, and the cell texts the HTML report shares. */
public final class TableFormat {

    /** Column headers, in order. */
    public static final String[] HEADERS = {
        "activation", "params", "weights", "dtype", "path", "dir", "max ulp", "max abs err", "non-bitwise",
        "nan/inf mism.", "bound", "torch scalar↔vector ulp", "result"
    };

    private static final int[] WIDTHS = {13, 28, 11, 5, 5, 3, 8, 11, 11, 13, 20, 23, 9};

    private TableFormat() {}

    /** The cells of one row. */
    public static String[] cells(ParityRow r) {
        Stats s = r.stats();
        return new String[] {
            r.activation(), r.params(), r.weights(), r.dtype(), r.path().label(), r.direction().label(),
            s == null ? "" : ulp(s.maxUlp()),
            s == null ? "" : String.format("%.3g", s.maxAbs()),
            s == null ? "" : s.nonBitwise() + "/" + s.count(),
            s == null ? "" : s.nanMismatches() + "/" + s.infMismatches(),
            s == null ? "" : s.tolerance().toString(),
            r.spreadUlp() < 0 ? "n/a" : ulp(r.spreadUlp()),
            status(r.status())
        };
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
