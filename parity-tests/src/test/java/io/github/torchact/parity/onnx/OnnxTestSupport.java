package io.github.torchact.parity.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.TensorProtos;
import io.github.torchact.onnx.TensorValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Corpus paths, .pb tensors, ONNX Runtime runs and the f32 comparison bound shared by the ONNX tests. */
final class OnnxTestSupport {

    /** |a - ref| <= ABS + REL·|ref| for float32 outputs. */
    static final double ABS = 1e-5;
    static final double REL = 1e-5;

    private OnnxTestSupport() {}

    static Path corpus() {
        return Paths.get(System.getProperty("repo.root", "..")).resolve("models/onnx");
    }

    /** Every model folder of the corpus (those with model.onnx and input_0.pb), sorted. */
    static List<Path> modelDirs() {
        try (Stream<Path> s = Files.list(corpus())) {
            List<Path> out = new ArrayList<>();
            s.filter(p -> Files.exists(p.resolve("model.onnx")) && Files.exists(p.resolve("input_0.pb"))).sorted().forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TensorValue pb(Path file) {
        try {
            return TensorProtos.decode(OnnxMl.TensorProto.parseFrom(Files.readAllBytes(file)), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(TensorValue v) {
        double[] d = v.toDoubles();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** ONNX Runtime (Java API, CPU, graph optimisations off) on {@code model} with float inputs. */
    static float[] ort(Path model, List<String> names, List<TensorValue> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            o.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model.toString(), o)) {
                Map<String, OnnxTensor> feed = new java.util.LinkedHashMap<>();
                try {
                    for (int i = 0; i < names.size(); i++) {
                        feed.put(names.get(i), OnnxTensor.createTensor(env, FloatBuffer.wrap(floats(inputs.get(i))), inputs.get(i).shape()));
                    }
                    try (OrtSession.Result r = s.run(feed)) {
                        OnnxTensor t = (OnnxTensor) r.get(0);
                        FloatBuffer fb = t.getFloatBuffer();
                        float[] out = new float[fb.remaining()];
                        fb.get(out);
                        return out;
                    }
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    /** The block's first output on {@code inputs} (inference, no gradients). */
    static float[] run(OnnxGraphBlock block, NDManager m, List<TensorValue> inputs) {
        NDList in = new NDList();
        inputs.forEach(v -> in.add(v.toNDArray(m)));
        NDArray y = block.forward(new ParameterStore(m, false), in, false).head();
        return y.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }

    /** The largest |a - ref| / (ABS + REL·|ref|); ≤ 1 passes. NaN where exactly one side is NaN counts as infinite. */
    static double worstRatio(float[] a, float[] ref) {
        if (a.length != ref.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.isNaN(a[i]) || Float.isNaN(ref[i])) {
                if (Float.isNaN(a[i]) != Float.isNaN(ref[i])) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            if (a[i] == ref[i]) {
                continue;
            }
            worst = Math.max(worst, Math.abs((double) a[i] - ref[i]) / (ABS + REL * Math.abs(ref[i])));
        }
        return worst;
    }

    static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }
}
