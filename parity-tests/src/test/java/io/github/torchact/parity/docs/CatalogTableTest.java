package io.github.torchact.parity.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Each block's javadoc states what the catalog says (README's tables: {@link DerivedFilesTest}). */
class CatalogTableTest {

    private static final Path ROOT = Paths.get(System.getProperty("repo.root", ".."));


    @Test
    void blockJavadocStatesTheSpecBound() throws IOException {
        for (ActivationSpec s : Catalog.all()) {
            Path src = ROOT.resolve("plugin/src/main/java/io/github/torchact/nn/" + s.blockName() + ".java");
            String text = Files.readString(src, StandardCharsets.UTF_8).replaceAll("\\s*\n\\s*\\*\\s*", " ");
            assertTrue(text.contains("bound against libtorch: " + s.bounds().describe() + "."),
                    src + " must state the spec's bound: bound against libtorch: " + s.bounds().describe() + ".");
        }
    }
}
