package io.github.torchact.parity.oracle;

import io.github.torchact.torchscript.TorchScriptArchive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Build step: packages the committed oracle source ({@code models/torch-ops/code/__torch__.py}) into
 * the TorchScript archive the tests load. Usage: {@code OraclePackager <source.py> <out.pt> [regenerate]};
 * with {@code regenerate} = {@code true} the source is first rewritten from the catalog ({@code mvn -pl
 * parity-tests -am process-classes -Doracle.regenerate=true}).
 */
public final class OraclePackager {

    private OraclePackager() {}

    /** {@code <source __torch__.py> <out torch-ops.pt> <regenerate>}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            throw new IllegalArgumentException("usage: OraclePackager <source.py> <out.pt> [regenerate]");
        }
        Path source = Paths.get(args[0]);
        Path out = Paths.get(args[1]);
        if (args.length == 3 && Boolean.parseBoolean(args[2])) {
            OracleSource.main(new String[] {source.toString()});
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        TorchScriptArchive.write(out, OracleSource.CLASS_NAME, Files.readString(source, StandardCharsets.UTF_8));
        System.out.println("packaged " + source + " -> " + out);
    }
}
