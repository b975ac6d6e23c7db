package io.github.torchact.parity.docs;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import io.github.torchact.parity.crossversion.KnownVersionDifferences;
import io.github.torchact.parity.oracle.CatalogManifest;
import io.github.torchact.parity.oracle.OracleSource;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every committed file generated from the code, rewritten by one command ({@value #COMMAND}); {@code
 * DerivedFilesTest} fails while any is stale. The golden values are printed by real PyTorch, so they are
 * checked, not rewritten: the command names the activations they lack and the script that adds them.
 */
public final class DerivedFiles {

    /** The one command that regenerates every derived file. */
    public static final String COMMAND = OracleSource.REGENERATE;

    /** The golden file that real PyTorch regenerates here (the 1.13 one came from Debian's torch and stays as is). */
    public static final String GOLDENS = "models/goldens/torch-2.13.0_cpu.json";

    /** How to regenerate {@link #GOLDENS} (Python with torch 2.13; never in CI). */
    public static final String GOLDENS_COMMAND = "python models/goldens/make_goldens.py (torch 2.13, see models/goldens/README.md)";

    private DerivedFiles() {}

    /** The derived files. */
    public static List<DerivedFile> all() {
        return List.of(
                DerivedFile.whole(OracleSource.REPO_PATH, OracleSource::generate),
                DerivedFile.whole(CatalogManifest.REPO_PATH, CatalogManifest::generate),
                DerivedFile.section("README.md", CatalogTable.BEGIN, CatalogTable.END, CatalogTable::markdown),
                DerivedFile.section("README.md", KnownVersionDifferences.BEGIN, KnownVersionDifferences.END,
                        KnownVersionDifferences::markdown),
                DerivedFile.section("plugin/onnx/README.md", OnnxExportTable.BEGIN, OnnxExportTable.END,
                        OnnxExportTable::markdown),
                DerivedFile.section("plugin/onnx/README.md", OnnxOperatorTable.BEGIN, OnnxOperatorTable.END,
                        OnnxOperatorTable::markdown));
    }

    /**
     * Whether {@code f}'s committed text under {@code root} is what the code generates.
     *
     * @throws IOException if the file cannot be read
     */
    public static boolean upToDate(Path root, DerivedFile f) throws IOException {
        String current = Files.readString(root.resolve(f.path()), StandardCharsets.UTF_8);
        return f.regenerate(current).equals(current);
    }

    /**
     * The catalog activations that have no case in {@link #GOLDENS}.
     *
     * @throws IOException if the file cannot be read
     */
    public static Set<String> missingGoldens(Path root) throws IOException {
        Set<String> have = new TreeSet<>();
        String json = Files.readString(root.resolve(GOLDENS), StandardCharsets.UTF_8);
        for (JsonElement c : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("cases")) {
            have.add(c.getAsJsonObject().get("activation").getAsString());
        }
        Set<String> missing = new TreeSet<>();
        for (ActivationSpec s : Catalog.all()) {
            if (!have.contains(s.name())) {
                missing.add(s.name());
            }
        }
        return missing;
    }

    /**
     * Rewrites every stale derived file under the repository root {@code args[0]} (default {@code .}) and says
     * which it rewrote; then names what the golden values lack.
     */
    public static void main(String[] args) throws IOException {
        Path root = Paths.get(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<String> rewritten = new ArrayList<>();
        for (DerivedFile f : all()) {
            Path p = root.resolve(f.path());
            String current = Files.readString(p, StandardCharsets.UTF_8);
            String next = f.regenerate(current);
            String what = f.path() + (f.begin() == null ? "" : " (" + f.begin() + ")");
            if (next.equals(current)) {
                System.out.println("up to date: " + what);
            } else {
                Files.writeString(p, next, StandardCharsets.UTF_8);
                rewritten.add(what);
                System.out.println("rewrote:    " + what);
            }
        }
        Set<String> missing = missingGoldens(root);
        if (missing.isEmpty()) {
            System.out.println("up to date: " + GOLDENS + " (a case for every catalog activation)");
        } else {
            System.out.println("STALE:      " + GOLDENS + " has no case for " + missing + ": run " + GOLDENS_COMMAND);
        }
        System.out.println(rewritten.size() + " file section(s) rewritten" + (missing.isEmpty() ? "" : "; golden values stale"));
    }
}
