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

    /** Every output of the block on {@code inputs} (inference, no gradients). */
    static NDList runAll(OnnxGraphBlock block, NDManager m, List<TensorValue> inputs) {
        NDList in = new NDList();
        inputs.forEach(v -> in.add(v.toNDArray(m)));
        return block.forward(new ParameterStore(m, false), in, false);
    }

    static boolean isFloating(ai.djl.ndarray.types.DataType t) {
        return t == ai.djl.ndarray.types.DataType.FLOAT32 || t == ai.djl.ndarray.types.DataType.FLOAT64
                || t == ai.djl.ndarray.types.DataType.FLOAT16 || t == ai.djl.ndarray.types.DataType.BFLOAT16;
    }

    /**
     * Why {@code y} does not match the ONNX reference {@code ref}, or null when it does: the shape and the data type must
     * be ONNX's; floating values must lie within ABS + REL·|ref| (NaN exactly where ref is NaN, infinities equal); integer
     * and bool values must be equal.
     */
    static String mismatch(TensorValue ref, NDArray y, NDManager m) {
        if (y == null) {
            return "no output (null)";
        }
        List<String> problems = new ArrayList<>();
        long[] ys = y.getShape().getShape();
        if (!java.util.Arrays.equals(ref.shape(), ys)) {
            return "shape " + java.util.Arrays.toString(ys) + " != ONNX " + java.util.Arrays.toString(ref.shape())
                    + (y.getDataType() != ref.dataType() ? ", dtype " + y.getDataType() + " != ONNX " + ref.dataType() : "");
        }
        if (ref.size() == 0) {
            // nothing to compare but the shape and dtype
        } else if (isFloating(ref.dataType()) || isFloating(y.getDataType())) {
            double[] a = y.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
            double[] r = ref.toDoubles();
            double worst = 0;
            int worstAt = -1;
            for (int i = 0; i < r.length; i++) {
                double ratio;
                if (Double.isNaN(a[i]) || Double.isNaN(r[i])) {
                    ratio = Double.isNaN(a[i]) == Double.isNaN(r[i]) ? 0 : Double.POSITIVE_INFINITY;
                } else if (a[i] == r[i]) {
                    ratio = 0;
                } else if (!isFloating(ref.dataType())) {
                    ratio = Double.POSITIVE_INFINITY; // integer reference: exact
                } else {
                    ratio = Math.abs(a[i] - r[i]) / (ABS + REL * Math.abs(r[i]));
                }
                if (!(ratio <= worst)) {
                    worst = ratio;
                    worstAt = i;
                }
            }
            if (worst > 1) {
                problems.add(String.format("values differ at [%d]: %s vs ONNX %s (bound ratio %.3g)", worstAt, a[worstAt],
                        r[worstAt], worst));
            }
        } else {
            long[] a = y.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
            long[] r = ref.toNDArray(m).toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
            int bad = 0;
            int first = -1;
            for (int i = 0; i < r.length; i++) {
                if (a[i] != r[i]) {
                    bad++;
                    if (first < 0) {
                        first = i;
                    }
                }
            }
            if (bad > 0) {
                problems.add("values differ at " + bad + " of " + r.length + " elements, first [" + first + "]: " + a[first]
                        + " vs ONNX " + r[first]);
            }
        }
        if (y.getDataType() != ref.dataType()) {
            problems.add("dtype " + y.getDataType() + " != ONNX " + ref.dataType());
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }
}
