package io.github.torchact.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.github.torchact.kernel.FunnelKernel;
import io.github.torchact.nn.FunnelReLU;
import io.github.torchact.parity.funnel.FunnelCase;
import io.github.torchact.parity.oracle.HostTensor;

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
 * FunnelReLU inference (eval), float32, input ({@code batch}, {@code channels}, {@code size}, {@code size}), one
 * thread, on four paths: {@code kernel} the Java kernel with BatchNorm folded ({@link FunnelKernel#forward}: its
 * Vector API form when the JVM has {@code jdk.incubator.vector}), {@code scalar} the same kernel's scalar loops
 * ({@link FunnelKernel#forwardScalar}, the same bits), {@code libtorch} the
 * block on DJL's PyTorch engine (conv2d, batch_norm, maximum), {@code ort} ONNX Runtime on the exported graph
 * Conv(group = C) → BatchNormalization → Max (all optimisations, pinned output).
 */
@State(Scope.Benchmark)
public class FunnelBench {

    @Param({"kernel", "scalar", "libtorch", "ort"})
    public String path;

    @Param("1")
    public int batch;

    @Param("64")
    public int channels;

    @Param("56")
    public int size;

    private FunnelCase c;
    private FunnelKernel.Folded folded;
    private float[] y;
    private NDManager manager;
    private FunnelReLU block;
    private NDArray x;
    private ParameterStore ps;
    private OrtSession session;
    private Map<String, OnnxTensor> inputs;
    private Map<String, OnnxTensor> outputs;
    private OnnxTensor ox;
    private OnnxTensor oy;

    @Setup
    public void setUp() throws OrtException {
        c = FunnelCase.random(18, false, batch, channels, size, size, 3);
        y = new float[c.x().size()];
        HostTensor[] p = c.params();
        switch (path) {
            case "kernel":
            case "scalar":
                folded = FunnelKernel.fold(p[0].f32(), p[1].f32(), p[2].f32(), p[3].f32(), p[4].f32(), p[5].f32(), 1e-5);
                break;
            case "libtorch":
                manager = NDManager.newBaseManager("PyTorch");
                block = c.block(manager);
                x = c.x().toNDArray(manager);
                ps = new ParameterStore(manager, false);
                break;
            case "ort":
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                    o.setIntraOpNumThreads(1);
                    o.setInterOpNumThreads(1);
                    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    session = env.createSession(model(c), o);
                }
                ox = OnnxTensor.createTensor(env, direct(c.x().f32()), c.x().shape());
                oy = OnnxTensor.createTensor(env, direct(new float[y.length]), c.x().shape());
                inputs = Map.of("x", ox);
                outputs = Map.of("y", oy);
                break;
            default:
                throw new IllegalArgumentException("path must be kernel, scalar, libtorch or ort, got " + path);
        }
    }

    /** The exported FReLU graph with the case's weights. */
    static byte[] model(FunnelCase c) {
        HostTensor[] p = c.params();
        long ch = c.x().shape()[1];
        OnnxGraph g = new OnnxGraph();
        String conv = g.op("Conv", "x", g.tensor("w", p[0].f32(), p[0].shape()), g.tensor("b", p[1].f32(), ch))
                .i("group", ch).ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1).ints("strides", 1, 1).out();
        String bn = g.op("BatchNormalization", conv, g.tensor("g", p[2].f32(), ch), g.tensor("be", p[3].f32(), ch),
                g.tensor("m", p[4].f32(), ch), g.tensor("v", p[5].f32(), ch)).f("epsilon", 1e-5f).f("momentum", 0.9f).out();
        g.op("Max", "x", bn);
        return g.model(c.x().shape());
    }

    /**
     * One forward; the result stays in place (kernel, ORT's pinned output) or is closed (libtorch). {@code cpu}: the
     * thread's CPU time per call beside JMH's wall time (all four paths compute on the calling thread).
     */
    @Benchmark
    public Object forward(CpuTime cpu) throws OrtException {
        long t = CpuTime.now();
        try {
            return run();
        } finally {
            cpu.add(t);
        }
    }

    Object run() throws OrtException {
        switch (path) {
            case "kernel":
                FunnelKernel.forward(c.x().f32(), c.x().shape(), folded, y);
                return y;
            case "scalar":
                FunnelKernel.forwardScalar(c.x().f32(), c.x().shape(), folded, y);
                return y;
            case "libtorch":
                NDArray out = block.forward(ps, new NDList(x), false).head();
                float first = out.getFloat(0, 0, 0, 0);
                out.close();
                return first;
            default:
                try (OrtSession.Result r = session.run(inputs, outputs)) {
                    return r;
                }
        }
    }

    /** The last output as floats (for the accuracy test). */
    float[] output() {
        switch (path) {
            case "kernel":
            case "scalar":
                return y.clone();
            case "libtorch":
                try (NDArray out = block.forward(ps, new NDList(x), false).head()) {
                    return out.toFloatArray();
                }
            default:
                float[] f = new float[y.length];
                oy.getFloatBuffer().get(f);
                return f;
        }
    }

    @TearDown
    public void tearDown() throws OrtException {
        if (session != null) {
            ox.close();
            oy.close();
            session.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    private static FloatBuffer direct(float[] v) {
        FloatBuffer b = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(v).rewind();
        return b;
    }
}
