package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import io.github.torchact.onnx.ConverterRegistry;
import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

/** Which catalog activation each PyTorch export fuses into, the fusion switch, and the opset-keyed registry. */
class OnnxFusionTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "mlp_gelu_op13|gelu()",
        "mlp_gelu_dynamo_op18|gelu()",
        "mlp_gelu_tanh_op13|gelu_tanh()",
        "mlp_gelu_tanh_dynamo_op18|gelu_tanh()",
        "mlp_silu_op17|silu()",
        "mlp_mish_op13|mish()",
        "mlp_hardswish_op13|hardswish()",
        "mlp_softplus_beta2_th5_op13|softplus(beta=2.0, threshold=20.0)",
        "mlp_softplus_beta2_th5_dynamo_op18|softplus(beta=2.0, threshold=5.0)",
        "mlp_softsign_op13|softsign()",
        "mlp_logsigmoid_op13|logsigmoid()",
        "mlp_tanhshrink_op13|tanhshrink()",
        "mlp_softmin_op13|softmin(dim=1)",
        "mlp_glu_op13|glu(dim=-1)",
        "mlp_hardshrink_op13|hardshrink(lambd=0.30000001192092896)",
        "mlp_softshrink_op13|softshrink(lambd=0.4000000059604645)",
    })
    void exportFusesIntoOneCatalogActivation(String model, String expected) {
        Path file = OnnxTestSupport.corpus().resolve(model).resolve("model.onnx");
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock block = OnnxImporter.importModel(file, m);
            List<String> f = block.report().fusions();
            assertEquals(1, f.size(), block.report().toString());
            assertTrue(f.get(0).startsWith(expected + " <- "), f.get(0));
            // Gemm, fused activation, Gemm (hardshrink/softshrink add IsNaN and Where: NaN gives 0 as in the graph)
            assertEquals(3, block.report().entries().stream().filter(e -> !e.became.startsWith("constant")
                    && !e.became.startsWith("folded") && !e.node.contains("#nan-to-zero:")).count(), block.report().toString());
            OnnxGraphBlock plain = OnnxImporter.importModel(file, m, ImportOptions.defaults().optFusion(false));
            assertTrue(plain.report().fusions().isEmpty());
            assertTrue(plain.report().entries().size() > 3);
        }
    }

    @Test
    void clipAndHardSigmoidMapToTorchActivations() {
        try (NDManager m = manager.newSubManager()) {
            String relu6 = OnnxImporter.importModel(OnnxTestSupport.corpus().resolve("mlp_relu6_op13/model.onnx"), m).report().toString();
            assertTrue(relu6.contains("catalog relu6()"), relu6);
            String ht = OnnxImporter.importModel(OnnxTestSupport.corpus().resolve("mlp_hardtanh_op17/model.onnx"), m).report().toString();
            assertTrue(ht.contains("catalog hardtanh(min_val=-2.0, max_val=3.0)"), ht);
            String hs = OnnxImporter.importModel(OnnxTestSupport.corpus().resolve("mlp_hardsigmoid_op13/model.onnx"), m).report().toString();
            assertTrue(hs.contains("catalog hardsigmoid()"), hs);
            // ONNX's default HardSigmoid (alpha 0.2) is not torch's hardsigmoid
            String onnxDefault = OnnxImporter.importModel(OnnxTestSupport.corpus().resolve("node-tests/test_hardsigmoid_default/model.onnx"), m)
                    .report().toString();
            assertTrue(onnxDefault.contains("(HardSigmoid@6) -> NDArray op"), onnxDefault);
        }
    }

    @Test
    void registryResolvesSoftmaxByOpset() {
        ConverterRegistry r = ConverterRegistry.standard();
        assertTrue(r.keys().containsAll(List.of(":Softmax@1", ":Softmax@13", ":LogSoftmax@1", ":LogSoftmax@13", ":Hardmax@1",
                ":Hardmax@13", ":Clip@6", ":Clip@11", ":Split@13", ":Split@18")), r.keys().toString());
    }
}
