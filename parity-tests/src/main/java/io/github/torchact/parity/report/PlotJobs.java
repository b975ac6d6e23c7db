package io.github.torchact.parity.report;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Params;

import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every activation's plots, rendered on a thread pool while the parity table runs: drawing the PNGs
 * was most of the report's time. The charts' data (libtorch calls) are computed up front on the
 * caller's thread, since DJL allows one gradient collector at a time and the table uses it too.
 */
public final class PlotJobs implements PlotSource, AutoCloseable {

    private final ExecutorService pool;
    private final Map<String, Future<ActivationPlots>> jobs = new LinkedHashMap<>();

    /**
     * Builds every activation's charts here (libtorch calls, on the caller's thread) and starts
     * rendering them to {@code dir} on {@code threads} threads; {@code onDone} runs as each
     * activation's files are written.
     */
    public PlotJobs(Path dir, List<ActivationSpec> specs, int threads, Runnable onDone) throws IOException {
        Files.createDirectories(dir);
        pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "parity-plots");
            t.setDaemon(true);
            return t;
        });
        for (ActivationSpec s : specs) {
            Charts c = charts(s);
            jobs.put(s.name(), CompletableFuture.supplyAsync(() -> render(dir, s, c), pool).whenComplete((d, e) -> onDone.run()));
        }
    }

    /** An activation's charts before rendering. */
    private record Charts(XYChart function, XYChart ulp, String note, Params params) {}

    private static Charts charts(ActivationSpec s) {
        List<Params> sets = s.paramSets();
        if (sets.isEmpty()) {
            return new Charts(null, null, "No curve: no parameter set.", null);
        }
        if (!Plots.plottable(s)) {
            return new Charts(null, null, "No curve: the output of each element depends on a whole slice.", null);
        }
        Params p = sets.get(0);
        XYChart ulp = Plots.ulpError(s, p);
        return new Charts(Plots.function(s, p), ulp, ulp == null ? "No Java kernel yet: no error plot." : "", p);
    }

    private static ActivationPlots render(Path dir, ActivationSpec s, Charts c) {
        try {
            String f = null;
            String e = null;
            if (c.function() != null) {
                f = s.name() + "-function.png";
                Plots.save(c.function(), dir.resolve(f));
            }
            if (c.ulp() != null) {
                e = s.name() + "-ulp.png";
                Plots.save(c.ulp(), dir.resolve(e));
            }
            return new ActivationPlots(f, e, c.note(), c.params());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The plots of activation {@code name}, waiting for them. */
    @Override
    public ActivationPlots get(String name) throws IOException {
        Future<ActivationPlots> f = jobs.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no plots were started for " + name);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while drawing the plots of " + name, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw c instanceof RuntimeException r ? r : new IllegalStateException("plots of " + name + " failed", c);
        }
    }

    /** Waits for every plot. */
    public void awaitAll() throws IOException {
        for (String name : jobs.keySet()) {
            get(name);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
