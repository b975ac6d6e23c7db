package io.github.torchact.parity.report;

import static io.github.torchact.parity.report.ReportFixtures.activation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class ConsoleSummaryTest {

    private static List<String> lines(int bitwise, boolean withFailure) {
        List<ParityRow> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < bitwise; i++) {
            names.add("act" + i);
            rows.addAll(activation("act" + i, Tolerance.ulps(1), 0));
        }
        names.add("tanh");
        rows.addAll(activation("tanh", Tolerance.ulps(2), 1));
        if (withFailure) {
            names.add("softmax");
            rows.addAll(activation("softmax", Tolerance.ulpsOfOne(2), 3));
        }
        return ConsoleSummary.lines(ActivationSummary.of(names, rows), Summary.of(rows, true), rows.size(), null,
                Path.of("target", "parity-report", "index.html"), 12.4);
    }

    @Test
    void atMostFortyLinesWhateverTheCatalogSize() {
        for (int n : new int[] {0, 5, 31, 36, 37, 100}) {
            List<String> l = lines(n, true);
            assertTrue(l.size() <= ConsoleSummary.MAX_LINES, n + " activations: " + l.size() + " lines");
            assertTrue(l.get(l.size() - 2).startsWith("report: ") && l.get(l.size() - 2).contains("index.html"), l.toString());
            assertEquals("PARITY FAILED in 12 s", l.get(l.size() - 1));
        }
        List<String> many = lines(100, false);
        assertTrue(many.stream().anyMatch(s -> s.matches("\\.\\.\\. \\d+ more, all bitwise \\(see the report\\)")), many.toString());
    }

    @Test
    void failuresComeFirstWithTheirWorstInputThenTheClosestToTheBound() {
        List<String> l = lines(3, true);
        assertTrue(l.get(2).startsWith("softmax") && l.get(2).contains("FAIL") && l.get(2).contains("3 of 2 ulp of 1"), l.get(2));
        assertTrue(l.get(3).trim().startsWith("worst: x=1.0"), l.get(3));
        assertTrue(l.get(4).startsWith("tanh") && l.get(4).contains("1 of 2 ulp") && l.get(4).contains("f32 fwd java"), l.get(4));
        assertTrue(l.get(5).startsWith("act0") && l.get(5).contains("bitwise"), l.get(5));
    }
}
