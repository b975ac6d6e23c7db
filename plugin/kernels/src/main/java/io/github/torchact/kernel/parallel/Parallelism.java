package io.github.torchact.kernel.parallel;

/**
 * How many threads the Java kernels use on large arrays, and from what size. A static setting for
 * the whole JVM, read on every call; the start values come from {@code -Dtorchact.threads} and
 * {@code -Dtorchact.parallel.threshold} where given.
 *
 * <p>Arrays shorter than {@link #threshold()} (divided by the kernel's cost per element) run on the calling thread alone, without touching the
 * pool and without allocating. Longer ones are cut into one chunk per thread; the caller runs the
 * first and {@link ChunkedExecutor}'s long-lived workers the others.
 *
 * <p>The thread count is capped at {@link Runtime#availableProcessors()}: the kernels never start
 * more threads than cores. libtorch has its own intra-op pool (DJL's {@code
 * ai.djl.pytorch.num_threads}, default all cores); the two pools do not know about each other, so
 * when Java kernels and libtorch ops run at the same time from different threads, keep the sum of
 * both settings at or under the core count. Run one after the other (the usual case: a forward
 * pass), each may use all cores.
 */
public final class Parallelism {

    /**
     * Default size from which arrays of a memory-bound kernel are split. Measured on 2 cores (JDK 25,
     * relu): a 256K-element call takes ~20 µs on one thread, about a thread wake-up, so splitting it
     * lost 3×; kernels costing more per element split earlier (see {@link #splits(int, int)}).
     */
    public static final int DEFAULT_THRESHOLD = 1 << 20;

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile int threshold = DEFAULT_THRESHOLD;

    static {
        String t = System.getProperty("torchact.threads");
        if (t != null) {
            setThreads(parse("torchact.threads", t));
        }
        String s = System.getProperty("torchact.parallel.threshold");
        if (s != null) {
            setThreshold(parse("torchact.parallel.threshold", s));
        }
    }

    private Parallelism() {}

    private static int parse(String property, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + " must be an integer, got '" + value + "'", e);
        }
    }

    /** Threads used for arrays of at least {@link #threshold()} elements; default: all cores. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the thread count, 1 (single-threaded) up to {@link Runtime#availableProcessors()}.
     *
     * @throws IllegalArgumentException if {@code n} is outside that range
     */
    public static void setThreads(int n) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > cores) {
            throw new IllegalArgumentException("threads must be in [1, " + cores + "] (the cores), got " + n);
        }
        threads = n;
    }

    /** Arrays shorter than this run on the calling thread alone. */
    public static int threshold() {
        return threshold;
    }

    /**
     * Sets the size from which arrays are split across threads.
     *
     * @throws IllegalArgumentException if {@code n} is below 1024
     */
    public static void setThreshold(int n) {
        if (n < 1024) {
            throw new IllegalArgumentException("threshold must be at least 1024 elements, got " + n);
        }
        threshold = n;
    }

    /**
     * Whether an operation over {@code len} elements, each costing {@code cost} times a memory-bound
     * copy (1 for piecewise-linear vector kernels, more for transcendental or scalar ones), is split
     * across threads: when {@code len · cost ≥ threshold}.
     */
    public static boolean splits(int len, int cost) {
        return threads > 1 && (long) len * cost >= threshold;
    }
}
