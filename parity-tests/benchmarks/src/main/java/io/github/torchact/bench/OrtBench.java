package io.github.torchact.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.github.torchact.spec.Params;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime's Java API on a model of the one activation, forward only, f32: {@code session.run}
 * with the input tensor and a pinned output tensor reused across calls (direct buffers, no copies),
 * {@code threads} intra-op threads. {@code variant}: the single ONNX op, or PyTorch's exported chain.
 */
@State(Scope.Benchmark)
public class OrtBench {

    @Param("relu")
    public String activation;

    @Param("16777216")
    public int size;

    @Param("1")
    public int threads;

    @Param("op")
    public String variant;

    private OrtSession session;
    private OnnxTensor x;
    private OnnxTensor y;
    private Map<String, OnnxTensor> inputs;
    private Map<String, OnnxTensor> outputs;

    /** The model, or null if ONNX has no form of this activation for the variant. */
    static byte[] model(String activation, String variant, int size) {
        Params p = BenchCase.params(activation);
        return OnnxModels.model(variant, p, BenchCase.shape(size));
    }

    @Setup
    public void setUp() throws OrtException {
        byte[] model = model(activation, variant, size);
        if (model == null) {
            throw new IllegalArgumentException("ONNX has no " + variant + " form of " + activation);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model, o);
        }
        long[] shape = BenchCase.shape(size);
        FloatBuffer in = direct(size).put(BenchCase.floats(size, 1));
        in.rewind();
        x = OnnxTensor.createTensor(env, in, shape);
        y = OnnxTensor.createTensor(env, direct(size), shape);
        inputs = Map.of("x", x);
        outputs = Map.of("y", y);
    }

    @Benchmark
    public Object forward() throws OrtException {
        try (OrtSession.Result r = session.run(inputs, outputs)) {
            return r;
        }
    }

    @TearDown
    public void tearDown() throws OrtException {
        x.close();
        y.close();
        session.close();
    }

    private static FloatBuffer direct(int n) {
        return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
