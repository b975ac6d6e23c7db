package io.github.torchact.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH's JSON output into a Markdown table: one row per activation, dtype, direction and size,
 * each peer's throughput in G elements/s (ops/s × elements), and the Java kernel's ratios to each
 * peer and to the memory-bound baseline at the same thread count (above 1 = the Java kernel is
 * faster). "block/torch" is the block's time over the bare libtorch op's.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.torchact.bench.Report results.json > results.md}
 */
public final class Report {

    private static final String[] PEERS = {"java 1T", "java", "ort", "ort chain", "torch", "block", "base 1T", "base"};

    private Report() {}

    public static void main(String[] args) throws IOException {
        System.out.print(markdown(Path.of(args[0]), args.length > 1 ? args[1] : ""));
    }

    /** The table for a JMH JSON results file; {@code title} names the run (JDK, settings). */
    public static String markdown(Path json, String title) throws IOException {
        Map<String, Map<String, Double>> rows = rows(json);
        StringBuilder sb = new StringBuilder("## torchact benchmarks: " + title + "\n\n");
        sb.append(Targets.table(rows)).append('\n');
        sb.append("### All measurements\n\n");
        sb.append("Throughput in G elements/s (higher is better); ratios = Java kernel (all cores) over the peer, ")
                .append("Java 1T over base 1T; block/torch = block time over bare libtorch op time.\n\n");
        sb.append("| activation | dtype | dir | size |");
        for (String peer : PEERS) {
            sb.append(' ').append(peer).append(" |");
        }
        sb.append(" java/base | java 1T/base 1T | java/ort | java/torch | block/torch |\n|");
        sb.append("---|".repeat(4 + PEERS.length + 5)).append('\n');
        for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
            String[] k = row.getKey().split("\\|");
            Map<String, Double> v = row.getValue();
            sb.append("| ").append(k[0]).append(" | ").append(k[1]).append(" | ").append(k[2]).append(" | ")
                    .append(sizeName(Integer.parseInt(k[3]))).append(" |");
            for (String peer : PEERS) {
                sb.append(' ').append(num(v.get(peer))).append(" |");
            }
            sb.append(' ').append(ratio(v.get("java"), v.get("base"))).append(" |")
                    .append(' ').append(ratio(v.get("java 1T"), v.get("base 1T"))).append(" |")
                    .append(' ').append(ratio(v.get("java"), v.get("ort"))).append(" |")
                    .append(' ').append(ratio(v.get("java"), v.get("torch"))).append(" |")
                    .append(' ').append(ratio(v.get("torch"), v.get("block"))).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * Throughput in G elements/s per row key {@code activation|dtype|dir|size (9 digits)} and peer,
     * the baseline of the same dtype, direction, size and thread count filled in as "base"/"base 1T".
     */
    static Map<String, Map<String, Double>> rows(Path json) throws IOException {
        JsonArray runs = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Map<String, Double>> rows = new TreeMap<>();
        Map<String, Double> baseline = new TreeMap<>();
        for (JsonElement e : runs) {
            JsonObject r = e.getAsJsonObject();
            String[] bench = r.get("benchmark").getAsString().split("\\.");
            String cls = bench[bench.length - 2];
            String dir = bench[bench.length - 1];
            JsonObject p = r.getAsJsonObject("params");
            int size = Integer.parseInt(p.get("size").getAsString());
            int threads = Integer.parseInt(p.get("threads").getAsString());
            String dtype = p.has("dtype") ? p.get("dtype").getAsString() : "f32";
            double geps = r.getAsJsonObject("primaryMetric").get("score").getAsDouble() * size / 1e9;
            String one = threads == 1 && cores > 1 ? " 1T" : "";
            if (cls.equals("BaselineBench")) {
                baseline.put(dtype + "|" + dir + "|" + size + "|" + one, geps);
                continue;
            }
            String peer = switch (cls) {
                case "JavaKernelBench" -> "java" + one;
                case "OrtBench" -> p.get("variant").getAsString().equals("op") ? "ort" : "ort chain";
                case "TorchBench" -> "torch";
                default -> "block";
            };
            String key = String.format(Locale.ROOT, "%s|%s|%s|%09d", p.get("activation").getAsString(), dtype, dir, size);
            Map<String, Double> row = rows.computeIfAbsent(key, k -> new TreeMap<>());
            row.put(peer, geps);
            double err = r.getAsJsonObject("primaryMetric").get("scoreError").getAsDouble() * size / 1e9;
            row.put(peer + " ±", Double.isNaN(err) ? 0 : err);
        }
        for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
            String[] k = row.getKey().split("\\|");
            String b = k[1] + "|" + k[2] + "|" + Integer.parseInt(k[3]) + "|";
            putIfPresent(row.getValue(), "base 1T", baseline.get(b + " 1T"));
            putIfPresent(row.getValue(), "base", baseline.get(b));
        }
        return rows;
    }

    private static void putIfPresent(Map<String, Double> m, String k, Double v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    static String sizeName(int size) {
        return size >= 1 << 20 ? (size >> 20) + "M" : (size >> 10) + "K";
    }

    static String num(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, v >= 0.1 ? "%.2f" : "%.3f", v);
    }

    static String ratio(Double a, Double b) {
        return a == null || b == null ? "–" : String.format(Locale.ROOT, "%.2f×", a / b);
    }
}
