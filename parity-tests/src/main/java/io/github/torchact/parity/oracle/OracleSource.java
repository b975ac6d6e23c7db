package io.github.torchact.parity.oracle;

import io.github.torchact.spec.Catalog;
import io.github.torchact.torchscript.TorchScriptSource;

/**
 * The torch-ops oracle's TorchScript source, generated from the catalog and committed under {@code
 * models/torch-ops/}, rewritten with the other derived files by {@code docs.DerivedFiles}; a test fails while the
 * committed file and the catalog disagree.
 */
public final class OracleSource {

    /** The TorchScript class name of the oracle module. */
    public static final String CLASS_NAME = "TorchOps";

    /** The command that rewrites this source and every other derived file ({@code docs.DerivedFiles}). */
    public static final String REGENERATE = "mvn -B -pl parity-tests -am process-classes -Pregenerate";

    /** Where the source lives, relative to the repository root. */
    public static final String REPO_PATH = "models/torch-ops/code/__torch__.py";

    private OracleSource() {}

    /** The source the catalog defines. */
    public static String generate() {
        return "# Generated from the activation catalog by io.github.torchact.parity.oracle.OracleSource;\n"
                + "# regenerate with: " + REGENERATE + "\n"
                + TorchScriptSource.oracle(CLASS_NAME, Catalog.all());
    }
}
