package io.github.torchact.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.nn.ActivationBlock;
import io.github.torchact.spec.Params;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The torchact DJL block ({@link ActivationBlock#of}) on the PyTorch engine, inference forward on a
 * resident tensor: what a DJL user pays, to compare with the bare libtorch op ({@link TorchBench}).
 */
@State(Scope.Benchmark)
public class BlockBench {

    @Param("relu")
    public String activation;

    @Param("16777216")
    public int size;

    @Param("1")
    public int threads;

    private NDManager manager;
    private ActivationBlock block;
    private ParameterStore store;
    private NDList input;

    /** Whether the block computes this activation now (false while its kernel is pending). */
    static boolean supports(String activation) {
        Params p = BenchCase.params(activation);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ActivationBlock b = p.spec().weight() != null ? ActivationBlock.of(p, 1) : ActivationBlock.of(p);
            Shape s = new Shape(BenchCase.shape(BenchCase.ROW));
            b.initialize(m, DataType.FLOAT32, s);
            b.forward(new ParameterStore(m, false), new NDList(m.ones(s)), false).close();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Setup
    public void setUp() {
        Params p = BenchCase.params(activation);
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        Parallelism.setThreads(threads);
        manager = NDManager.newBaseManager("PyTorch");
        Shape shape = new Shape(BenchCase.shape(size));
        block = p.spec().weight() != null ? ActivationBlock.of(p, 1) : ActivationBlock.of(p);
        block.initialize(manager, DataType.FLOAT32, shape);
        store = new ParameterStore(manager, false);
        NDArray x = manager.create(BenchCase.floats(size, 1), shape);
        input = new NDList(x);
    }

    @Benchmark
    public long forward() {
        try (NDList y = block.forward(store, input, false)) {
            return y.size();
        }
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }
}
