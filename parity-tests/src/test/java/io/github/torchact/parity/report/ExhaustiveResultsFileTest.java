package io.github.torchact.parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

class ExhaustiveResultsFileTest {

    private static final String OLD_ROW =
            "| relu | 0 | 4294967296 / 4294967296 (100%) | 0 / 0 | none | 2026-11-22 | 17.0.15 | 56 s |";

    @Test
    void forwardOnlyRowsMigrateToTheNewColumns() {
        String row = ExhaustiveResultsFile.migrated(OLD_ROW);
        assertEquals("| relu | defaults | fwd | scalar | 0 | 4294967296 / 4294967296 (100%) | 0 / 0 | none | 2026-11-22 | 17.0.15 | 56 s |", row);
        assertEquals("relu|defaults|fwd|scalar", ExhaustiveResultsFile.key(row));
    }

    @Test
    void aSweepAddsItsRowBesideTheOthersAndKeepsTheStatusText(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("results.md");
        Files.writeString(f, "old header\n\n| activation | x |\n|---|---|\n" + OLD_ROW + "\n\n## Status\n\nnot run: all\n");
        ExhaustiveTally t = new ExhaustiveTally();
        t.add(new float[] {2f}, new float[] {1.5f}, new float[] {1.5f}, 0, 1, new int[0], Tolerance.BITWISE, Float.NaN);
        ExhaustiveSweep.Result r = new ExhaustiveSweep.Result(Catalog.THRESHOLD, Catalog.THRESHOLD.params(0.5, -1.0),
                ExhaustiveSweep.Mode.backward(0.7f), "vector", t, 3, 256);
        ExhaustiveResultsFile.update(f, r, "25");
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(text.startsWith(ExhaustiveResultsFile.HEADER), text);
        assertTrue(text.contains("| relu | defaults | fwd | scalar | 0 |"), text);
        assertTrue(text.contains("| threshold | threshold(threshold=0.5, value=-1.0) | bwd, gy=0.7 | vector | 0 | 1 / 1 (100%)"), text);
        assertTrue(text.indexOf("| relu |") < text.indexOf("| threshold |"), "catalog order");
        assertTrue(text.endsWith("## Status\n\nnot run: all\n"), text);
        ExhaustiveResultsFile.update(f, r, "25");
        assertEquals(text.replaceAll("\\| \\d{4}-\\d\\d-\\d\\d \\|", "|"),
                Files.readString(f, StandardCharsets.UTF_8).replaceAll("\\| \\d{4}-\\d\\d-\\d\\d \\|", "|"), "same key: replaced");
    }
}
