package io.github.torchact.parity.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.parity.row.ParityPath;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The parity report's FunnelReLU rows: every compared row passes, and the block rows are bitwise. */
class FunnelParityRowsTest {

    @Test
    void reportRowsPass() {
        List<ParityRow> rows = FunnelParity.rows();
        assertEquals(32, rows.size());
        for (ParityRow r : rows) {
            assertFalse(r.fails(true), r.toString());
            if (r.path() == ParityPath.DJL_BLOCK) {
                assertEquals(RowStatus.PASS, r.status(), r.toString());
                assertEquals(0, r.stats().nonBitwise(), r.toString());
                assertTrue(r.stats().count() > 0);
            }
        }
    }
}
