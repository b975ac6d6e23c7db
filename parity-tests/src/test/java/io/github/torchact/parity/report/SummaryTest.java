package io.github.torchact.parity.report;

import io.github.torchact.parity.row.Direction;
import io.github.torchact.parity.row.ParityPath;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

class SummaryTest {

    private static ParityRow row(RowStatus s) {
        return new ParityRow("relu", "", "", "f32", ParityPath.JAVA_KERNEL, Direction.FORWARD, s, null, null, "");
    }

    @Test
    void pendingKernelsFailByDefaultOnly() {
        List<ParityRow> rows = List.of(row(RowStatus.PASS), row(RowStatus.NO_KERNEL));
        assertTrue(Summary.of(rows, true).failed());
        assertFalse(Summary.of(rows, false).failed());
    }

    @Test
    void failuresAndErrorsAlwaysFail() {
        assertTrue(Summary.of(List.of(row(RowStatus.FAIL)), false).failed());
        assertTrue(Summary.of(List.of(row(RowStatus.ERROR)), false).failed());
        assertFalse(Summary.of(List.of(row(RowStatus.PASS), row(RowStatus.SKIPPED)), true).failed());
    }
}
