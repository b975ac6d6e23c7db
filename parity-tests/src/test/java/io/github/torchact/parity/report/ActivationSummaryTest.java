package io.github.torchact.parity.report;

import static io.github.torchact.parity.report.ReportFixtures.activation;
import static io.github.torchact.parity.report.ReportFixtures.row;
import static io.github.torchact.parity.report.ReportFixtures.ulpsOff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.torchact.parity.row.Direction;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;
import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class ActivationSummaryTest {

    @Test
    void closestToFailingComesFirstAndTiesKeepCatalogOrder() {
        List<ParityRow> rows = new ArrayList<>();
        rows.addAll(activation("relu", Tolerance.BITWISE, 0));
        rows.addAll(activation("tanh", Tolerance.ulps(2), 1));        // 0.5 of the bound
        rows.addAll(activation("gelu", Tolerance.ulps(1), 0));        // bitwise under a 1-ulp bound
        rows.addAll(activation("tanhshrink", Tolerance.ulps(1), 1));  // at the bound
        rows.addAll(activation("softmax", Tolerance.ulpsOfOne(2), 3)); // beyond: FAIL
        rows.add(row("glu", "f32", Direction.FORWARD, RowStatus.NO_KERNEL, null));
        rows.add(row("elu", "f32", Direction.FORWARD, RowStatus.ERROR, null));
        // a made-up catalog order for the made-up rows above: the ordering rule is under test, not the catalog
        List<String> catalog = List.of("relu", "elu", "gelu", "glu", "tanh", "tanhshrink", "softmax");
        List<String> order = ActivationSummary.of(catalog, rows).stream().map(ActivationSummary::activation).toList();
        assertEquals(List.of("softmax", "elu", "glu", "tanhshrink", "tanh", "relu", "gelu"), order);
    }

    @Test
    void summaryNamesTheWorstRowAndEachDirectionAndDtype() {
        ActivationSummary a = ActivationSummary.of(List.of("tanh"), activation("tanh", Tolerance.ulps(2), 1)).get(0);
        assertEquals(RowStatus.PASS, a.status());
        assertEquals(0.5, a.fraction());
        assertEquals("1 of 2 ulp", a.worstText());
        assertEquals("f32 fwd java", a.where());
        assertEquals(List.of("fwd f32", "fwd f64", "bwd f32", "bwd f64"), List.copyOf(a.cells().keySet()));
        assertEquals("1 of 2", a.cells().get("fwd f32").shortText());
        assertEquals("1 of 2 ulp", a.cells().get("fwd f32").text());
        assertEquals("bitwise", a.cells().get("bwd f64").text());
        assertEquals(4, a.passed());
    }

    @Test
    void bitwiseEverywhereHasNoWhere() {
        ActivationSummary a = ActivationSummary.of(List.of("relu"), activation("relu", Tolerance.BITWISE, 0)).get(0);
        assertEquals("bitwise", a.worstText());
        assertEquals("", a.where());
    }

    @Test
    void anyFailureFailsTheActivationAndSkippedRowsAreCountedApart() {
        List<ParityRow> rows = new ArrayList<>(activation("softmax", Tolerance.ulpsOfOne(2), 3));
        rows.add(row("softmax", "f32", Direction.BACKWARD, RowStatus.SKIPPED, null));
        ActivationSummary a = ActivationSummary.of(List.of("softmax"), rows).get(0);
        assertEquals(RowStatus.FAIL, a.status());
        assertEquals(1.5, a.fraction());
        assertEquals("FAIL: 3 of 2 ulp of 1", a.cells().get("fwd f32").text());
        assertEquals(1, a.skipped());
        assertEquals(RowStatus.SKIPPED, ActivationSummary.status(List.of(row("h", "f32", Direction.BACKWARD,
                RowStatus.SKIPPED, null))));
    }

    @Test
    void aMissOfABitwiseBoundOutranksAnyFraction() {
        List<ParityRow> rows = new ArrayList<>();
        rows.addAll(activation("relu", Tolerance.BITWISE, 1));
        rows.addAll(activation("softmax", Tolerance.ulpsOfOne(2), 30));
        List<ActivationSummary> s = ActivationSummary.of(List.of("softmax", "relu"), rows);
        assertEquals("relu", s.get(0).activation());
        assertEquals(Double.POSITIVE_INFINITY, s.get(0).fraction());
        assertNull(ActivationSummary.of(List.of("none"), rows).get(0).worst());
    }

    @Test
    void ulpsOffFixtureIsWhatItSays() {
        assertEquals(3, ulpsOff(Tolerance.ulps(1), 3).maxUlp());
    }
}
