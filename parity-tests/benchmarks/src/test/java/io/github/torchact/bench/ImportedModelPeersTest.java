package io.github.torchact.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TensorProtos;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The imported-model benchmarks measure the same computation: the traced TorchScript file loads in DJL's libtorch
 * and reproduces the zoo's torch output on its test input, and on the benchmarks' inputs (batch 1 and 8) our forward
 * (every mode of this build), ONNX Runtime and TorchScript agree.
 */
class ImportedModelPeersTest {

    static Stream<String> models() {
        return ZooCase.ALL.keySet().stream();
    }

    static {
        // the surefire JVM runs from the module directory
        if (System.getProperty("bench.zoo") == null) {
            System.setProperty("bench.zoo", Path.of("../../models/onnx/zoo").toAbsolutePath().normalize().toString());
        }
    }

    private static TensorValue pb(Path file) throws Exception {
        return TensorProtos.decode(OnnxMl.TensorProto.parseFrom(Files.readAllBytes(file)), null);
    }

    private static float[] floats(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void torchScriptReproducesTheGoldenOutput(String model) throws Exception {
        ZooCase c = ZooCase.get(model);
        Path set = c.torchScriptDir().resolve("test_data_set_0");
        try (Model ts = ImportedTorchScriptBench.load(c)) {
            NDManager m = ts.getNDManager();
            NDList in = new NDList();
            for (int i = 0; i < c.inputNames.size(); i++) {
                in.add(pb(set.resolve("input_" + i + ".pb")).toNDArray(m));
            }
            float[] got = floats(ts.getBlock().forward(new ParameterStore(m, false), in, false).head());
            float[] want = floats(pb(set.resolve("output_0.pb")).toNDArray(m));
            double max = maxDiff(want, got);
            System.out.printf("TS-GOLDEN %s: max |model.pt in DJL - output_0.pb| = %.3g%n", model, max);
            assertTrue(max <= 1e-5, model + ": traced model differs from output_0.pb by " + max);
        }
    }

    /**
     * The anchor of forward + backward: loaded trainable, the traced model's recorded forward (DJL's training flag) is
     * still the eval-mode model (output_0.pb) and its backward reaches every parameter.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void torchScriptForwardBackwardIsTheEvalModelsGradient(String model) throws Exception {
        ZooCase c = ZooCase.get(model);
        Path set = c.torchScriptDir().resolve("test_data_set_0");
        try (Model ts = ImportedTorchScriptBench.load(c, true)) {
            NDManager m = ts.getNDManager();
            NDList in = new NDList();
            for (int i = 0; i < c.inputNames.size(); i++) {
                in.add(pb(set.resolve("input_" + i + ".pb")).toNDArray(m));
            }
            float[] want = floats(pb(set.resolve("output_0.pb")).toNDArray(m));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = ts.getBlock().forward(new ParameterStore(m, false), in, true).head();
                double max = maxDiff(want, floats(y));
                assertTrue(max <= 1e-5, model + ": recorded forward differs from output_0.pb by " + max);
                gc.backward(y.sum());
            }
            int params = 0;
            for (Pair<String, Parameter> p : ts.getBlock().getParameters()) {
                float[] g = floats(p.getValue().getArray().getGradient());
                boolean finite = true;
                boolean nonZero = false;
                for (float v : g) {
                    finite &= Float.isFinite(v);
                    nonZero |= v != 0;
                }
                assertTrue(finite && nonZero, model + ": gradient of " + p.getKey() + " is not finite and non-zero");
                params++;
            }
            assertTrue(params > 0, model + ": no parameters");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void peersAgreeOnTheBenchmarkInputs(String model) throws Exception {
        ZooCase c = ZooCase.get(model);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (Model ts = ImportedTorchScriptBench.load(c);
                OrtSession session = env.createSession(c.onnxFile().toString(), new OrtSession.SessionOptions())) {
            for (int batch : new int[] {1, 8}) {
                NDManager m = ts.getNDManager();
                NDList x = c.ndInputs(m, batch);
                float[] torch = floats(ts.getBlock().forward(new ParameterStore(m, false), x, false).head());
                float[] ort;
                Map<String, OnnxTensor> in = c.ortInputs(env, batch);
                try (OrtSession.Result r = session.run(in)) {
                    OnnxTensor y = (OnnxTensor) r.get(0);
                    ort = new float[torch.length];
                    y.getFloatBuffer().get(ort);
                }
                in.values().forEach(OnnxTensor::close);
                StringBuilder line = new StringBuilder(String.format("PEERS %s batch %d: |ORT - TS| %.3g",
                        model, batch, maxDiff(torch, ort)));
                assertTrue(maxDiff(torch, ort) <= 1e-4, model + " batch " + batch + ": ORT and TorchScript differ");
                for (String mode : ZooCase.modes()) {
                    try (NDManager mm = NDManager.newBaseManager("PyTorch")) {
                        OnnxGraphBlock b = OnnxImporter.importModel(c.onnxFile(), mm, ZooCase.options(mode));
                        float[] ours = floats(b.forward(new ParameterStore(mm, false), c.ndInputs(mm, batch), false).head());
                        assertArrayEquals(new int[] {torch.length}, new int[] {ours.length});
                        line.append(String.format(", |ours %s - TS| %.3g", mode, maxDiff(torch, ours)));
                        assertTrue(maxDiff(torch, ours) <= 1e-4, model + " batch " + batch + " " + mode + ": ours and TorchScript differ");
                    }
                }
                System.out.println(line);
            }
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        assertArrayEquals(new int[] {a.length}, new int[] {b.length}, "output sizes differ");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
