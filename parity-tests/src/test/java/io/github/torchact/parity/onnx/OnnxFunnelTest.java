package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Funnel activation in torch 2.13 exports (models/onnx/cnn_funnel_*, made by make_funnel.py): the importer
 * fuses Conv(group = C) → BatchNormalization → Max and the BN-folded Conv → Max into one FunnelReLU node, whose
 * outputs, training-mode outputs and running statistics, and gradients equal the unfused import's bit for bit
 * (compiled and node by node), equal ONNX Runtime within the corpus bound, and the gradients equal torch's goldens.
 */
class OnnxFunnelTest {

    private static final double GRAD_ABS = 1e-6;
    private static final double GRAD_REL = 1e-5;
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @ParameterizedTest(name = "{0} compile={2}")
    @CsvSource({"cnn_funnel_op17, funnel_relu(, true", "cnn_funnel_op17, funnel_relu(, false",
        "cnn_funnel_bnfused_op17, funnel_relu_folded(, true", "cnn_funnel_bnfused_op17, funnel_relu_folded(, false"})
    void fusedEqualsUnfusedTorchAndOrt(String model, String fusion, boolean compile) throws Exception {
        Path dir = OnnxTestSupport.corpus().resolve(model);
        TensorValue x = OnnxTestSupport.pb(dir.resolve("input_0.pb"));
        float[] ort = OnnxTestSupport.ort(dir.resolve("model.onnx"), List.of("input"), List.of(x));
        float[] torch = OnnxTestSupport.floats(OnnxTestSupport.pb(dir.resolve("torch_output_0.pb")));
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock fused = OnnxImporter.importModel(dir.resolve("model.onnx"), m, ImportOptions.defaults().optCompile(compile));
            OnnxGraphBlock plain = OnnxImporter.importModel(dir.resolve("model.onnx"), m,
                    ImportOptions.defaults().optCompile(compile).optFusion(false));
            assertTrue(fused.report().fusions().stream().anyMatch(f -> f.startsWith(fusion + "channels=8, kernel_size=3)")),
                    model + ": expected the FunnelReLU fusion\n" + fused.report());
            assertTrue(fused.report().toString().contains("FunnelReLU(8, kernel_size=3)"), fused.report().toString());
            float[] y = OnnxTestSupport.run(fused, m, List.of(x));
            assertBits(OnnxTestSupport.run(plain, m, List.of(x)), y, model + " eval output vs unfused");
            assertTrue(OnnxTestSupport.worstRatio(y, ort) <= 1, model + ": differs from ONNX Runtime");
            System.out.printf("FUNNEL %s compile=%s max|y-torch|=%.3g max|y-ort|=%.3g%n", model, compile,
                    OnnxTestSupport.maxAbs(y, torch), OnnxTestSupport.maxAbs(y, ort));
            assertTrue(OnnxTestSupport.worstRatio(y, torch) <= 1, model + ": differs from torch");

            List<float[]> a = trainAndGrad(fused, m, dir);
            List<float[]> b = trainAndGrad(plain, m, dir);
            assertEquals(b.size(), a.size());
            for (int i = 0; i < a.size(); i++) {
                assertBits(b.get(i), a.get(i), model + " training/gradient result " + i + " vs unfused");
            }
        }
    }

    /** Eval gradients checked against torch's goldens where present, then a training forward and running stats. */
    private static List<float[]> trainAndGrad(OnnxGraphBlock block, NDManager m, Path dir) throws Exception {
        List<float[]> out = new ArrayList<>();
        NDArray x = OnnxTestSupport.pb(dir.resolve("input_0.pb")).toNDArray(m);
        boolean goldens = dir.resolve("loss_weight.pb").toFile().exists();
        NDArray w = goldens ? OnnxTestSupport.pb(dir.resolve("loss_weight.pb")).toNDArray(m) : m.ones(new ai.djl.ndarray.types.Shape(2, 10));
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).head();
            gc.backward(y.mul(w).sum());
        }
        out.add(x.getGradient().toFloatArray());
        for (String name : new String[] {"frelu.conv_frelu.weight", "frelu.conv_frelu.bias", "frelu.bn_frelu.weight",
                "frelu.bn_frelu.bias", "conv1.weight", "fc.weight"}) {
            if (block.parameter(name) == null) {
                continue;
            }
            float[] g = block.parameter(name).getArray().getGradient().toFloatArray();
            out.add(g);
            Path golden = dir.resolve("grad_" + name + ".pb");
            if (golden.toFile().exists()) {
                float[] ref = OnnxTestSupport.floats(OnnxTestSupport.pb(golden));
                for (int i = 0; i < g.length; i++) {
                    assertTrue(Math.abs(g[i] - ref[i]) <= GRAD_ABS + GRAD_REL * Math.abs(ref[i]),
                            dir.getFileName() + " " + name + "[" + i + "]: " + g[i] + " vs torch " + ref[i]);
                }
            }
        }
        try (NDManager s = m.newSubManager()) {
            NDArray xt = x.duplicate();
            out.add(block.forward(new ParameterStore(s, false), new NDList(xt), true).head().toFloatArray());
        }
        for (String name : new String[] {"frelu.bn_frelu.running_mean", "frelu.bn_frelu.running_var"}) {
            if (block.parameter(name) != null) {
                out.add(block.parameter(name).getArray().toFloatArray());
            }
        }
        return out;
    }

    private static void assertBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        int[] a = new int[want.length];
        int[] b = new int[got.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.floatToRawIntBits(want[i]);
            b[i] = Float.floatToRawIntBits(got[i]);
        }
        assertArrayEquals(a, b, what);
    }
}
