package io.github.torchact.parity.report;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.PendingKernel;
import io.github.torchact.kernel.vector.VectorSupport;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.parity.row.Direction;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.Tolerance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Every one of the 2^32 float32 bit patterns through libtorch and the Java kernel, in chunks of 2^24
 * elements: forward, or backward with one fixed upstream gradient for every element ({@link Mode}).
 * Parameters are the defaults, or for threshold and heaviside the stated ones ({@link #sweepParams}).
 * The kernel runs its Vector API form when this JVM has the module (JDK 25 with {@code --add-modules
 * jdk.incubator.vector}), its scalar loop otherwise; the result names the path. libtorch runs
 * single-threaded on the calling thread while the kernel and the tally run on a thread pool. A
 * checkpoint file per activation, mode and path records the tally after each chunk, so an interrupted
 * sweep resumes where it stopped.
 */
public final class ExhaustiveSweep {

    /** Elements per chunk: 16M, a multiple of 64 (libtorch's vector path for every element). */
    public static final int CHUNK = 1 << 24;
    /** Number of chunks covering all 2^32 patterns. */
    public static final int CHUNKS = 256;

    private final ExecutorService pool;
    private final int threads;
    private final Path checkpointDir;

    /** The non-power-of-two upstream gradient of the second backward sweep. */
    public static final float GY_OTHER = 0.7f;

    /**
     * What is swept: the forward, or the backward with upstream gradient {@code gy} everywhere.
     *
     * @param direction forward or backward
     * @param gy the upstream gradient (backward only; 0 for forward)
     */
    public record Mode(Direction direction, float gy) {

        public static final Mode FORWARD = new Mode(Direction.FORWARD, 0f);

        public static Mode backward(float gy) {
            return new Mode(Direction.BACKWARD, gy);
        }

        /** "fwd" or "bwd, gy=0.7". */
        public String label() {
            return direction == Direction.FORWARD ? "fwd" : "bwd, gy=" + gy;
        }

        String fileTag() {
            return direction == Direction.FORWARD ? "fwd" : "bwd-" + Integer.toHexString(Float.floatToRawIntBits(gy));
        }

        /** The float32 bound {@code s}'s spec states for this direction. */
        public Tolerance bound(ActivationSpec s) {
            return s.bounds().get(false, direction == Direction.BACKWARD);
        }
    }

    /**
     * The outcome of one activation.
     *
     * @param spec the activation
     * @param params the parameters swept
     * @param mode forward or backward with its upstream gradient
     * @param path "scalar" or "vector" (the kernel's Vector API form)
     * @param tally the counts
     * @param seconds wall time spent, over all resumed runs
     * @param chunksThisRun chunks computed in this run (the rest came from the checkpoint)
     */
    public record Result(ActivationSpec spec, Params params, Mode mode, String path, ExhaustiveTally tally,
            double seconds, int chunksThisRun) {}

    public ExhaustiveSweep(ExecutorService pool, int threads, Path checkpointDir) {
        this.pool = pool;
        this.threads = threads;
        this.checkpointDir = checkpointDir;
    }

    /** Whether {@code s} can be swept: elementwise, no weight, parameters defaulted or stated here. */
    public static boolean sweepable(ActivationSpec s) {
        return s.layout() == Layout.ELEMENTWISE
                && (s.params().stream().allMatch(p -> p.hasDefault()) || s == Catalog.THRESHOLD || s == Catalog.HEAVISIDE);
    }

    /**
     * The parameters swept: the defaults; threshold (no defaults in torch) with threshold 0.5 and value
     * -1, heaviside with values 0.5.
     */
    public static Params sweepParams(ActivationSpec s) {
        if (s == Catalog.THRESHOLD) {
            return s.params(0.5, -1.0);
        }
        if (s == Catalog.HEAVISIDE) {
            return s.params(0.5);
        }
        return s.defaults();
    }

    /** The kernel path this JVM runs. */
    public static String path() {
        return VectorSupport.enabled() ? "vector" : "scalar";
    }

    /** Sweeps {@code s} forward; {@code onChunk} is told each finished chunk index. */
    public Result run(ActivationSpec s, IntConsumer onChunk) throws IOException, InterruptedException {
        return run(s, Mode.FORWARD, onChunk);
    }

    /** Sweeps {@code s} in {@code mode}; {@code onChunk} is told each finished chunk index. */
    public Result run(ActivationSpec s, Mode mode, IntConsumer onChunk) throws IOException, InterruptedException {
        if (!sweepable(s)) {
            throw new IllegalArgumentException(s.name() + ": the exhaustive sweep takes unary elementwise activations "
                    + "with defaulted (or, for threshold and heaviside, stated) parameters only");
        }
        boolean backward = mode.direction() == Direction.BACKWARD;
        if (backward && !s.differentiable()) {
            throw new IllegalArgumentException(s.name() + ": torch defines no gradient to sweep");
        }
        Params p = sweepParams(s);
        Kernel k = s.kernel(p);
        if (k instanceof PendingKernel) {
            throw new IllegalArgumentException(s.name() + ": no Java kernel yet");
        }
        TorchReference oracle = TorchReference.get();
        int[] saturation = saturation(oracle, s, p, mode);
        Tolerance bound = mode.bound(s);
        Path cp = checkpointDir.resolve(s.name() + "-" + mode.fileTag() + "-" + path() + ".checkpoint");
        Properties state = resume(cp, k);
        int start = Integer.parseInt(state.getProperty("next", "0"));
        ExhaustiveTally total = start == 0 ? new ExhaustiveTally() : ExhaustiveTally.load(state);
        double seconds = Double.parseDouble(state.getProperty("seconds", "0"));
        float[] x = new float[CHUNK];
        float[] got = new float[CHUNK];
        float[] gy = backward ? new float[CHUNK] : null;
        if (backward) {
            java.util.Arrays.fill(gy, mode.gy());
        }
        for (int c = start; c < CHUNKS; c++) {
            long t0 = System.nanoTime();
            int base = c << 24;
            for (int i = 0; i < CHUNK; i++) {
                x[i] = Float.intBitsToFloat(base + i);
            }
            List<Future<?>> kernelJobs = slices((i0, i1) -> {
                if (backward) {
                    backward(k, x, gy, got, i0, i1);
                } else {
                    forward(k, x, got, i0, i1);
                }
            });
            float[] ref = backward
                    ? oracle.backward(s, p, HostTensor.vector(x), null, HostTensor.vector(gy)).input().f32()
                    : oracle.forward(s, p, HostTensor.vector(x), null).f32();
            join(kernelJobs);
            List<ExhaustiveTally> parts = new ArrayList<>();
            List<Future<?>> tallyJobs = slices((i0, i1) -> {
                ExhaustiveTally t = new ExhaustiveTally();
                t.add(x, ref, got, i0, i1, saturation, bound, backward ? mode.gy() : Float.NaN);
                synchronized (parts) {
                    parts.add(t);
                }
            });
            join(tallyJobs);
            parts.forEach(total::merge);
            seconds += (System.nanoTime() - t0) / 1e9;
            save(cp, k, c + 1, total, seconds);
            onChunk.accept(c);
        }
        return new Result(s, p, mode, path(), total, seconds, CHUNKS - start);
    }

    private static void backward(Kernel k, float[] x, float[] gy, float[] gx, int from, int to) {
        if (k instanceof ElementwiseKernel) {
            ((ElementwiseKernel) k).backward(x, from, gy, from, gx, from, to - from);
            return;
        }
        float[] xs = java.util.Arrays.copyOfRange(x, from, to);
        float[] gs = java.util.Arrays.copyOfRange(gy, from, to);
        float[] gxs = new float[xs.length];
        k.backward(xs, new long[] {xs.length}, new float[0][], gs, gxs, new float[0][]);
        System.arraycopy(gxs, 0, gx, from, gxs.length);
    }

    private static void forward(Kernel k, float[] x, float[] y, int from, int to) {
        if (k instanceof ElementwiseKernel) {
            ((ElementwiseKernel) k).forward(x, from, y, from, to - from);
            return;
        }
        float[] xs = java.util.Arrays.copyOfRange(x, from, to);
        float[] ys = new float[xs.length];
        k.forward(xs, new long[] {xs.length}, new float[0][], ys);
        System.arraycopy(ys, 0, y, from, ys.length);
    }

    /**
     * torch's outputs at ∓MAX_VALUE (padded to 64 elements) and, backward, the upstream gradient itself
     * (a gradient of exactly 1): outputs ExhaustiveTally counts as trivial.
     */
    static int[] saturation(TorchReference oracle, ActivationSpec s, Params p, Mode mode) {
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 2 == 0 ? -Float.MAX_VALUE : Float.MAX_VALUE;
        }
        if (mode.direction() == Direction.FORWARD) {
            float[] y = oracle.forward(s, p, HostTensor.vector(x), null).f32();
            return new int[] {Float.floatToRawIntBits(y[0]), Float.floatToRawIntBits(y[1])};
        }
        float[] gy = new float[x.length];
        java.util.Arrays.fill(gy, mode.gy());
        float[] g = oracle.backward(s, p, HostTensor.vector(x), null, HostTensor.vector(gy)).input().f32();
        return new int[] {Float.floatToRawIntBits(g[0]), Float.floatToRawIntBits(g[1]), Float.floatToRawIntBits(mode.gy())};
    }


    /** Work on elements [from, to) of a chunk. */
    private interface SliceJob {
        void run(int from, int to);
    }

    private List<Future<?>> slices(SliceJob job) {
        List<Future<?>> fs = new ArrayList<>();
        int per = CHUNK / threads;
        for (int t = 0; t < threads; t++) {
            int from = t * per;
            int to = t == threads - 1 ? CHUNK : from + per;
            fs.add(pool.submit(() -> job.run(from, to)));
        }
        return fs;
    }

    private static void join(List<Future<?>> fs) throws InterruptedException {
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("kernel failed in the sweep: " + e.getCause(), e.getCause());
            }
        }
    }

    /** The checkpoint's state if it belongs to this kernel and is unfinished, else a fresh start. */
    private static Properties resume(Path cp, Kernel k) throws IOException {
        Properties p = new Properties();
        if (Files.exists(cp)) {
            try (InputStream in = Files.newInputStream(cp)) {
                p.load(in);
            }
            int next = Integer.parseInt(p.getProperty("next", "0"));
            if (!k.getClass().getName().equals(p.getProperty("kernel")) || next >= CHUNKS) {
                return new Properties();
            }
        }
        return p;
    }

    private static void save(Path cp, Kernel k, int next, ExhaustiveTally t, double seconds) throws IOException {
        Files.createDirectories(cp.getParent());
        Properties p = new Properties();
        p.setProperty("kernel", k.getClass().getName());
        p.setProperty("next", Integer.toString(next));
        p.setProperty("seconds", Double.toString(seconds));
        t.save(p);
        Path tmp = cp.resolveSibling(cp.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "exhaustive float32 sweep checkpoint; delete to start over");
        }
        Files.move(tmp, cp, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
