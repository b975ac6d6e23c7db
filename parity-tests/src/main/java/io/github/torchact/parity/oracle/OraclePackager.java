package io.github.torchact.parity.oracle;

import io.github.torchact.torchscript.TorchScriptArchive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Build step: packages the committed oracle source ({@code models/torch-ops/code/__torch__.py}) into
 * the TorchScript archive the tests load. Usage: {@code OraclePackager <source.py> <out.pt>}; the source
 * is rewritten from the catalog by {@link io.github.torchact.parity.docs.DerivedFiles}.
 */
public final class OraclePackager {

    private OraclePackager() {}

    /** {@code <source __torch__.py> <out torch-ops.pt>}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: OraclePackager <source.py> <out.pt>");
        }
        Path source = Paths.get(args[0]);
        Path out = Paths.get(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        TorchScriptArchive.write(out, OracleSource.CLASS_NAME, Files.readString(source, StandardCharsets.UTF_8));
        System.out.println("packaged " + source + " -> " + out);
    }
}
