package io.github.torchact.parity.report;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Param;

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
            chunks) and the Java kernel: forward, and backward with the upstream gradient fixed at 1 or at 0.7
            for every element; default parameters, except threshold (threshold 0.5, value -1) and heaviside
            (values 0.5), which have none. "scalar" is the kernel's scalar loop (a JVM without the Vector API
            module), "vector" its Vector API form (JDK 25, `--add-modules jdk.incubator.vector`). Regenerate
            rows with

                mvn -B -pl parity-tests -am package -Pparity -Dparity.args="--exhaustive relu leaky_relu --directions fwd,bwd"

            (not run in CI; for the vector path run ParityMain with JDK 25 and the module, see PARITY.md).
            "Non-trivial" excludes inputs whose torch result is NaN, ±Inf, ±0, ±1, ½, the input itself,
            torch's result at ±MAX_VALUE (a saturation constant) or, backward, the upstream gradient itself:
            see ExhaustiveTally. The status section below says what has not been run.

            | activation | parameters | direction | path | max ulp f32 | bitwise-equal, all | bitwise-equal, non-trivial | worst input | date | JDK | duration |
            |---|---|---|---|---|---|---|---|---|---|---|
            """;

    private ExhaustiveResultsFile() {}

    /** Writes or replaces the row of {@code r} in {@code file}, keeping the text after the table. */
    public static void update(Path file, ExhaustiveSweep.Result r, String jdk) throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        String after = "";
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int state = 0; // 0 before the table, 1 in it, 2 after it
            StringBuilder tail = new StringBuilder();
            for (String line : lines) {
                if (state == 0) {
                    state = line.startsWith("| activation") ? 1 : 0;
                    continue;
                }
                if (state == 1 && line.startsWith("|---")) {
                    continue;
                }
                if (state == 1 && line.startsWith("| ")) {
                    String row = migrated(line);
                    rows.put(key(row), row);
                    continue;
                }
                state = 2;
                tail.append(line).append('\n');
            }
            after = tail.toString().strip();
        }
        String row = row(r, jdk);
        rows.put(key(row), row);
        List<String> ordered = new ArrayList<>();
        Catalog.all().forEach(s -> rows.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(s.name() + "|")) {
                ordered.add(e.getValue());
                return true;
            }
            return false;
        }));
        ordered.addAll(rows.values());
        Files.writeString(file, HEADER + String.join("\n", ordered) + "\n" + (after.isEmpty() ? "" : "\n" + after + "\n"),
                StandardCharsets.UTF_8);
    }

    /** activation|parameters|direction|path. */
    static String key(String row) {
        String[] c = row.split(" \\| ");
        return c[0].substring(2).trim() + "|" + c[1].trim() + "|" + c[2].trim() + "|" + c[3].trim();
    }

    /** A row of the forward-only format (8 columns: JDK 17, default parameters, scalar) in today's columns. */
    static String migrated(String row) {
        String[] c = row.split(" \\| ");
        if (c.length != 8) {
            return row;
        }
        return c[0] + " | defaults | fwd | scalar | " + String.join(" | ", java.util.Arrays.copyOfRange(c, 1, c.length));
    }

    static String row(ExhaustiveSweep.Result r, String jdk) {
        ExhaustiveTally t = r.tally();
        String params = r.spec().params().stream().allMatch(Param::hasDefault) ? "defaults" : r.params().toString();
        return String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f s |", r.spec().name(), params,
                r.mode().label(), r.path(), TableFormat.ulp(t.maxUlp()),
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
