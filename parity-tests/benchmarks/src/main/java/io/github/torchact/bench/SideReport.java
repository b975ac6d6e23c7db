package io.github.torchact.bench;

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
 * The table of a {@link SideBySideMain} run: one row per activation, direction, size and thread
 * count, every peer's throughput in G elements/s at that thread count, and the Java kernel's ratio to
 * each (above 1 = the Java kernel is faster).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.torchact.bench.SideReport results.json [title]}
 */
public final class SideReport {

    private static final String[] PEERS = {"java", "ort", "ort chain", "torch", "torch thp", "base"};

    private SideReport() {}

    public static void main(String[] args) throws IOException {
        System.out.print(markdown(Path.of(args[0]), args.length > 1 ? args[1] : ""));
    }

    /** G elements/s: from the median call (sample-time mode, ns/op) or the mean rate (throughput, ops/s). */
    static double geps(JsonObject metric, int size) {
        if (metric.get("scoreUnit").getAsString().endsWith("/op")) {
            double ns = metric.getAsJsonObject("scorePercentiles").get("50.0").getAsDouble();
            return size / ns;
        }
        return metric.get("score").getAsDouble() * size / 1e9;
    }

    static String markdown(Path json, String title) throws IOException {
        Map<String, Map<String, Double>> rows = new TreeMap<>();
        Map<String, Double> base = new TreeMap<>();
        for (JsonElement e : JsonParser.parseString(Files.readString(json)).getAsJsonArray()) {
            JsonObject r = e.getAsJsonObject();
            String[] bench = r.get("benchmark").getAsString().split("\\.");
            String cls = bench[bench.length - 2];
            String dir = bench[bench.length - 1];
            JsonObject p = r.getAsJsonObject("params");
            int size = Integer.parseInt(p.get("size").getAsString());
            String common = String.format(Locale.ROOT, "%s|%09d|%s", dir, size, p.get("threads").getAsString());
            double geps = geps(r.getAsJsonObject("primaryMetric"), size);
            String peer = switch (cls) {
                case "JavaKernelBench" -> "java";
                case "OrtBench" -> p.get("variant").getAsString().equals("op") ? "ort" : "ort chain";
                case "TorchBench" -> p.get("alloc").getAsString().equals("thp") ? "torch thp" : "torch";
                case "BaselineBench" -> "base";
                default -> throw new IllegalArgumentException("unexpected benchmark " + cls);
            };
            if (peer.equals("base")) {
                base.put(common, geps);
            } else {
                rows.computeIfAbsent(p.get("activation").getAsString() + "|" + common, k -> new TreeMap<>()).put(peer, geps);
            }
        }
        StringBuilder sb = new StringBuilder("## Side by side: " + title + "\n\n"
                + "G elements/s (higher is better) from each fork's median call (sample-time runs; throughput runs: the mean rate), "
                + "every peer on the row's thread count; ratios = java over the peer.\n\n"
                + "| activation | dir | size | threads |");
        for (String peer : PEERS) {
            sb.append(' ').append(peer).append(" |");
        }
        sb.append(" java/ort | java/torch | java/torch thp | java/base |\n|").append("---|".repeat(4 + PEERS.length + 4)).append('\n');
        for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
            String[] k = row.getKey().split("\\|");
            Map<String, Double> v = row.getValue();
            Double b = base.get(k[1] + "|" + k[2] + "|" + k[3]);
            if (b != null) {
                v.put("base", b);
            }
            sb.append("| ").append(k[0]).append(" | ").append(k[1]).append(" | ")
                    .append(Report.sizeName(Integer.parseInt(k[2]))).append(" | ").append(k[3]).append(" |");
            for (String peer : PEERS) {
                sb.append(' ').append(Report.num(v.get(peer))).append(" |");
            }
            Double ort = v.containsKey("ort") ? v.get("ort") : v.get("ort chain");
            sb.append(' ').append(Report.ratio(v.get("java"), ort)).append(" |")
                    .append(' ').append(Report.ratio(v.get("java"), v.get("torch"))).append(" |")
                    .append(' ').append(Report.ratio(v.get("java"), v.get("torch thp"))).append(" |")
                    .append(' ').append(Report.ratio(v.get("java"), v.get("base"))).append(" |\n");
        }
        return sb.append("\njava/ort uses the single ONNX op where it exists, else PyTorch's export chain.\n").toString();
    }
}
