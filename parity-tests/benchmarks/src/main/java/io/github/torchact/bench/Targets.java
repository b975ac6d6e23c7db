package io.github.torchact.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The targets checked against one run (float32, all cores unless stated): per activation, the
 * ratio each target is about and whether it is met ("–" where the run has no such measurement).
 *
 * <ul>
 *   <li>memory group (piecewise-linear and single-exp activations): forward 16M ≥ 0.8× the baseline
 *       and not slower than ONNX Runtime beyond the two JMH errors; backward 16M ≥ 0.6× the baseline;
 *   <li>the others: forward 16M ≥ 2× libtorch and not slower than ONNX Runtime;
 *   <li>all: forward 4K ≥ 1.0× ONNX Runtime; the block at most 1.2× the bare libtorch op's time.
 * </ul>
 */
final class Targets {

    static final Set<String> MEMORY_GROUP = Set.of("relu", "relu6", "leaky_relu", "prelu", "rrelu", "hardtanh",
            "hardsigmoid", "hardswish", "hardshrink", "softshrink", "threshold", "sigmoid", "silu", "elu", "selu",
            "celu", "softplus");

    private Targets() {}

    static String table(Map<String, Map<String, Double>> rows) {
        Set<String> names = new TreeSet<>();
        for (String k : rows.keySet()) {
            names.add(k.split("\\|")[0]);
        }
        StringBuilder sb = new StringBuilder("### Targets (float32)\n\n"
                + "Memory group: fwd 16M ≥ 0.8× base and ≥ ORT; bwd 16M ≥ 0.6× base. Others: fwd 16M ≥ 2× torch and ≥ ORT. "
                + "All: fwd 4K ≥ 1× ORT; block ≤ 1.2× torch. ✓ met, ✗ missed (\"≥ ORT\" allows the two JMH errors).\n\n"
                + "| activation | group | fwd 16M java/base | fwd 16M java/ort | fwd 16M java/torch | bwd 16M java/base | fwd 4K java/ort | block/torch 4K | block/torch 16M |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (String a : names) {
            boolean memory = MEMORY_GROUP.contains(a);
            Map<String, Double> f16 = rows.get(key(a, "forward", BenchMain.M16));
            Map<String, Double> b16 = rows.get(key(a, "backward", BenchMain.M16));
            Map<String, Double> f4 = rows.get(key(a, "forward", BenchMain.K4));
            sb.append("| ").append(a).append(" | ").append(memory ? "memory" : "other").append(" | ")
                    .append(memory ? at(f16, "java", "base", 0.8) : Report.ratio(get(f16, "java"), get(f16, "base"))).append(" | ")
                    .append(atLeastOrt(f16)).append(" | ")
                    .append(memory ? Report.ratio(get(f16, "java"), get(f16, "torch")) : at(f16, "java", "torch", 2.0)).append(" | ")
                    .append(memory ? at(b16, "java", "base", 0.6) : Report.ratio(get(b16, "java"), get(b16, "base"))).append(" | ")
                    .append(at(f4, "java", "ort", 1.0)).append(" | ")
                    .append(blockOverTorch(f4)).append(" | ")
                    .append(blockOverTorch(f16)).append(" |\n");
        }
        return sb.toString();
    }

    private static String key(String a, String dir, int size) {
        return String.format(java.util.Locale.ROOT, "%s|f32|%s|%09d", a, dir, size);
    }

    private static Double get(Map<String, Double> row, String peer) {
        return row == null ? null : row.get(peer);
    }

    /** {@code num/den} and whether it reaches {@code min}. */
    private static String at(Map<String, Double> row, String num, String den, double min) {
        Double a = get(row, num);
        Double b = get(row, den);
        return a == null || b == null ? "–" : Report.ratio(a, b) + (a / b >= min ? " ✓" : " ✗");
    }

    private static String atLeastOrt(Map<String, Double> row) {
        Double j = get(row, "java");
        Double o = get(row, "ort");
        if (j == null || o == null) {
            return "–";
        }
        double slack = get(row, "java ±") + get(row, "ort ±");
        return Report.ratio(j, o) + (j + slack >= o ? " ✓" : " ✗");
    }

    /** Time ratio block/torch = throughput torch/block; at most 1.2. */
    private static String blockOverTorch(Map<String, Double> row) {
        Double t = get(row, "torch");
        Double b = get(row, "block");
        return t == null || b == null ? "–" : Report.ratio(t, b) + (t / b <= 1.2 ? " ✓" : " ✗");
    }
}
