package io.github.torchact.bench;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.util.Map;

/**
 * The second anchor: the same model traced by torch ({@code model.pt}, {@code make_torchscript.py}) loaded with DJL's
 * PyTorch engine ({@code Model.load}, libtorch 2.7.1, DJL's defaults: graph executor optimisation on) and run through
 * its block, {@code threads} intra-op threads, same input as {@link ImportedModelBench}. {@code forward}: inference.
 * {@code forwardBackward}: the anchor of {@link ImportedModelBench#forwardBackward}, the model loaded with its
 * parameters requiring gradients (DJL's {@code trainParam}), its forward in a {@link GradientCollector} (DJL's training
 * flag, so libtorch records; the trace fixed eval-mode behaviour), loss = sum of output 0, {@code backward(loss)};
 * DJL's default graph-executor optimisation, so TorchScript may differentiate parts of the graph symbolically.
 */
@State(Scope.Benchmark)
public class ImportedTorchScriptBench {

    @Param("mobilenetv3")
    public String model;

    @Param("1")
    public int batch;

    @Param("1")
    public int threads;

    private Model ts;
    private Block block;
    private ParameterStore store;
    private NDList input;

    /** The traced model of {@code c}, loaded in a new DJL model. */
    static Model load(ZooCase c) throws IOException, MalformedModelException {
        return load(c, false);
    }

    /** The traced model of {@code c}, its parameters requiring gradients when {@code trainable}. */
    static Model load(ZooCase c, boolean trainable) throws IOException, MalformedModelException {
        Model m = Model.newInstance(c.model, "PyTorch");
        m.load(c.torchScriptDir(), "model", trainable ? Map.of("trainParam", "true") : Map.of());
        return m;
    }

    @Setup
    public void setUp(BenchmarkParams params) throws IOException, MalformedModelException {
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        ZooCase c = ZooCase.get(model);
        boolean backward = params.getBenchmark().endsWith(".forwardBackward");
        ts = load(c, backward);
        block = ts.getBlock();
        NDManager manager = ts.getNDManager();
        store = new ParameterStore(manager, false);
        input = c.ndInputs(manager, batch);
        block.forward(store, input, backward);
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
            NDArray y = block.forward(store, input, true).head();
            gc.backward(y.sum());
            return y.getShape().get(0);
        } finally {
            cpu.add(t);
        }
    }

    @TearDown
    public void tearDown() {
        ts.close();
    }
}
