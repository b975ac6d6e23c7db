package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The real-model corpus (models/onnx/zoo: torchvision CNNs, ConvNeXt, ViT, Swin, BERT, GPT-2, a Llama-style decoder;
 * legacy and dynamo exports, fixed and dynamic axes; made by make_zoo.py with torch 2.13): every model imports with
 * fusion on and off; on every data set (a dynamic model has a second one with another batch and sequence length) its
 * output equals torch's and ONNX Runtime's within 1e-5 + 1e-5·|ref|; with a GradientCollector the gradients of
 * loss = sum(output · W) w.r.t. the input and every torch parameter the exporter kept equal torch autograd's within
 * 1e-5·max|g| + 1e-5·|g| per tensor (max|g| floored at 1e-3 of the model's largest gradient: a tensor whose exact
 * gradient vanishes, such as BERT's attention key bias under softmax's shift invariance, holds only rounding noise on
 * both sides). Where the exporter folded BatchNorm into the Conv weights, the graph is no longer torch's arithmetic
 * and the bound is doubled: torch itself, run with its BatchNorms folded the same way, moves MobileNetV2's classifier
 * gradient by 0.49 of the undoubled bound (measured with torch.nn.utils.fusion on the corpus input). Each run writes target/onnx-zoo-report.md (the README's model table).
 */
class OnnxZooTest {

    static final double GRAD_SCALED_ABS = 1e-5;
    static final double GRAD_REL = 1e-5;

    private static NDManager manager;
    /** Per model, over fusion on and off: {data sets, max |y - torch|, max |y - ORT|, gradient tensors, worst gradient ratio}. */
    private static final Map<String, double[]> REPORT = new TreeMap<>();

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() throws IOException {
        manager.close();
        StringBuilder sb = new StringBuilder("| model | data sets | max abs diff vs torch | vs ONNX Runtime | gradient tensors | "
                + "worst gradient / bound |\n|---|---|---|---|---|---|\n");
        REPORT.forEach((model, r) -> sb.append(String.format("| %s | %d | %.1e | %.1e | %d | %.3f |%n", model, (int) r[0], r[1], r[2],
                (int) r[3], r[4])));
        Path out = Path.of("target", "onnx-zoo-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
    }

    static Path zoo() {
        return OnnxTestSupport.corpus().resolve("zoo");
    }

    static Stream<Arguments> models() {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(zoo())) {
            s.filter(p -> Files.exists(p.resolve("model.onnx"))).sorted().forEach(p -> {
                out.add(Arguments.of(p.getFileName().toString(), true));
                out.add(Arguments.of(p.getFileName().toString(), false));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(out.size() >= 2 * 52, "zoo models missing: " + out.size() / 2);
        return out.stream();
    }

    @ParameterizedTest(name = "{0} fusion={1}")
    @MethodSource("models")
    void equalsTorchAndOrtAndTrainsLikeTorch(String model, boolean fusion) throws IOException {
        Path dir = zoo().resolve(model);
        JsonObject meta = JsonParser.parseString(Files.readString(dir.resolve("meta.json"))).getAsJsonObject();
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock block = OnnxImporter.importModel(dir.resolve("model.onnx"), m, ImportOptions.defaults().optFusion(fusion));
            double worstTorch = 0;
            double worstOrt = 0;
            double maxTorch = 0;
            double maxOrt = 0;
            int sets = 0;
            for (Path set : dataSets(dir)) {
                NDList in = inputs(block, set, m);
                float[] y = block.forward(new ParameterStore(m, false), in, false).head().toType(DataType.FLOAT32, false).toFloatArray();
                float[] torch = OnnxTestSupport.floats(OnnxTestSupport.pb(set.resolve("output_0.pb")));
                float[] ort = OnnxTestSupport.floats(OnnxTestSupport.pb(set.resolve("ort_output_0.pb")));
                worstTorch = Math.max(worstTorch, OnnxTestSupport.worstRatio(y, torch));
                worstOrt = Math.max(worstOrt, OnnxTestSupport.worstRatio(y, ort));
                maxTorch = Math.max(maxTorch, OnnxTestSupport.maxAbs(y, torch));
                maxOrt = Math.max(maxOrt, OnnxTestSupport.maxAbs(y, ort));
                sets++;
            }
            System.out.printf("ZOO %-34s fusion=%-5s %d sets  max|y-torch| %.3g (ratio %.3f)  max|y-ort| %.3g (ratio %.3f)%n",
                    model, fusion, sets, maxTorch, worstTorch, maxOrt, worstOrt);
            assertTrue(worstTorch <= 1, model + ": output differs from torch by " + maxTorch + "\n" + block.report());
            assertTrue(worstOrt <= 1, model + ": output differs from ONNX Runtime by " + maxOrt);

            double[] grad = gradients(model, dir, meta, block, m);
            double[] row = {sets, maxTorch, maxOrt, grad[0], grad[1]};
            REPORT.merge(model, row, (a, b) -> new double[] {a[0], Math.max(a[1], b[1]), Math.max(a[2], b[2]), a[3], Math.max(a[4], b[4])});
        }
    }

    /** Checks every gradient golden; returns {tensors checked, worst ratio to the bound}. */
    private static double[] gradients(String model, Path dir, JsonObject meta, OnnxGraphBlock block, NDManager m) {
        NDList in = inputs(block, dir.resolve("test_data_set_0"), m);
        NDArray x = in.head();
        boolean floatInput = x.getDataType().isFloating();
        if (floatInput) {
            x.setRequiresGradient(true);
        }
        NDArray w = OnnxTestSupport.pb(dir.resolve("grad/loss_weight.pb")).toNDArray(m);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray y = block.forward(new ParameterStore(m, false), in, false).head();
            gc.backward(y.mul(w).sum());
        }
        Map<String, NDArray> got = new TreeMap<>();
        Map<String, float[]> ref = new TreeMap<>();
        if (floatInput) {
            got.put("input", x.getGradient());
            ref.put("input", OnnxTestSupport.floats(OnnxTestSupport.pb(dir.resolve("grad/input_0.pb"))));
        }
        for (JsonElement e : meta.getAsJsonArray("grads")) {
            JsonObject g = e.getAsJsonObject();
            String init = g.get("onnx_initializer").getAsString();
            Parameter p = block.parameter(init);
            assertNotNull(p, model + ": initializer " + init + " (torch " + g.get("torch_param").getAsString() + ") is not a parameter");
            assertTrue(p.requiresGradient(), model + ": " + init + " should train");
            got.put(init, p.getArray().getGradient());
            ref.put(init, OnnxTestSupport.floats(OnnxTestSupport.pb(dir.resolve(g.get("file").getAsString()))));
        }
        // the torch model had BatchNorm (make_zoo calibrates it), the exported graph has none: folded into the Conv
        boolean folded = meta.get("description").getAsString().contains("BatchNorm")
                && !meta.getAsJsonObject("ops").has("BatchNormalization");
        double foldFactor = folded ? 2 : 1;
        double modelScale = ref.values().stream().mapToDouble(OnnxZooTest::maxAbs).max().orElse(0);
        double worst = 0;
        for (String name : ref.keySet()) {
            worst = Math.max(worst, ratio(got.get(name), ref.get(name), Math.max(maxAbs(ref.get(name)), 1e-3 * modelScale), model + " " + name)
                    / foldFactor);
        }
        int checked = ref.size();
        System.out.printf("ZOO-GRAD %-34s %d gradient tensors, worst ratio to %s(1e-5·max|g| + 1e-5·|g|): %.4f%n", model, checked,
                folded ? "2·" : "", worst);
        assertTrue(worst <= 1, model + ": a gradient differs from torch autograd, ratio " + worst);
        return new double[] {checked, worst};
    }

    private static double ratio(NDArray got, float[] ref, double scale, String what) {
        float[] a = got.toType(DataType.FLOAT32, false).toFloatArray();
        assertEquals(ref.length, a.length, what + ": gradient size");
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double bound = GRAD_SCALED_ABS * scale + GRAD_REL * Math.abs(ref[i]);
            double d = Math.abs((double) a[i] - ref[i]);
            worst = Math.max(worst, d == 0 ? 0 : bound == 0 ? Double.POSITIVE_INFINITY : d / bound);
        }
        if (worst > 1) {
            System.out.printf("ZOO-GRAD %s: ratio %.3f%n", what, worst);
        }
        return worst;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    private static List<Path> dataSets(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
        }
    }

    private static NDList inputs(OnnxGraphBlock block, Path set, NDManager m) {
        NDList in = new NDList();
        for (int i = 0; i < block.inputNames().size(); i++) {
            in.add(OnnxTestSupport.pb(set.resolve("input_" + i + ".pb")).toNDArray(m));
        }
        return in;
    }
}
