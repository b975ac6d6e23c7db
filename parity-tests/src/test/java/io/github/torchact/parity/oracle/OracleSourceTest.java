package io.github.torchact.parity.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The committed oracle source is what the catalog generates. */
class OracleSourceTest {

    @Test
    void committedSourceMatchesCatalog() throws IOException {
        Path committed = Paths.get(System.getProperty("repo.root", ".."), OracleSource.REPO_PATH);
        assertEquals(OracleSource.generate(), Files.readString(committed, StandardCharsets.UTF_8),
                "models/torch-ops is stale: run mvn -pl parity-tests -am process-classes -Doracle.regenerate=true");
    }
}
