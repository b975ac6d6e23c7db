package io.github.torchact.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the imported-model benchmarks side by side and writes {@code results.json} (JMH's JSON) and {@code results.md}
 * ({@link ModelReport}): per zoo model ({@link ZooCase}), batch 1 and 8, 1 and 2 threads, our forward in every mode
 * this build has (compiled where {@code ImportOptions.optCompile} exists, and node by node) and compiled with the
 * inference rewrites ({@code -Dbench.rewrites=false} drops it; {@code -Dbench.rewritesUnpacked=true} adds them without
 * prepacked weights), our forward + backward ({@code -Dbench.forwardOnly=true} times forwards only),
 * ONNX Runtime's forward, the traced TorchScript model's forward and forward + backward, and import time (of the
 * {@code _dyn} file, each mode; {@code -Dbench.importForms=dyn,fixed} adds the {@code _fixed} file).
 *
 * <pre>
 * java -jar parity-tests/benchmarks/target/benchmarks.jar models [out-dir]
 * </pre>
 *
 * <p>JMH sample time (every call timed; the report gives the median), ms, 1 fork per configuration, 2 warm-up and 3
 * measured iterations of 1 s; the peers of one model, batch and thread count run one after the other. Restrict with
 * {@code -Dbench.models=bert,gpt2} (the full-size models: {@code mobilenetv3_224,resnet18_224,bert_base,gpt2_small}),
 * {@code -Dbench.batches=1}, {@code -Dbench.threads=1}, {@code -Dbench.modes=nodes};
 * {@code -Dbench.zoo=DIR} if not run from the repository root.
 */
public final class ModelBenchMain {

    private final List<RunResult> results = new ArrayList<>();
    private final String[] jvmArgs;

    private ModelBenchMain(Path zoo) {
        List<String> a = new ArrayList<>(List.of("-Xmx2g", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dbench.zoo=" + zoo));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Dtorchact.") || arg.startsWith("-DDJL_CACHE_DIR") || arg.startsWith("-Dai.djl.pytorch.")) {
                a.add(arg);
            }
        }
        jvmArgs = a.toArray(new String[0]);
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "bench-models");
        Files.createDirectories(out);
        System.setProperty("ai.djl.offline", "true");
        new ModelBenchMain(ZooCase.zoo()).runAll(out);
    }

    private static String[] list(String property, String defaults) {
        return System.getProperty(property, defaults).split(",");
    }

    private void runAll(Path out) throws RunnerException, IOException {
        String[] models = list("bench.models", String.join(",", ZooCase.ALL.keySet()));
        String[] batches = list("bench.batches", "1,8");
        String[] threads = list("bench.threads", "1,2");
        List<String> available = ZooCase.modes();
        String[] modes = list("bench.modes", String.join(",", available));
        for (String m : modes) {
            if (!available.contains(m)) {
                throw new IllegalArgumentException("mode " + m + " is not in this build (" + available + ")");
            }
        }
        for (String m : models) {
            ZooCase.get(m);
        }
        // the inference rewrites as a further forward mode (no backward: the rewritten block has no parameters)
        List<String> forwardModes = new ArrayList<>(Arrays.asList(modes));
        if (available.contains(ZooCase.COMPILED) && Boolean.parseBoolean(System.getProperty("bench.rewrites", "true"))) {
            forwardModes.add(ZooCase.REWRITES);
            if (Boolean.parseBoolean(System.getProperty("bench.rewritesUnpacked", "false"))) {
                forwardModes.add(ZooCase.REWRITES_UNPACKED);
            }
        }
        boolean forwardOnly = Boolean.parseBoolean(System.getProperty("bench.forwardOnly", "false"));
        String[] forms = list("bench.importForms", "dyn");
        int perModel = batches.length * threads.length * (modes.length + forwardModes.size() + 3) + forms.length * modes.length;
        System.out.printf("JDK %s, %d cores; models %s, batches %s, threads %s, forward modes %s (optCompile %s)%n"
                + "%d JMH forks planned (about 8 to 9 s each on the shared 2-core machine)%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Arrays.toString(models), Arrays.toString(batches), Arrays.toString(threads), Arrays.toString(modes),
                ZooCase.compileOption() == null ? "absent" : "present", perModel * models.length);
        for (String m : models) {
            for (String b : batches) {
                for (String t : threads) { // the peers of one row one after the other
                    Map<String, String[]> row = Map.of("model", new String[] {m}, "batch", new String[] {b},
                            "threads", new String[] {t});
                    run(ImportedModelBench.class, "forward", row, Map.of("mode", forwardModes.toArray(new String[0])));
                    run(ImportedOrtBench.class, "forward", row, Map.of());
                    if (forwardOnly) {
                        continue;
                    }
                    if (ZooCase.get(m).torchScriptDir() != null) {
                        run(ImportedTorchScriptBench.class, "forward", row, Map.of());
                        run(ImportedTorchScriptBench.class, "forwardBackward", row, Map.of());
                    }
                    run(ImportedModelBench.class, "forwardBackward", row, Map.of("mode", modes));
                }
            }
            if (forwardOnly) {
                continue;
            }
            run(ImportTimeBench.class, "importModel", Map.of("model", new String[] {m}, "form", forms),
                    Map.of("mode", modes));
        }
        Path json = out.resolve("results.json");
        // JMH's JSON without the per-call histograms of sample mode (megabytes; the percentiles stay)
        JsonArray runs = JsonParser.parseString(ResultsJson.of(results)).getAsJsonArray();
        for (JsonElement e : runs) {
            e.getAsJsonObject().getAsJsonObject("primaryMetric").remove("rawDataHistogram");
        }
        Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(runs));
        Path md = out.resolve("results.md");
        Files.writeString(md, ModelReport.markdown(json, "JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, forward modes " + Arrays.toString(modes)
                + " (ImportOptions.optCompile " + (ZooCase.compileOption() == null ? "absent" : "present") + ")"));
        System.out.println("wrote " + json + " and " + md);
    }

    private void run(Class<?> bench, String method, Map<String, String[]> params, Map<String, String[]> more)
            throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + bench.getName().replace(".", "\\.") + "\\." + method + "$")
                .mode(Mode.SampleTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgs(jvmArgs);
        params.forEach(o::param);
        more.forEach(o::param);
        results.addAll(new Runner(o.build()).run());
    }
}
