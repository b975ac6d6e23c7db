package io.github.torchact.parity.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

/** Every derived file is what the code generates now, and the golden values cover the catalog. */
class DerivedFilesTest {

    private static final Path ROOT = Paths.get(System.getProperty("repo.root", ".."));

    static List<DerivedFile> derivedFiles() {
        return DerivedFiles.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("derivedFiles")
    void upToDate(DerivedFile f) throws IOException {
        assertTrue(DerivedFiles.upToDate(ROOT, f), f.path() + " (" + f.begin() + ") is stale: run " + DerivedFiles.COMMAND);
    }

    @Test
    void goldenValuesCoverEveryCatalogActivation() throws IOException {
        Set<String> missing = DerivedFiles.missingGoldens(ROOT);
        assertEquals(Set.of(), missing, DerivedFiles.GOLDENS + " has no case for " + missing + ": run "
                + DerivedFiles.GOLDENS_COMMAND);
    }
}
