package io.github.torchact.bench;

import io.github.torchact.kernel.vector.VectorSupport;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every peer on the same thread counts, in one run: the Java kernel, ONNX Runtime (op and, for gelu
 * and mish, PyTorch's export chain; silu's op is its chain), libtorch with its default allocator and with
 * {@code THP_MEM_ALLOC_ENABLE=1} (the fork is started through a wrapper script that sets it), and
 * the memory baseline; f32 forward for the activations, backward for {@code -Dbench.backward}
 * (default sigmoid,gelu; libtorch's backward row includes its forward). Sizes {@code -Dbench.sizes}
 * (default 4096,16777216; 4K is the in-cache column: 16 KiB in and 16 KiB out fit L1), threads
 * {@code -Dbench.threads} (default 1 and all cores). JMH sample-time mode (every call timed, {@code
 * -Dbench.warmup} warm-up iterations of 1 s, default 5, and 1 measured of 1 s): the table uses each fork's median call, which a call preempted by
 * other jobs on a shared machine does not move while most calls run undisturbed (at 4K; a 16M call
 * of 5–100 ms is preempted more often). The load average is written to {@code load.txt} before
 * every JMH invocation; the table is {@link SideReport}'s.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dbench.activations=relu,sigmoid -jar benchmarks.jar side [out-dir]
 * </pre>
 */
final class SideBySideMain {

    /** The export chains run beside the single op (silu has no single op at opset 20: its "op" is the chain). */
    private static final java.util.Set<String> CHAINS = java.util.Set.of("gelu", "mish");

    /** Warm-up seconds per fork ({@code -Dbench.warmup}): on a loaded machine C2 needs several. */
    private static final int WARMUP_S = Integer.getInteger("bench.warmup", 5);

    private final Path out;
    private final List<RunResult> results = new ArrayList<>();
    private final String[] sizes = System.getProperty("bench.sizes", BenchMain.K4 + "," + BenchMain.M16).split(",");
    private final String[] threads;

    private SideBySideMain(Path out) {
        this.out = out;
        int cores = Runtime.getRuntime().availableProcessors();
        threads = System.getProperty("bench.threads", cores > 1 ? "1," + cores : "1").split(",");
    }

    static void main(Path out) throws RunnerException, IOException {
        new SideBySideMain(out).runAll();
    }

    private void runAll() throws RunnerException, IOException {
        List<String> fwd = BenchMain.readyActivations();
        List<String> bwd = new ArrayList<>(Arrays.asList(System.getProperty("bench.backward", "sigmoid,gelu").split(",")));
        bwd.retainAll(BenchMain.readyActivations(null));
        List<String> ortOps = keep(fwd, a -> OrtBench.model(a, "op", BenchCase.ROW) != null);
        List<String> ortChains = keep(fwd, a -> CHAINS.contains(a) && OrtBench.model(a, "chain", BenchCase.ROW) != null);
        Path thpJava = thpWrapper();
        // forward peers first: a run cut short (see fromlog.py) still has the main comparison
        List<Invocation> runs = new ArrayList<>();
        for (String dir : new String[] {"forward", "backward"}) {
            List<String> acts = dir.equals("forward") ? fwd : bwd;
            if (acts.isEmpty()) {
                continue;
            }
            runs.add(new Invocation(JavaKernelBench.class, dir, acts, "dtype", "f32", null));
            runs.add(new Invocation(BaselineBench.class, dir, null, "dtype", "f32", null));
            if (dir.equals("forward")) {
                runs.add(new Invocation(OrtBench.class, "forward", ortOps, "variant", "op", null));
                runs.add(new Invocation(OrtBench.class, "forward", ortChains, "variant", "chain", null));
            }
            List<String> torch = keep(acts, a -> TorchOps.of(BenchCase.params(a)) != null);
            runs.add(new Invocation(TorchBench.class, dir, torch, "alloc", "default", null));
            // THP changes nothing below 2 MiB (c10's threshold): the largest size only
            runs.add(new Invocation(TorchBench.class, dir, torch, "alloc", "thp", thpJava)
                    .onlySizes(sizes[sizes.length - 1]));
        }
        int forks = runs.stream().mapToInt(Invocation::forks).sum();
        System.out.printf("side-by-side: %d JMH forks; forward %s, backward %s, sizes %s, threads %s%n", forks, fwd, bwd,
                String.join(",", sizes), String.join(",", threads));
        for (Invocation r : runs) {
            r.execute();
        }
        Path json = ResultsJson.write(out, results);
        Path md = out.resolve("results.md");
        Files.writeString(md, SideReport.markdown(json, "JDK " + Runtime.version() + ", vector API "
                + (VectorSupport.enabled() ? "on" : "off") + ", side by side"));
        System.out.println("wrote " + json + ", " + md + " and " + out.resolve("load.txt"));
    }

    /**
     * As the other sets, plus {@code -Xbatch} (a call that triggers a compilation waits for it) and
     * compile thresholds scaled by 0.05 ({@code -Dbench.compileThresholdScaling}): interpreted, the
     * Vector API loops box every vector (tanh: ~100 ms per 4K call), so a 4K fork reached neither
     * C1's nor C2's invocation thresholds within 6 s of warm-up on the loaded machine.
     */
    private static String[] forkJvmArgs() {
        List<String> a = new ArrayList<>(Arrays.asList(BenchMain.forkJvmArgs()));
        a.add("-Xbatch");
        a.add("-XX:CompileThresholdScaling=" + System.getProperty("bench.compileThresholdScaling", "0.05"));
        return a.toArray(new String[0]);
    }

    /** A script that starts this JVM's java with libtorch's THP allocation switched on. */
    private Path thpWrapper() throws IOException {
        Path script = out.resolve("java-thp.sh").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\n" + TorchBench.THP_ENV + "=1 exec '" + java + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static List<String> keep(List<String> names, java.util.function.Predicate<String> p) {
        return new ArrayList<>(names.stream().filter(p).toList());
    }

    /** One JMH invocation: a benchmark method over activations × sizes × threads, one extra parameter. */
    private final class Invocation {
        private final Class<?> bench;
        private final String method;
        private final List<String> activations;
        private final String param;
        private final String value;
        private final Path jvm;
        private String[] sizes = SideBySideMain.this.sizes;

        Invocation(Class<?> bench, String method, List<String> activations, String param, String value, Path jvm) {
            this.bench = bench;
            this.method = method;
            this.activations = activations;
            this.param = param;
            this.value = value;
            this.jvm = jvm;
        }

        Invocation onlySizes(String... only) {
            sizes = only;
            return this;
        }

        int forks() {
            return (activations == null ? 1 : activations.size()) * sizes.length * threads.length;
        }

        void execute() throws RunnerException, IOException {
            if (forks() == 0) {
                return;
            }
            String what = bench.getSimpleName() + "." + method + " " + param + "=" + value
                    + (activations == null ? "" : " " + activations);
            Files.writeString(out.resolve("load.txt"), Instant.now() + " " + Files.readString(Path.of("/proc/loadavg")).strip()
                    + " before " + what + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .include("^" + bench.getName().replace(".", "\\.") + "\\." + method + "$")
                    .mode(Mode.SampleTime)
                    .timeUnit(TimeUnit.NANOSECONDS)
                    .forks(1)
                    .warmupIterations(WARMUP_S)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(1)
                    .measurementTime(TimeValue.seconds(1))
                    .jvmArgs(forkJvmArgs())
                    .param("size", sizes)
                    .param("threads", threads)
                    .param(param, value);
            if (activations != null) {
                o.param("activation", activations.toArray(new String[0]));
            }
            if (jvm != null) {
                o.jvm(jvm.toString());
            }
            results.addAll(new Runner(o.build()).run());
        }
    }
}
