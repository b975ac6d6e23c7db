package io.github.torchact.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import io.github.torchact.spec.Params;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * libtorch's own op through DJL's PyTorch engine on a resident tensor, {@code threads} intra-op
 * threads (libtorch's default CPU capability). Backward: a GradientCollector over the bare op,
 * {@code backward(y)} (upstream gradient of ones, as DJL passes it), reading x's gradient.
 */
@State(Scope.Benchmark)
public class TorchBench {

    /** c10's switch for 2 MiB-aligned, huge-page-advised CPU allocations, read once per process. */
    static final String THP_ENV = "THP_MEM_ALLOC_ENABLE";

    @Param("relu")
    public String activation;

    @Param("16777216")
    public int size;

    @Param("1")
    public int threads;

    @Param("f32")
    public String dtype;

    /**
     * libtorch's CPU allocator as the fork was started: {@code default}, or {@code thp} (the fork's
     * environment has {@code THP_MEM_ALLOC_ENABLE=1}: buffers of 2 MiB and more are 2 MiB-aligned and
     * madvise'd to transparent huge pages). A label checked against the environment, not a switch.
     */
    @Param("default")
    public String alloc;

    private NDManager manager;
    private NDArray x;
    private NDArray xGrad;
    private UnaryOperator<NDArray> op;

    @Setup
    public void setUp() {
        boolean thp = "1".equals(System.getenv(THP_ENV));
        if (thp != alloc.equals("thp")) {
            throw new IllegalStateException("alloc=" + alloc + " but " + THP_ENV + "=" + System.getenv(THP_ENV));
        }
        Params p = BenchCase.params(activation);
        op = TorchOps.of(p);
        if (op == null) {
            throw new IllegalArgumentException("DJL has no single libtorch call for " + p);
        }
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        manager = NDManager.newBaseManager("PyTorch");
        Shape shape = new Shape(BenchCase.shape(size));
        x = dtype.equals("f32")
                ? manager.create(BenchCase.floats(size, 1), shape)
                : manager.create(BenchCase.doubles(size, 1), shape);
        xGrad = x.duplicate();
        System.out.println("alloc=" + alloc + ", AnonHugePages after setup: " + anonHugePages());
        xGrad.setRequiresGradient(true);
        if (x.getDataType() != (dtype.equals("f32") ? DataType.FLOAT32 : DataType.FLOAT64)) {
            throw new IllegalStateException("unexpected dtype " + x.getDataType());
        }
    }

    @Benchmark
    public long forward() {
        try (NDArray y = op.apply(x)) {
            return y.getUid().length();
        }
    }

    @Benchmark
    public long backward() {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            try (NDArray y = op.apply(xGrad)) {
                gc.backward(y);
            }
            try (NDArray g = xGrad.getGradient()) {
                return g.getUid().length();
            }
        }
    }

    /** The process's transparent-huge-page total from /proc (Linux), to show the THP fork gets huge pages. */
    static String anonHugePages() {
        try {
            return Files.readAllLines(Path.of("/proc/self/smaps_rollup")).stream()
                    .filter(l -> l.startsWith("AnonHugePages")).map(l -> l.replaceAll("\\s+", " ")).findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    @TearDown
    public void tearDown() {
        System.out.println("alloc=" + alloc + ", AnonHugePages after the run: " + anonHugePages());
        manager.close();
    }
}
