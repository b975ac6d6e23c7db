package io.github.torchact.parity.report;

import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts of rows by status, and whether the run fails. */
public record Summary(Map<RowStatus, Integer> counts, boolean pendingFails) {

    public static Summary of(List<ParityRow> rows, boolean pendingFails) {
        Map<RowStatus, Integer> c = new EnumMap<>(RowStatus.class);
        for (RowStatus s : RowStatus.values()) {
            c.put(s, 0);
        }
        rows.forEach(r -> c.merge(r.status(), 1, Integer::sum));
        return new Summary(c, pendingFails);
    }

    public int count(RowStatus s) {
        return counts.get(s);
    }

    /** Failures and errors always fail the run; rows without a kernel do unless allowed. */
    public boolean failed() {
        return count(RowStatus.FAIL) + count(RowStatus.ERROR) > 0 || (pendingFails && count(RowStatus.NO_KERNEL) > 0);
    }

    @Override
    public String toString() {
        return String.format("%d PASS, %d FAIL, %d ERROR, %d no kernel (%s), %d skipped (no gradient in torch)",
                count(RowStatus.PASS), count(RowStatus.FAIL), count(RowStatus.ERROR), count(RowStatus.NO_KERNEL),
                pendingFails ? "these fail the run; --allow-pending to accept them" : "accepted by --allow-pending",
                count(RowStatus.SKIPPED));
    }
}
