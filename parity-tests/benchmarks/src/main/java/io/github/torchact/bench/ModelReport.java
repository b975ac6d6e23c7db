package io.github.torchact.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the JSON of {@link ModelBenchMain} into Markdown: per model, batch and threads the milliseconds per call of
 * each peer and the ratios the targets are about, each target marked ✓ met or ✗ missed; then import times
 * and every measurement.
 *
 * <p>What a cell's milliseconds are: on 1 thread the benchmark thread's CPU time per call ({@link CpuTime}; libtorch,
 * ONNX Runtime and the importer then compute on that thread, so this is the idle-machine latency and does not count
 * the time the shared machine's other processes hold the core); on 2 threads JMH's median wall time per call (the
 * workers' CPU time is not visible). "Ours" for the targets is the compiled forward where the run has it (the
 * default once it exists), else node by node.
 *
 * <p>Targets: forward ≤ 1.5× ONNX Runtime at batch 1, 1 thread (stretch ≤ 1.0×), ≤ 1.2× at batch 8 (either thread
 * count); forward + backward ≤ 3× our forward (every row); import ≤ 50 ms (every file).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.torchact.bench.ModelReport results.json [title] > results.md}
 */
public final class ModelReport {

    private ModelReport() {}

    public static void main(String[] args) throws IOException {
        System.out.print(markdown(Path.of(args[0]), args.length > 1 ? args[1] : ""));
    }

    /** One measurement: median and mean wall ms per call (JMH sample time) and CPU ms per call (NaN if absent). */
    record Score(double median, double mean, double cpu, long calls) {
        /** The figure the tables use: CPU time on 1 thread, median wall time otherwise. */
        double ms(int threads) {
            return threads == 1 && !Double.isNaN(cpu) ? cpu : median;
        }
    }

    public static String markdown(Path json, String title) throws IOException {
        // key model|batch|threads -> peer -> score; peers: "fwd <mode>", "fwdbwd <mode>", "ort", "ts"
        Map<String, Map<String, Score>> rows = new TreeMap<>(ModelReport::compareKeys);
        // model|form -> mode -> score
        Map<String, Map<String, Score>> imports = new TreeMap<>(ModelReport::compareKeys);
        List<String[]> all = new ArrayList<>();
        List<String> modes = new ArrayList<>();
        JsonArray runs = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        for (JsonElement e : runs) {
            JsonObject r = e.getAsJsonObject();
            String[] bench = r.get("benchmark").getAsString().split("\\.");
            String cls = bench[bench.length - 2];
            String method = bench[bench.length - 1];
            JsonObject p = r.getAsJsonObject("params");
            JsonObject pm = r.getAsJsonObject("primaryMetric");
            String unit = pm.get("scoreUnit").getAsString();
            double mean = toMs(pm.get("score").getAsDouble(), unit);
            JsonObject pct = pm.has("scorePercentiles") ? pm.getAsJsonObject("scorePercentiles") : null;
            double median = pct != null && pct.has("50.0") ? toMs(pct.get("50.0").getAsDouble(), unit) : mean;
            double cpu = Double.NaN;
            long calls = 0;
            JsonObject sec = r.has("secondaryMetrics") ? r.getAsJsonObject("secondaryMetrics") : null;
            if (sec != null && sec.has("cpuNs") && sec.has("calls")) {
                calls = (long) sec.getAsJsonObject("calls").get("score").getAsDouble();
                cpu = calls == 0 ? Double.NaN : sec.getAsJsonObject("cpuNs").get("score").getAsDouble() / calls / 1e6;
            }
            Score s = new Score(median, mean, cpu, calls);
            String model = p.get("model").getAsString();
            String mode = p.has("mode") ? p.get("mode").getAsString() : null;
            if (mode != null && !modes.contains(mode)) {
                modes.add(mode);
            }
            String threads = p.has("threads") ? p.get("threads").getAsString() : "1";
            all.add(new String[] {cls + "." + method, model, p.has("batch") ? p.get("batch").getAsString() : "–", threads,
                    mode == null ? "" : mode, p.has("form") ? p.get("form").getAsString() : "", num(median), num(mean),
                    num(cpu), String.valueOf(calls)});
            if (cls.equals("ImportTimeBench")) {
                imports.computeIfAbsent(model + "|" + p.get("form").getAsString(), k -> new LinkedHashMap<>()).put(mode, s);
                continue;
            }
            String key = model + "|" + p.get("batch").getAsString() + "|" + threads;
            String peer = switch (cls) {
                case "ImportedModelBench" -> (method.equals("forward") ? "fwd " : "fwdbwd ") + mode;
                case "ImportedOrtBench" -> "ort";
                default -> method.equals("forward") ? "ts" : "tsfwdbwd";
            };
            rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(peer, s);
        }
        modes.sort((a, b) -> a.equals(ZooCase.COMPILED) ? -1 : b.equals(ZooCase.COMPILED) ? 1 : a.compareTo(b));
        String target = modes.isEmpty() ? ZooCase.NODES : modes.get(0);

        StringBuilder sb = new StringBuilder("## Imported models: " + title + "\n\n");
        sb.append("Milliseconds per call: on 1 thread CPU time of the calling thread (where libtorch and ONNX Runtime ")
                .append("compute then), on 2 threads the median wall time (JMH sample time); ratios are of these ")
                .append("(below 1 = ours faster). Forward rows and import: the `_dyn` export; TorchScript: `model.pt` of ")
                .append("the `_fixed` folder. Targets on the **").append(target).append("** forward: ours/ORT ≤ 1.5× at ")
                .append("batch 1, 1 thread, ≤ 1.2× at batch 8; fwd+bwd/fwd ≤ 3×; import (`_dyn` file) ≤ 50 ms. ")
                .append("✓ met, ✗ missed.\n\n");
        sb.append("| model | batch | threads |");
        for (String m : modes) {
            sb.append(" ours fwd (").append(m).append(") | ours/ORT (").append(m).append(") |");
        }
        for (String m : modes) {
            sb.append(" fwd+bwd (").append(m).append(") | fwd+bwd/fwd (").append(m).append(") |");
        }
        sb.append(" ORT | TorchScript | ours/TorchScript (").append(target).append(") | TorchScript fwd+bwd/fwd | import (")
                .append(target).append(") |\n|").append("---|".repeat(3 + 4 * modes.size() + 5)).append('\n');
        for (Map.Entry<String, Map<String, Score>> row : rows.entrySet()) {
            String[] k = row.getKey().split("\\|");
            Map<String, Score> v = row.getValue();
            int batch = Integer.parseInt(k[1]);
            int threads = Integer.parseInt(k[2]);
            sb.append("| ").append(k[0]).append(" | ").append(batch).append(" | ").append(threads).append(" |");
            Score ort = v.get("ort");
            for (String m : modes) {
                Score f = v.get("fwd " + m);
                double limit = batch == 1 && threads == 1 ? 1.5 : batch == 8 ? 1.2 : Double.NaN;
                sb.append(' ').append(ms(f, threads)).append(" | ")
                        .append(mark(ratio(f, ort, threads), m.equals(target) ? limit : Double.NaN)).append(" |");
            }
            for (String m : modes) {
                Score b = v.get("fwdbwd " + m);
                sb.append(' ').append(ms(b, threads)).append(" | ")
                        .append(mark(ratio(b, v.get("fwd " + m), threads), m.equals(target) ? 3.0 : Double.NaN)).append(" |");
            }
            Map<String, Score> imp = imports.get(k[0] + "|dyn");
            Score i = imp == null ? null : imp.get(target);
            sb.append(' ').append(ms(ort, threads)).append(" | ").append(ms(v.get("ts"), threads)).append(" | ")
                    .append(mark(ratio(v.get("fwd " + target), v.get("ts"), threads), Double.NaN)).append(" | ")
                    .append(mark(ratio(v.get("tsfwdbwd"), v.get("ts"), threads), Double.NaN)).append(" | ")
                    .append(i == null ? "–" : ms(i, 1) + (i.ms(1) <= 50 ? " ✓" : " ✗")).append(" |\n");
        }
        if (!imports.isEmpty()) {
            sb.append("\nImport, `OnnxImporter.importModel` (read, validate, convert, initialise, trial run), CPU ms ")
                    .append("per call (median wall ms):\n\n| model | file |");
            for (String m : modes) {
                sb.append(' ').append(m).append(" |");
            }
            sb.append("\n|---|---|").append("---|".repeat(modes.size())).append('\n');
            for (Map.Entry<String, Map<String, Score>> row : imports.entrySet()) {
                String[] k = row.getKey().split("\\|");
                sb.append("| ").append(k[0]).append(" | ").append(ZooCase.get(k[0]).folder(k[1])).append(" |");
                for (String m : modes) {
                    Score s = row.getValue().get(m);
                    sb.append(' ').append(s == null ? "–" : ms(s, 1) + " (" + num(s.median()) + ")" + (s.ms(1) <= 50 ? " ✓" : " ✗")).append(" |");
                }
                sb.append('\n');
            }
        }
        sb.append("\n### All measurements\n\nms per call: JMH sample time median and mean (wall), CPU time of the ")
                .append("benchmark thread per call, calls measured.\n\n")
                .append("| benchmark | model | batch | threads | mode | file | wall median | wall mean | cpu | calls |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (String[] a : all) {
            sb.append("| ").append(String.join(" | ", a)).append(" |\n");
        }
        return sb.toString();
    }

    private static int compareKeys(String a, String b) {
        String[] x = a.split("\\|");
        String[] y = b.split("\\|");
        List<String> order = ZooCase.names();
        int c = Integer.compare(order.indexOf(x[0]), order.indexOf(y[0]));
        for (int i = 1; c == 0 && i < Math.min(x.length, y.length); i++) {
            c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i])) : x[i].compareTo(y[i]);
        }
        return c;
    }

    private static double toMs(double v, String unit) {
        return switch (unit) {
            case "s/op" -> v * 1e3;
            case "ms/op" -> v;
            case "us/op" -> v / 1e3;
            case "ns/op" -> v / 1e6;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit);
        };
    }

    static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, v >= 10 ? "%.1f" : v >= 1 ? "%.2f" : "%.3f", v);
    }

    static String ms(Score s, int threads) {
        return s == null ? "–" : num(s.ms(threads));
    }

    private static Double ratio(Score a, Score b, int threads) {
        return a == null || b == null ? null : a.ms(threads) / b.ms(threads);
    }

    /** The ratio, and ✓/✗ against {@code max} unless it is NaN (no target for this cell). */
    private static String mark(Double r, double max) {
        if (r == null) {
            return "–";
        }
        String s = String.format(Locale.ROOT, "%.2f×", r);
        return Double.isNaN(max) ? s : s + (r <= max ? " ✓" : " ✗");
    }
}
