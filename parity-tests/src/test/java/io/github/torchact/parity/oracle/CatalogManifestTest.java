package io.github.torchact.parity.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The committed catalog manifest (read by models/goldens/*.py) is what the catalog generates. */
class CatalogManifestTest {

    @Test
    void committedManifestMatchesCatalog() throws IOException {
        Path committed = Paths.get(System.getProperty("repo.root", ".."), CatalogManifest.REPO_PATH);
        String text = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(CatalogManifest.generate(), text,
                CatalogManifest.REPO_PATH + " is stale: run " + CatalogManifest.REGENERATE);
    }
}
