package io.github.torchact.parity.report;

import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One activation at a glance: its overall status, its worst error as a fraction of the bound and
 * where that is, and the same per direction and dtype.
 *
 * @param activation the catalog name
 * @param order its position in the catalog
 * @param status FAIL or ERROR if any row is, else NO_KERNEL if any, else PASS (SKIPPED when nothing was compared)
 * @param worst the compared row closest to (or furthest beyond) its bound, or null when none was compared
 * @param fraction {@code worst}'s error over its bound (0 bitwise, ∞ for a miss of a bitwise bound), 0 when none
 * @param cells the worst row of each direction × dtype ("fwd f32", "fwd f64", "bwd f32", "bwd f64")
 * @param rows rows of this activation
 * @param passed rows that passed
 * @param skipped rows skipped because torch defines no gradient
 */
public record ActivationSummary(String activation, int order, RowStatus status, ParityRow worst, double fraction,
        Map<String, Cell> cells, int rows, int passed, int skipped) {

    /** The column keys of {@link #cells}, in order. */
    public static final List<String> CELLS = List.of("fwd f32", "fwd f64", "bwd f32", "bwd f64");

    /**
     * The worst row of one direction × dtype.
     *
     * @param status the group's status, as for the activation
     * @param worst the row closest to its bound, or null when none was compared
     * @param fraction its error over its bound
     */
    public record Cell(RowStatus status, ParityRow worst, double fraction) {

        /** "bitwise", "0.5 of 1", "no gradient", "no kernel", or the failing status with its error: the compact form. */
        public String shortText() {
            if (worst == null || status != RowStatus.PASS) {
                return text();
            }
            String e = TableFormat.errorOfBound(worst.stats());
            int unit = e.indexOf(" ulp");
            return unit < 0 ? e : e.substring(0, unit);
        }

        /** "bitwise", "0.5 of 1 ulp", "no gradient", "no kernel", or the failing status with its error. */
        public String text() {
            if (worst == null) {
                return status == RowStatus.SKIPPED ? "no gradient" : TableFormat.status(status);
            }
            String e = TableFormat.errorOfBound(worst.stats());
            return status == RowStatus.PASS ? e : TableFormat.status(status) + ": " + e;
        }
    }

    /** Worst first: failures and errors, then missing kernels, then by fraction of bound, then catalog order. */
    public static final Comparator<ActivationSummary> CLOSEST_TO_FAILING =
            Comparator.comparingInt((ActivationSummary s) -> severity(s.status()))
                    .thenComparing(Comparator.comparingDouble(ActivationSummary::fraction).reversed())
                    .thenComparingInt(ActivationSummary::order);

    /** One summary per activation in {@code names} (catalog order), sorted {@link #CLOSEST_TO_FAILING}. */
    public static List<ActivationSummary> of(List<String> names, List<ParityRow> rows) {
        List<ActivationSummary> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            List<ParityRow> own = rows.stream().filter(r -> r.activation().equals(name)).toList();
            Map<String, Cell> cells = new LinkedHashMap<>();
            for (String key : CELLS) {
                cells.put(key, cell(own.stream().filter(r -> key.equals(r.direction().label() + " " + r.dtype())).toList()));
            }
            Cell all = cell(own);
            int passed = (int) own.stream().filter(r -> r.status() == RowStatus.PASS).count();
            int skipped = (int) own.stream().filter(r -> r.status() == RowStatus.SKIPPED).count();
            out.add(new ActivationSummary(name, i, all.status(), all.worst(), all.fraction(), cells, own.size(), passed,
                    skipped));
        }
        out.sort(CLOSEST_TO_FAILING);
        return out;
    }

    private static Cell cell(List<ParityRow> rows) {
        ParityRow worst = null;
        double fraction = 0;
        for (ParityRow r : rows) {
            if (r.stats() == null) {
                continue;
            }
            double f = TableFormat.fractionOfBound(r.stats());
            if (worst == null || f > fraction) {
                worst = r;
                fraction = f;
            }
        }
        return new Cell(status(rows), worst, fraction);
    }

    /** The most severe status among {@code rows}; SKIPPED only when every row is. */
    static RowStatus status(List<ParityRow> rows) {
        Map<RowStatus, Integer> n = new EnumMap<>(RowStatus.class);
        rows.forEach(r -> n.merge(r.status(), 1, Integer::sum));
        for (RowStatus s : new RowStatus[] {RowStatus.FAIL, RowStatus.ERROR, RowStatus.NO_KERNEL, RowStatus.PASS}) {
            if (n.containsKey(s)) {
                return s;
            }
        }
        return RowStatus.SKIPPED;
    }

    private static int severity(RowStatus s) {
        return switch (s) {
            case FAIL -> 0;
            case ERROR -> 1;
            case NO_KERNEL -> 2;
            case PASS -> 3;
            case SKIPPED -> 4;
        };
    }

    /**
     * Where the worst error is, "f32 bwd java" (weights and parameters in {@link #whereInFull}), or ""
     * when every compared row is bitwise.
     */
    public String where() {
        if (worst == null || fraction == 0) {
            return "";
        }
        String w = worst.dtype() + " " + worst.direction().label() + " " + worst.path().label();
        return worst.weights().isEmpty() ? w : w + " " + worst.weights();
    }

    /** {@link #where} with the parameter values. */
    public String whereInFull() {
        String w = where();
        return w.isEmpty() || worst.params().isEmpty() ? w : w + ", " + worst.params();
    }

    /** The worst error in the unit of its bound, or the status when nothing was compared. */
    public String worstText() {
        return worst == null ? TableFormat.status(status) : TableFormat.errorOfBound(worst.stats());
    }
}
