package io.github.torchact.bench;

import io.github.torchact.kernel.PendingKernel;
import io.github.torchact.kernel.vector.VectorSupport;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the benchmark set side by side and writes {@code results.json} (JMH's JSON) and {@code
 * results.md} (see {@link Report}). The activations are every catalog entry whose Java kernel exists
 * (pending ones are skipped), each peer only where it has a form of the activation.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar parity-tests/benchmarks/target/benchmarks.jar full [out-dir]
 * java --add-modules jdk.incubator.vector -jar parity-tests/benchmarks/target/benchmarks.jar quick [out-dir]
 * java --add-modules jdk.incubator.vector -jar parity-tests/benchmarks/target/benchmarks.jar side [out-dir]   (every peer on 1 and all threads: {@link SideBySideMain})
 * java -jar parity-tests/benchmarks/target/benchmarks.jar models [out-dir]   (imported ONNX models: {@link ModelBenchMain})
 * </pre>
 *
 * <p>Both: 1 fork per configuration, throughput mode, 3 warm-up iterations of 0.5 s (the Vector API
 * loops need about a second before C2 has compiled them), 3 measured of
 * 0.5 s ({@code quick}: 2 and 2). {@code full}: f32 forward and backward at 4K, 256K and 16M elements,
 * the Java kernel on 1 thread and on all cores (4K only on all cores: it is below the split
 * threshold, so single-threaded either way), ONNX Runtime (single op, and PyTorch's export chain for
 * gelu and mish), libtorch and the torchact block on all cores, the baseline like the Java kernel; f64
 * for relu, sigmoid, tanh and gelu (4K and 16M). {@code quick}: relu, sigmoid and gelu (or the first ready ones), f32 forward
 * at 4K and 16M. {@code -Dbench.activations=relu,gelu} sets the activations of either set.
 */
public final class BenchMain {

    static final int K4 = 4096;
    static final int K256 = 262144;
    static final int M16 = 16777216;
    private static final Set<String> F64_SET = Set.of("relu", "sigmoid", "tanh", "gelu");
    private static final Set<String> CHAINS = Set.of("gelu", "mish");
    /** The quick set's picks where their kernels exist: one piecewise-linear, one exp, one erf. */
    private static final Set<String> QUICK = Set.of("relu", "sigmoid", "gelu");

    private final boolean quick;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final List<RunResult> results = new ArrayList<>();
    private int planned;

    private BenchMain(boolean quick) {
        this.quick = quick;
    }

    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length >= 1 && args[0].equals("models")) {
            ModelBenchMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length >= 1 && args[0].equals("side")) {
            Path out = Path.of(args.length > 1 ? args[1] : "bench-side");
            Files.createDirectories(out);
            System.setProperty("ai.djl.offline", "true");
            SideBySideMain.main(out);
            return;
        }
        if (args.length < 1 || !(args[0].equals("full") || args[0].equals("quick"))) {
            System.err.println("usage: java --add-modules jdk.incubator.vector -jar benchmarks.jar full|quick|side [out-dir]\n"
                    + "       java -jar benchmarks.jar models [out-dir]   (imported ONNX models, see ModelBenchMain)");
            System.exit(2);
        }
        Path out = Path.of(args.length > 1 ? args[1] : "bench-results");
        Files.createDirectories(out);
        System.setProperty("ai.djl.offline", "true");
        new BenchMain(args[0].equals("quick")).runAll(out);
    }

    private void runAll(Path out) throws RunnerException, IOException {
        List<String> ready = readyActivations();
        System.out.println("JDK " + Runtime.version() + ", vector API " + (VectorSupport.enabled() ? "on" : "off")
                + ", " + cores + " cores; activations with a Java kernel: " + ready);
        String all = String.valueOf(cores);
        String both = cores > 1 ? "1," + all : all;
        String[] dirs = quick ? new String[] {"forward"} : new String[] {"forward", "backward"};
        List<String> ortOps = filter(ready, a -> OrtBench.model(a, "op", BenchCase.ROW) != null);
        List<String> ortChains = filter(ready, a -> CHAINS.contains(a) && OrtBench.model(a, "chain", BenchCase.ROW) != null);
        List<String> torch = filter(ready, a -> TorchOps.of(BenchCase.params(a)) != null);
        List<String> blocks = filter(ready, BlockBench::supports);
        List<String> f64 = filter(ready, F64_SET::contains);
        if (quick && System.getProperty("bench.activations") == null) {
            List<String> q = filter(ready, QUICK::contains);
            for (int i = 0; q.size() < 3 && i < ready.size(); i++) {
                if (!q.contains(ready.get(i))) {
                    q.add(ready.get(i));
                }
            }
            ready = q;
        }
        if (quick) {
            List<String> q = ready;
            ortOps.retainAll(q);
            ortChains.retainAll(q);
            torch.retainAll(q);
            blocks.retainAll(q);
            f64.clear();
        }
        List<Run> runs = new ArrayList<>();
        for (String dir : dirs) {
            runs.add(new Run(JavaKernelBench.class, dir, ready, "f32", new int[] {K4}, all));
            runs.add(new Run(BaselineBench.class, dir, null, "f32", new int[] {K4}, all));
            if (!quick) {
                runs.add(new Run(JavaKernelBench.class, dir, ready, "f32", new int[] {K256, M16}, both));
                runs.add(new Run(BaselineBench.class, dir, null, "f32", new int[] {K256, M16}, both));
                runs.add(new Run(JavaKernelBench.class, dir, f64, "f64", new int[] {K4, M16}, all));
                runs.add(new Run(BaselineBench.class, dir, f64.isEmpty() ? List.of() : null, "f64",
                        new int[] {K4, M16}, all));
                runs.add(new Run(TorchBench.class, dir, torch, "f32", new int[] {K4, K256, M16}, all));
                runs.add(new Run(TorchBench.class, dir, filter(torch, F64_SET::contains), "f64", new int[] {K4, M16}, all));
            } else {
                runs.add(new Run(JavaKernelBench.class, dir, ready, "f32", new int[] {M16}, both));
                runs.add(new Run(BaselineBench.class, dir, null, "f32", new int[] {M16}, both));
                runs.add(new Run(TorchBench.class, dir, torch, "f32", new int[] {K4, M16}, all));
            }
        }
        int[] peerSizes = quick ? new int[] {K4, M16} : new int[] {K4, K256, M16};
        runs.add(new Run(OrtBench.class, "forward", ortOps, "op", peerSizes, all));
        runs.add(new Run(OrtBench.class, "forward", ortChains, "chain", peerSizes, all));
        runs.add(new Run(BlockBench.class, "forward", blocks, null, peerSizes, all));
        for (Run r : runs) {
            planned += r.forks();
        }
        System.out.printf("%d JMH forks planned (about %d s each)%n", planned, quick ? 3 : 4);
        for (Run r : runs) {
            r.execute();
        }
        Path json = ResultsJson.write(out, results);
        Path md = out.resolve("results.md");
        Files.writeString(md, Report.markdown(json, "JDK " + Runtime.version() + ", vector API "
                + (VectorSupport.enabled() ? "on" : "off") + ", " + cores + " cores, mode " + (quick ? "quick" : "full")));
        System.out.println("wrote " + json + " and " + md);
    }

    /** Catalog entries with a default parameter set and a Java kernel (pending ones are skipped). */
    static List<String> readyActivations() {
        return readyActivations(System.getProperty("bench.activations"));
    }

    /** As {@link #readyActivations()}, restricted to the comma-separated {@code only} (null: all). */
    static List<String> readyActivations(String only) {
        List<String> names = new ArrayList<>();
        for (ActivationSpec s : Catalog.all()) {
            Params p = BenchCase.params(s);
            if (p == null || s.kernel(p) instanceof PendingKernel) {
                continue;
            }
            if (only == null || Arrays.asList(only.split(",")).contains(s.name())) {
                names.add(s.name());
            }
        }
        return names;
    }

    private static List<String> filter(List<String> names, java.util.function.Predicate<String> keep) {
        return names.stream().filter(keep).collect(Collectors.toCollection(ArrayList::new));
    }

    /** One JMH invocation: one benchmark method over activations × sizes × threads (× dtype or variant). */
    private final class Run {
        private final Class<?> bench;
        private final String method;
        private final List<String> activations;
        private final String extra;
        private final int[] sizes;
        private final String threads;

        Run(Class<?> bench, String method, List<String> activations, String extra, int[] sizes, String threads) {
            this.bench = bench;
            this.method = method;
            this.activations = activations;
            this.extra = extra;
            this.sizes = sizes;
            this.threads = threads;
        }

        int forks() {
            if (activations != null && activations.isEmpty()) {
                return 0;
            }
            return (activations == null ? 1 : activations.size()) * sizes.length * threads.split(",").length;
        }

        void execute() throws RunnerException {
            if (forks() == 0) {
                return;
            }
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .include("^" + bench.getName().replace(".", "\\.") + "\\." + method + "$")
                    .mode(Mode.Throughput)
                    .timeUnit(TimeUnit.SECONDS)
                    .forks(1)
                    .warmupIterations(quick ? 2 : 3)
                    .warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(quick ? 2 : 3)
                    .measurementTime(TimeValue.milliseconds(500))
                    .jvmArgs(forkJvmArgs())
                    .param("size", Arrays.stream(sizes).mapToObj(String::valueOf).toArray(String[]::new))
                    .param("threads", threads.split(","));
            if (activations != null) {
                o.param("activation", activations.toArray(new String[0]));
            }
            if (extra != null) {
                o.param(bench == OrtBench.class ? "variant" : "dtype", extra);
            }
            results.addAll(new Runner(o.build()).run());
        }
    }

    /** The forks run like this JVM: the vector module if it has it, DJL offline, enough heap. */
    static String[] forkJvmArgs() {
        List<String> a = new ArrayList<>();
        a.add("-Xmx3g");
        a.add("-Dai.djl.offline=true");
        a.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Dtorchact.") || arg.startsWith("-DDJL_CACHE_DIR")) {
                a.add(arg);
            }
        }
        if (VectorSupport.enabled()) {
            a.add("--add-modules=jdk.incubator.vector");
        }
        return a.toArray(new String[0]);
    }
}
