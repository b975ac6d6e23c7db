package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The official ONNX backend node tests for activation ops (models/onnx/node-tests, ONNX 1.12 reference
 * outputs computed with numpy): every test data set matches within 1e-5 + 1e-5·|ref|.
 */
class OnnxNodeTestsTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static List<Path> nodeTests() throws IOException {
        try (Stream<Path> s = Files.list(OnnxTestSupport.corpus().resolve("node-tests"))) {
            List<Path> out = new ArrayList<>();
            s.filter(p -> Files.exists(p.resolve("model.onnx"))).sorted().forEach(out::add);
            assertTrue(out.size() >= 77, "node tests missing: " + out.size());
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeTests")
    void nodeTestPasses(Path dir) throws IOException {
        try (NDManager m = manager.newSubManager(); Stream<Path> sets = Files.list(dir)) {
            OnnxGraphBlock block = OnnxImporter.importModel(dir.resolve("model.onnx"), m);
            for (Path set : sets.filter(Files::isDirectory).sorted().toArray(Path[]::new)) {
                List<TensorValue> inputs = new ArrayList<>();
                for (int i = 0; i < block.inputNames().size(); i++) {
                    inputs.add(OnnxTestSupport.pb(set.resolve("input_" + i + ".pb")));
                }
                float[] expected = OnnxTestSupport.floats(OnnxTestSupport.pb(set.resolve("output_0.pb")));
                float[] y = OnnxTestSupport.run(block, m, inputs);
                double ratio = OnnxTestSupport.worstRatio(y, expected);
                System.out.printf("NODE %-45s %s max|y-ref|=%.3g (bound ratio %.3f)%n", dir.getFileName(), set.getFileName(),
                        OnnxTestSupport.maxAbs(y, expected), ratio);
                assertTrue(ratio <= 1, dir.getFileName() + "/" + set.getFileName() + ": max diff "
                        + OnnxTestSupport.maxAbs(y, expected) + "\n" + block.report());
            }
        }
    }
}
