package io.github.torchact.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An imported zoo model ({@link ZooCase}) on DJL's PyTorch engine, {@code threads} libtorch intra-op threads (and
 * torchact kernel threads), input resident. {@code forward}: {@code block.forward(ps, x, false)} with grad mode off
 * (DJL's default), as a DJL user serves the model. {@code forwardBackward}: the same forward inside a
 * {@link GradientCollector} (eval mode, parameters requiring gradients), loss = sum of output 0,
 * {@code backward(loss)}; the parameters' gradients accumulate in libtorch and are not read back. Every array an
 * invocation creates is freed when it ends ({@link NDScope}). {@code mode}: the compiled forward or the node-by-node
 * evaluator, or the compiled forward with the inference rewrites (forward only; {@link ZooCase#options}).
 */
@State(Scope.Benchmark)
public class ImportedModelBench {

    @Param("mobilenetv3")
    public String model;

    @Param("1")
    public int batch;

    @Param("1")
    public int threads;

    @Param(ZooCase.NODES)
    public String mode;

    private NDManager manager;
    private OnnxGraphBlock block;
    private ParameterStore store;
    private NDList input;

    @Setup
    public void setUp() {
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        Parallelism.setThreads(threads);
        ZooCase c = ZooCase.get(model);
        manager = NDManager.newBaseManager("PyTorch");
        block = OnnxImporter.importModel(c.onnxFile(), manager, ZooCase.options(mode));
        store = new ParameterStore(manager, false);
        input = c.ndInputs(manager, batch);
        if (JniUtils.isGradMode()) {
            throw new IllegalStateException("libtorch grad mode is on outside a GradientCollector");
        }
        // first calls outside a scope: whatever the block caches on first use stays
        block.forward(store, input, false);
        if (mode.startsWith(ZooCase.REWRITES)) {
            return; // no parameters, nothing to differentiate
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(block.forward(store, input, false).head().sum());
        }
    }

    @Benchmark
    public long forward(CpuTime cpu) {
        long t = CpuTime.now();
        try (NDScope scope = new NDScope()) {
            NDList y = block.forward(store, input, false);
            return y.head().getShape().get(0);
        } finally {
            cpu.add(t);
        }
    }

    @Benchmark
    public long forwardBackward(CpuTime cpu) {
        long t = CpuTime.now();
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = block.forward(store, input, false).head();
            NDArray loss = y.sum();
            gc.backward(loss);
            return y.getShape().get(0);
        } finally {
            cpu.add(t);
        }
    }

    @TearDown
    public void tearDown() {
        block.close();
        manager.close();
    }
}
