package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

/**
 * Every corpus model (torch 2.13 exports, models/onnx) imported on DJL's PyTorch engine, with and without
 * fusion, equals ONNX Runtime 1.28 (Java API, same input) within 1e-5 + 1e-5·|ref|.
 */
class OnnxCorpusParityTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static List<Path> models() {
        List<Path> dirs = OnnxTestSupport.modelDirs();
        assertTrue(dirs.size() >= 76, "corpus incomplete: " + dirs.size() + " models in " + OnnxTestSupport.corpus());
        return dirs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void importedModelEqualsOnnxRuntime(Path dir) throws Exception {
        TensorValue x = OnnxTestSupport.pb(dir.resolve("input_0.pb"));
        float[] ort = OnnxTestSupport.ort(dir.resolve("model.onnx"), List.of(inputName(dir)), List.of(x));
        float[] ortPython = OnnxTestSupport.floats(OnnxTestSupport.pb(dir.resolve("output_0.pb")));
        float[] torch = OnnxTestSupport.floats(OnnxTestSupport.pb(dir.resolve("torch_output_0.pb")));
        for (boolean fuse : new boolean[] {true, false}) {
            try (NDManager m = manager.newSubManager()) {
                OnnxGraphBlock block = OnnxImporter.importModel(dir.resolve("model.onnx"), m, ImportOptions.defaults().optFusion(fuse));
                float[] y = OnnxTestSupport.run(block, m, List.of(x));
                double ratio = OnnxTestSupport.worstRatio(y, ort);
                System.out.printf("ONNX %-38s fuse=%-5s fusions=%d  max|y-ort|=%.3g (bound ratio %.3f)  max|y-torch|=%.3g  max|ortJava-ortPy|=%.3g%n",
                        dir.getFileName(), fuse, block.report().fusions().size(), OnnxTestSupport.maxAbs(y, ort), ratio,
                        OnnxTestSupport.maxAbs(y, torch), OnnxTestSupport.maxAbs(ort, ortPython));
                assertTrue(ratio <= 1, dir.getFileName() + " fuse=" + fuse + ": differs from ONNX Runtime by "
                        + OnnxTestSupport.maxAbs(y, ort) + "\n" + block.report());
                if (fuse && expectsFusion(dir)) {
                    assertFalse(block.report().fusions().isEmpty(), dir.getFileName() + ": expected a fusion\n" + block.report());
                }
            }
        }
    }

    /** TorchScript exports of activations that ONNX has no single op for. */
    private static boolean expectsFusion(Path dir) {
        String n = dir.getFileName().toString();
        for (String a : new String[] {"mlp_gelu_op", "mlp_gelu_tanh_op", "mlp_silu", "mlp_mish_op", "mlp_softplus_beta2_th5",
                "mlp_softsign", "mlp_logsigmoid", "mlp_tanhshrink", "mlp_softmin", "mlp_glu", "mlp_hardshrink",
                "mlp_softshrink", "mlp_hardswish_op13", "cnn_op13", "cnn_op17"}) {
            if (n.startsWith(a)) {
                return true;
            }
        }
        return false;
    }

    private static String inputName(Path dir) throws Exception {
        String meta = java.nio.file.Files.readString(dir.resolve("meta.json"));
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("\"input_name\"\\s*:\\s*\"([^\"]+)\"").matcher(meta);
        assertTrue(mm.find(), "meta.json without input_name");
        return mm.group(1);
    }

}
