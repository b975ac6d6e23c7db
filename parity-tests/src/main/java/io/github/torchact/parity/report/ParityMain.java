package io.github.torchact.parity.report;

import io.github.torchact.kernel.PendingKernel;
import io.github.torchact.parity.funnel.FunnelParity;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The parity command: {@code mvn -B -pl parity-tests -am package -Pparity}, options through
 * {@code -Dparity.args="..."}. Prints the parity table, writes the HTML report, and exits 1 on any
 * failure; with {@code --exhaustive} it runs the 2^32-input float32 sweep instead.
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

    @Option(names = "--results", description = "the exhaustive results file to update (default: exhaustive-results.md)")
    Path results = Paths.get("exhaustive-results.md");

    @Option(names = "--threads", description = "kernel threads of the exhaustive sweep (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--allow-pending",
            description = "rows whose Java kernel is still a PendingKernel do not fail the run (they do by default)")
    boolean allowPending;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ParityMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        return exhaustive != null ? sweep() : table();
    }

    private int table() throws Exception {
        long t0 = System.nanoTime();
        List<ActivationSpec> specs = selected(only);
        List<ParityCase> cases = ParitySuite.cases(specs);
        List<ParityRow> rows = new ArrayList<>();
        Summary summary;
        Path page;
        // the bar draws on the terminal while work runs; the table is printed once it is gone
        try (ParitySuite suite = new ParitySuite(specs);
                ProgressBar bar = bar("parity", cases.size() + specs.size())) {
            for (ParityCase c : cases) {
                bar.setExtraMessage(c.spec().name());
                rows.addAll(suite.run(c));
                bar.step();
            }
            if (only == null || only.isEmpty() || only.contains(FunnelParity.NAME)) {
                bar.setExtraMessage(FunnelParity.NAME);
                rows.addAll(FunnelParity.rows()); // a block with convolution and BatchNorm, not a catalog spec
            }
            summary = Summary.of(rows, !allowPending);
            bar.setExtraMessage("plots");
            double seconds = (System.nanoTime() - t0) / 1e9;
            page = HtmlReport.write(out, specs, rows, summary, Versions.current(), seconds, bar::step);
        }
        System.out.println();
        System.out.print(TableFormat.text(rows));
        System.out.println();
        System.out.println(Versions.current());
        System.out.printf("%s%nreport: %s (%.0f s)%n", summary, page.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
        System.out.println(summary.failed() ? "PARITY FAILED" : "PARITY PASSED");
        return summary.failed() ? 1 : 0;
    }

    private int sweep() throws Exception {
        List<ActivationSpec> specs = new ArrayList<>();
        for (ActivationSpec s : selected(exhaustive.isEmpty() ? null : exhaustive)) {
            boolean hasKernel = ExhaustiveSweep.sweepable(s) && !(s.kernel(s.defaults()) instanceof PendingKernel);
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
                ExhaustiveSweep.Result r;
                try (ProgressBar bar = bar(s.name() + " 2^32", ExhaustiveSweep.CHUNKS)) {
                    r = sweep.run(s, c -> bar.stepTo(c + 1));
                }
                ExhaustiveTally t = r.tally();
                System.out.printf("%s: max ulp %s; bitwise-equal %s overall, %s non-trivial; %.0f s (%d chunks this run)%n",
                        s.name(), TableFormat.ulp(t.maxUlp()), ExhaustiveResultsFile.fraction(t.bitwise(), t.total()),
                        ExhaustiveResultsFile.fraction(t.nontrivialBitwise(), t.nontrivial()), r.seconds(), r.chunksThisRun());
                t.worst().forEach(w -> System.out.println("  " + w));
                ExhaustiveResultsFile.update(results, r, jdk);
            }
            System.out.println("updated " + results.toAbsolutePath());
            return 0;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<ActivationSpec> selected(List<String> names) {
        if (names == null || names.isEmpty()) {
            return new ArrayList<>(Catalog.all());
        }
        List<ActivationSpec> specs = new ArrayList<>();
        names.stream().map(String::trim).filter(n -> !n.equals(FunnelParity.NAME)).forEach(n -> specs.add(Catalog.get(n)));
        return specs;
    }

    private static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000).setMaxRenderedLength(100)
                .build();
    }
}
