package io.github.torchact.parity.report;

import io.github.torchact.kernel.PendingKernel;
import io.github.torchact.parity.funnel.FunnelParity;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Tolerance;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The parity command: {@code mvn -B -pl parity-tests -am package -Pparity}, options through
 * {@code -Dparity.args="..."}. Writes the HTML report, prints its summary (at most
 * {@value ConsoleSummary#MAX_LINES} lines) and where it is, and exits 1 on any failure; with
 * {@code --exhaustive} it runs the 2^32-input float32 sweep instead.
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Checks every activation against libtorch 2.7.1 and writes the parity report.")
public final class ParityMain implements Callable<Integer> {

    @Option(names = "--out", description = "report directory (default: target/parity-report)")
    Path out = Paths.get("target", "parity-report");

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "only these activations (comma-separated)")
    List<String> only;

    @Option(names = "--exhaustive", arity = "0..*", paramLabel = "ACTIVATION",
            description = "sweep all 2^32 float32 inputs for these activations (none named: every one with a kernel)")
    List<String> exhaustive;

    @Option(names = "--directions", split = ",", paramLabel = "DIR",
            description = "what the sweep covers: fwd, bwd (upstream gradient 1 and 0.7), bwd1 or bwd07 (one of them; default: fwd)")
    List<String> directions = List.of("fwd");

    @Option(names = "--results", description = "the exhaustive results file to update (default: exhaustive-results.md)")
    Path results = Paths.get("exhaustive-results.md");

    @Option(names = "--threads", description = "kernel threads of the exhaustive sweep (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--plot-threads", description = "threads drawing the plots while the table runs (default: all cores)")
    int plotThreads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--allow-pending",
            description = "rows whose Java kernel is still a PendingKernel do not fail the run (they do by default)")
    boolean allowPending;

    public static void main(String[] args) {
        // the pom passes --out; a --out in -Dparity.args comes later and wins
        System.exit(new CommandLine(new ParityMain()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        return exhaustive != null ? sweep() : table();
    }

    private int table() throws Exception {
        List<ActivationSpec> specs = selected(only);
        List<ParityCase> cases = ParitySuite.cases(specs);
        List<ParityRow> rows = new ArrayList<>();
        Summary summary;
        double seconds;
        Path page;
        // plots render on their own threads while the table runs on this one (libtorch: one intra-op thread)
        try (ParitySuite suite = new ParitySuite(specs);
                Progress progress = Progress.start("parity", cases.size() + specs.size());
                PlotJobs plots = new PlotJobs(out, specs, plotThreads, () -> progress.step("plots"))) {
            for (ParityCase c : cases) {
                rows.addAll(suite.run(c));
                progress.step(c.spec().name());
            }
            if (only == null || only.isEmpty() || only.contains(FunnelParity.NAME)) {
                rows.addAll(FunnelParity.rows()); // a block with convolution and BatchNorm, not a catalog spec
            }
            plots.awaitAll();
            summary = Summary.of(rows, !allowPending);
            seconds = secondsSinceJvmStart();
            page = HtmlReport.write(out, new HtmlReport.Run(specs, rows, summary, Versions.current(), seconds), plots);
        }
        List<String> names = HtmlReport.activationNames(specs, rows);
        ConsoleSummary.lines(ActivationSummary.of(names, rows), summary, rows.size(), Versions.current(), page, seconds)
                .forEach(System.out::println);
        return summary.failed() ? 1 : 0;
    }

    /** The run's time as the user waited for it: from the JVM's start (libtorch's loading included). */
    private static double secondsSinceJvmStart() {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    }

    private int sweep() throws Exception {
        List<ActivationSpec> specs = new ArrayList<>();
        for (ActivationSpec s : selected(exhaustive.isEmpty() ? null : exhaustive)) {
            boolean hasKernel = ExhaustiveSweep.sweepable(s)
                    && !(s.kernel(ExhaustiveSweep.sweepParams(s)) instanceof PendingKernel);
            if (hasKernel) {
                specs.add(s);
            } else if (!exhaustive.isEmpty()) {
                throw new CommandLine.ParameterException(new CommandLine(this), s.name()
                        + ": the sweep needs a unary elementwise activation with defaulted parameters and a Java kernel");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        String jdk = System.getProperty("java.runtime.version");
        try {
            ExhaustiveSweep sweep = new ExhaustiveSweep(pool, threads, out.resolve("exhaustive"));
            for (ActivationSpec s : specs) {
                for (ExhaustiveSweep.Mode mode : modes(s)) {
                    ExhaustiveSweep.Result r;
                    try (Progress bar = Progress.start(s.name() + " " + mode.label() + " 2^32", ExhaustiveSweep.CHUNKS)) {
                        r = sweep.run(s, mode, c -> bar.stepTo(c + 1, s.name()));
                    }
                    ExhaustiveTally t = r.tally();
                    System.out.printf("%s %s (%s): max ulp %s; bitwise-equal %s overall, %s non-trivial; %.0f s (%d chunks this run)%n",
                            s.name(), mode.label(), r.path(), TableFormat.ulp(t.maxUlp()),
                            ExhaustiveResultsFile.fraction(t.bitwise(), t.total()),
                            ExhaustiveResultsFile.fraction(t.nontrivialBitwise(), t.nontrivial()), r.seconds(), r.chunksThisRun());
                    Tolerance bound = mode.bound(s);
                    System.out.printf("  bound %s: %s, %d outside; largest error %.4g of its unit%n", bound,
                            t.outsideBound() == 0 ? "PASS" : "FAIL", t.outsideBound(), t.maxBoundError());
                    t.worst().forEach(w -> System.out.println("  " + w));
                    ExhaustiveResultsFile.update(results, r, jdk);
                }
            }
            System.out.println("updated " + results.toAbsolutePath());
            return 0;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The sweeps {@code --directions} asks for that {@code s} has (no backward where torch has no gradient). */
    private List<ExhaustiveSweep.Mode> modes(ActivationSpec s) {
        List<ExhaustiveSweep.Mode> modes = new ArrayList<>();
        for (String d : directions) {
            switch (d.trim()) {
                case "fwd" -> modes.add(ExhaustiveSweep.Mode.FORWARD);
                case "bwd" -> {
                    if (s.differentiable()) {
                        modes.add(ExhaustiveSweep.Mode.backward(1f));
                        modes.add(ExhaustiveSweep.Mode.backward(ExhaustiveSweep.GY_OTHER));
                    }
                }
                case "bwd1" -> {
                    if (s.differentiable()) {
                        modes.add(ExhaustiveSweep.Mode.backward(1f));
                    }
                }
                case "bwd07" -> {
                    if (s.differentiable()) {
                        modes.add(ExhaustiveSweep.Mode.backward(ExhaustiveSweep.GY_OTHER));
                    }
                }
                default -> throw new CommandLine.ParameterException(new CommandLine(this),
                        "--directions: expected fwd, bwd (gy = 1 and " + ExhaustiveSweep.GY_OTHER + "), bwd1 or bwd07, got " + d);
            }
        }
        return modes;
    }

    private static List<ActivationSpec> selected(List<String> names) {
        if (names == null || names.isEmpty()) {
            return new ArrayList<>(Catalog.all());
        }
        List<ActivationSpec> specs = new ArrayList<>();
        names.stream().map(String::trim).filter(n -> !n.equals(FunnelParity.NAME)).forEach(n -> specs.add(Catalog.get(n)));
        return specs;
    }
}
