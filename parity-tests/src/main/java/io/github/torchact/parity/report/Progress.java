package io.github.torchact.parity.report;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * Progress of a long step: a redrawn bar on an interactive terminal, otherwise (a pipe, Maven's
 * exec plugin, {@code mvn -B}, CI) one plain line at most every {@link #LINE_INTERVAL_NANOS}, so a
 * log never gets a single multi-kilobyte line of carriage returns. Thread-safe.
 */
public abstract class Progress implements AutoCloseable {

    /** Minimum time between two progress lines when not on a terminal: 10 s. */
    static final long LINE_INTERVAL_NANOS = 10_000_000_000L;

    /** One more unit done; {@code what} names what runs now. */
    public abstract void step(String what);

    /** {@code n} units done in all (a resumed job starts above 0). */
    public abstract void stepTo(long n, String what);

    @Override
    public abstract void close();

    /** A bar on an interactive terminal, periodic lines on {@code System.out} otherwise. */
    public static Progress start(String task, long max) {
        return interactive() ? new Bar(task, max) : new Lines(task, max, System.out, LINE_INTERVAL_NANOS);
    }

    /** Whether stdout is a terminal a bar can redraw: a console, and not under CI. */
    static boolean interactive() {
        if (System.getenv("CI") != null) {
            return false;
        }
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            // JDK 22+: System.console() exists even when redirected; isTerminal() tells
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String task, long max) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(1000).setMaxRenderedLength(100).build();
        }

        @Override
        public void step(String what) {
            bar.setExtraMessage(what);
            bar.step();
        }

        @Override
        public void stepTo(long n, String what) {
            bar.setExtraMessage(what);
            bar.stepTo(n);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** "task: 40/128 (31%), 12 s, now gelu" lines (seconds since this progress began), at most one per interval, plus one at the end. */
    static final class Lines extends Progress {
        private final String task;
        private final long max;
        private final PrintStream out;
        private final long interval;
        private final long t0 = System.nanoTime();
        private long done;
        private long lastLine = System.nanoTime();

        Lines(String task, long max, PrintStream out, long intervalNanos) {
            this.task = task;
            this.max = max;
            this.out = out;
            this.interval = intervalNanos;
        }

        @Override
        public synchronized void step(String what) {
            stepTo(done + 1, what);
        }

        @Override
        public synchronized void stepTo(long n, String what) {
            done = n;
            long now = System.nanoTime();
            if (now - lastLine >= interval) {
                lastLine = now;
                out.printf("%s: %d/%d (%d%%), %.0f s, now %s%n", task, done, max, 100 * done / Math.max(1, max),
                        (now - t0) / 1e9, what);
            }
        }

        @Override
        public synchronized void close() {
            // no time here: the command states one total, from the JVM's start
            out.printf("%s: %d/%d done%n", task, done, max);
        }
    }
}
