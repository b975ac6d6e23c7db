package io.github.torchact.parity.api;

import io.github.torchact.parity.report.TableFormat;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;

import java.util.List;

/** The rows of a {@link ParityCheck}: one per dtype and direction, each with its {@code Stats}. */
public record ParityResult(String expression, List<ParityRow> rows) {

    /** Copies the rows. */
    public ParityResult {
        rows = List.copyOf(rows);
    }

    /** Whether every row is within the tolerance. */
    public boolean passed() {
        return rows.stream().allMatch(r -> r.status() == RowStatus.PASS || r.status() == RowStatus.SKIPPED);
    }

    /** Throws an {@link AssertionError} with the table unless every row passed. */
    public ParityResult assertPassed() {
        if (!passed()) {
            throw new AssertionError("parity with libtorch '" + expression + "' failed:\n" + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return TableFormat.text(rows);
    }
}
