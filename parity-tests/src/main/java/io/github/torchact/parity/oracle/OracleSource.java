package io.github.torchact.parity.oracle;

import io.github.torchact.spec.Catalog;
import io.github.torchact.torchscript.TorchScriptSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The torch-ops oracle's TorchScript source, generated from the catalog and committed under {@code
 * models/torch-ops/}. Run {@code main} to regenerate it after changing a spec; a test fails while the
 * committed file and the catalog disagree.
 */
public final class OracleSource {

    /** The TorchScript class name of the oracle module. */
    public static final String CLASS_NAME = "TorchOps";

    /** Where the source lives, relative to the repository root. */
    public static final String REPO_PATH = "models/torch-ops/code/__torch__.py";

    private OracleSource() {}

    /** The source the catalog defines. */
    public static String generate() {
        return "# Generated from the activation catalog by io.github.torchact.parity.oracle.OracleSource;\n"
                + "# regenerate with: mvn -pl parity-tests -am process-classes -Doracle.regenerate=true\n"
                + TorchScriptSource.oracle(CLASS_NAME, Catalog.all());
    }

    /** Writes the source to {@code args[0]} (default: {@value #REPO_PATH} under the current directory). */
    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args.length > 0 ? args[0] : REPO_PATH);
        Files.createDirectories(out.getParent());
        Files.writeString(out, generate(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
