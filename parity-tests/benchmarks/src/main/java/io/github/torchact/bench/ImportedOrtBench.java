package io.github.torchact.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;

/**
 * ONNX Runtime 1.28's Java API on the same zoo file and input as {@link ImportedModelBench}: CPU provider, default
 * graph optimisation (ALL, what users run), {@code threads} intra-op threads, 1 inter-op thread. Forward only:
 * {@code session.run} with resident input tensors; the output is allocated by ORT on every call and freed with the
 * result, as a user's call does.
 */
@State(Scope.Benchmark)
public class ImportedOrtBench {

    @Param("mobilenetv3")
    public String model;

    @Param("1")
    public int batch;

    @Param("1")
    public int threads;

    private OrtSession session;
    private Map<String, OnnxTensor> inputs;

    @Setup
    public void setUp() throws OrtException {
        ZooCase c = ZooCase.get(model);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(c.onnxFile().toString(), o);
        }
        inputs = c.ortInputs(env, batch);
    }

    @Benchmark
    public long forward(CpuTime cpu) throws OrtException {
        long t = CpuTime.now();
        try (OrtSession.Result r = session.run(inputs)) {
            return ((OnnxTensor) r.get(0)).getInfo().getShape()[0];
        } finally {
            cpu.add(t);
        }
    }

    @TearDown
    public void tearDown() throws OrtException {
        for (OnnxTensor t : inputs.values()) {
            t.close();
        }
        session.close();
    }
}
