package io.github.torchact.parity.report;

import io.github.torchact.spec.Catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed {@code exhaustive-results.md}: one row per activation swept, replaced when it is
 * swept again, kept in catalog order.
 */
public final class ExhaustiveResultsFile {

    static final String HEADER = """
            # Exhaustive float32 sweep: Java kernels vs libtorch

            Every one of the 2^32 float32 bit patterns through libtorch 2.7.1 (AVX2, one thread, 16M-element
            chunks) and the Java kernel, forward, default parameters. Regenerate a row with

                mvn -B -pl parity-tests -am package -Pparity -Dparity.args="--exhaustive relu leaky_relu"

            (not run in CI). "Non-trivial" excludes inputs whose torch output is NaN, ±Inf, ±0, ±1, ½, the
            input itself, or torch's output at ±MAX_VALUE (a saturation constant): see ExhaustiveTally.

            | activation | max ulp fwd f32 | bitwise-equal, all | bitwise-equal, non-trivial | worst input | date | JDK | duration |
            |---|---|---|---|---|---|---|---|
            """;

    private ExhaustiveResultsFile() {}

    /** Writes or replaces the row of {@code r} in {@code file}. */
    public static void update(Path file, ExhaustiveSweep.Result r, String jdk) throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("| ") && !line.startsWith("| activation")) {
                    rows.put(line.substring(2, line.indexOf(" |", 2)).trim(), line);
                }
            }
        }
        rows.put(r.spec().name(), row(r, jdk));
        List<String> ordered = new ArrayList<>();
        Catalog.all().forEach(s -> {
            if (rows.containsKey(s.name())) {
                ordered.add(rows.remove(s.name()));
            }
        });
        ordered.addAll(rows.values());
        Files.writeString(file, HEADER + String.join("\n", ordered) + "\n", StandardCharsets.UTF_8);
    }

    static String row(ExhaustiveSweep.Result r, String jdk) {
        ExhaustiveTally t = r.tally();
        return String.format("| %s | %s | %s | %s | %s | %s | %s | %.0f s |", r.spec().name(), TableFormat.ulp(t.maxUlp()),
                fraction(t.bitwise(), t.total()), fraction(t.nontrivialBitwise(), t.nontrivial()),
                t.worstInput(), LocalDate.now(), jdk, r.seconds());
    }

    /** "count / total (percent)" with enough digits to tell 100% from 99.99999%. */
    static String fraction(long n, long total) {
        if (total == 0) {
            return "0 / 0";
        }
        String pct = n == total ? "100%" : String.format("%.7f%%", 100.0 * n / total);
        return n + " / " + total + " (" + pct + ")";
    }
}
