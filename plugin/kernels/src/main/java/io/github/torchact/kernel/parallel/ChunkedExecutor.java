package io.github.torchact.kernel.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a {@link RangeTask} over [0, len) in one chunk per thread: the caller runs the first chunk,
 * long-lived daemon workers (started on first use, then parked between calls) the others. One
 * operation uses the workers at a time; a caller that finds them busy runs its whole range itself,
 * so concurrent callers never oversubscribe the cores. Dispatch allocates nothing; workers and
 * caller spin for up to 50 µs before parking.
 */
public final class ChunkedExecutor {

    /** Chunk starts are multiples of this many elements (a 64-byte line of doubles or more). */
    private static final int ALIGN = 64;

    /**
     * How long a worker spins for its next chunk, and the caller for the workers, before parking:
     * a park/unpark round trip costs tens of microseconds, as long as a whole chunk of a cheap op
     * on a 1M-element array, so back-to-back calls (a network's layers) keep the workers awake.
     */
    private static final long SPIN_NANOS = 50_000;

    private static final ReentrantLock BUSY = new ReentrantLock();
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static final Worker[] WORKERS = new Worker[Math.max(0, Runtime.getRuntime().availableProcessors() - 1)];
    private static volatile Thread caller;

    private ChunkedExecutor() {}

    /** Runs {@code task} over [0, len) on {@code threads} threads (fewer if the range is short). */
    public static void run(int len, int threads, RangeTask task) {
        int chunk = roundUp((len + threads - 1) / Math.max(1, threads));
        int parts = chunk == 0 ? 1 : (len + chunk - 1) / chunk;
        parts = Math.min(parts, WORKERS.length + 1);
        // A nested call (a task that itself calls run) must not reassign the busy workers.
        if (parts <= 1 || BUSY.isHeldByCurrentThread() || !BUSY.tryLock()) {
            task.run(0, len);
            return;
        }
        try {
            chunk = roundUp((len + parts - 1) / parts);
            caller = Thread.currentThread();
            int used = (len + chunk - 1) / chunk - 1;
            PENDING.set(used);
            for (int p = 1; p <= used; p++) {
                worker(p - 1).assign(task, p * chunk, Math.min(len, (p + 1) * chunk));
            }
            Throwable own = null;
            try {
                task.run(0, Math.min(len, chunk));
            } catch (Throwable t) {
                own = t;
            }
            awaitWorkers();
            for (int p = 0; p < used && own == null; p++) {
                own = WORKERS[p].takeError();
            }
            rethrow(own);
        } finally {
            BUSY.unlock();
        }
    }

    /** Spins briefly (the workers' chunks end about when the caller's does), then parks. */
    private static void awaitWorkers() {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (PENDING.get() != 0) {
            if (System.nanoTime() < deadline) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(ChunkedExecutor.class);
            }
        }
    }

    private static int roundUp(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    private static Worker worker(int i) {
        Worker w = WORKERS[i];
        if (w == null) {
            w = new Worker(i);
            WORKERS[i] = w;
            w.start();
        }
        return w;
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static final class Worker extends Thread {
        private volatile RangeTask task;
        private int from;
        private int to;
        private Throwable error;

        Worker(int i) {
            super("torchact-kernel-" + (i + 1));
            setDaemon(true);
        }

        void assign(RangeTask t, int from, int to) {
            this.from = from;
            this.to = to;
            this.task = t;
            LockSupport.unpark(this);
        }

        Throwable takeError() {
            Throwable e = error;
            error = null;
            return e;
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            for (;;) {
                RangeTask t = task;
                if (t == null) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                    continue;
                }
                try {
                    t.run(from, to);
                } catch (Throwable e) {
                    error = e;
                }
                task = null;
                if (PENDING.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
                idleSince = System.nanoTime();
            }
        }
    }
}
