package io.github.torchact.parity.onnx.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl;

import io.github.torchact.nn.ActivationBlock;
import io.github.torchact.onnx.export.ExportOptions;
import io.github.torchact.onnx.export.OnnxExporter;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Every exported model of {@link ExportActivationTest} and {@link ExportBlocksTest} (float32 and float64, parameters
 * set to a fixed pattern so the bytes are reproducible) must be one that ONNX's own checker accepted:
 * {@code onnx.checker.check_model(model, full_check=True)} (strict shape inference included) was run on it by
 * models/onnx/export/check_exports.py, which records the SHA-256 of each model it accepts in
 * models/onnx/export/checker_golden.txt. The test writes the models to parity-tests/target/onnx-export/ and fails on
 * any model whose bytes the checker has not seen: after changing the exporter, rerun the script.
 */
class ExportCheckerGoldenTest {

    @Test
    void everyExportedModelPassedOnnxChecker() throws Exception {
        Path root = Paths.get(System.getProperty("repo.root", ".."));
        Path out = root.resolve("parity-tests/target/onnx-export");
        Files.createDirectories(out);
        Set<String> golden = new HashSet<>();
        Path goldenFile = root.resolve("models/onnx/export/checker_golden.txt");
        for (String line : Files.readAllLines(goldenFile, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                golden.add(line.split(" ")[0]);
            }
        }
        TreeMap<String, OnnxMl.ModelProto> models = new TreeMap<>();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                String t = type == DataType.FLOAT32 ? "f32" : "f64";
                for (Arguments a : (Iterable<Arguments>) ExportActivationTest.cases()::iterator) {
                    Params p = (Params) a.get()[0];
                    int n = (Integer) a.get()[1];
                    int opset = (Integer) a.get()[2];
                    try (NDManager m = manager.newSubManager()) {
                        ActivationBlock block = ActivationBlock.of(p, n);
                        Shape shape = new Shape(4, 3, 6);
                        block.initialize(m, type, shape);
                        pattern(block);
                        models.put(name(block + "_n" + n + "_op" + opset + "_" + t),
                                OnnxExporter.toModel(block, ExportOptions.defaults().optOpset(opset).optInputType(type), shape));
                    }
                }
                for (Arguments a : (Iterable<Arguments>) ExportBlocksTest.blocks()::iterator) {
                    String what = (String) a.get()[0];
                    @SuppressWarnings("unchecked")
                    Supplier<Block> make = (Supplier<Block>) a.get()[1];
                    Shape shape = (Shape) a.get()[2];
                    int opset = (Integer) a.get()[3];
                    try (NDManager m = manager.newSubManager()) {
                        Block block = make.get();
                        block.initialize(m, type, shape);
                        pattern(block);
                        models.put(name(what + "_op" + opset + "_" + t),
                                OnnxExporter.toModel(block, ExportOptions.defaults().optOpset(opset).optInputType(type), shape));
                    }
                }
            }
        }
        List<String> unchecked = new ArrayList<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (var e : models.entrySet()) {
            byte[] bytes = e.getValue().toByteArray();
            Files.write(out.resolve(e.getKey() + ".onnx"), bytes);
            if (!golden.contains(HexFormat.of().formatHex(sha.digest(bytes)))) {
                unchecked.add(e.getKey());
            }
        }
        System.out.println("ExportCheckerGoldenTest: " + models.size() + " exported models, " + (models.size() - unchecked.size())
                + " accepted by onnx.checker (full_check)");
        assertTrue(unchecked.isEmpty(), unchecked.size() + " exported models were not accepted by onnx.checker (run "
                + "models/onnx/export/check_exports.py after mvn writes " + out + "): " + unchecked);
    }

    private static String name(String s) {
        return s.replaceAll("[^A-Za-z0-9_.=-]+", "_");
    }

    /** Parameters set to 0.5·sin(i + 1) (variances 1 + 0.5·sin; StrictMath, the same bits on every JVM), so the exported bytes do not depend on a seed or platform. */
    static void pattern(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            double[] v = new double[Math.toIntExact(a.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (p.getKey().endsWith("runningVar") ? 1 : 0) + 0.5 * StrictMath.sin(i + 1);
            }
            if (a.getDataType() == DataType.FLOAT32) {
                float[] f = new float[v.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) v[i];
                }
                a.set(FloatBuffer.wrap(f));
            } else {
                a.set(DoubleBuffer.wrap(v));
            }
        }
    }
}
