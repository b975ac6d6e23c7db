package io.github.torchact.parity.onnx.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;

import io.github.torchact.nn.ActivationBlock;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.export.ExportOptions;
import io.github.torchact.onnx.export.OnnxExporter;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every catalog activation, each parameter set of the catalog, at opsets 13, 14, 17, 18, 20 and 21, float32 and
 * float64: the exported model runs in ONNX Runtime 1.28 equal to the block's forward on DJL's PyTorch engine (libtorch)
 * within 1e-5 + 1e-5·|ref|, on inputs that include the activations' kinks, ±0, -120 and 25; and (float32) it imports
 * back through the importer's validation to a block giving the same values. Learnable slopes/biases are random, one
 * per channel of a (4, 3, 6) input (and one shared).
 */
class ExportActivationTest {

    /** The ops ONNX Runtime 1.28's CPU provider has no float64 kernel for (the float64 export is valid, ORT cannot run it). */
    static final Set<String> ORT_NO_FLOAT64 = Set.of("Elu", "Erf", "HardSigmoid", "LeakyRelu", "PRelu", "Selu", "Softplus");

    private static final Shape SHAPE = new Shape(4, 3, 6);
    private static NDManager manager;
    private static final Set<String> float64Missing = new TreeSet<>();
    private static int ortRuns;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        System.out.println("ExportActivationTest: " + ortRuns + " ONNX Runtime comparisons; float64 kernels ORT lacks: " + float64Missing);
        manager.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ActivationSpec spec : Catalog.all()) {
            for (Params p : spec.paramSets()) {
                int[] counts = spec.weight() == null ? new int[] {0} : new int[] {1, 3};
                for (int n : counts) {
                    for (int opset : new int[] {13, 14, 17, 18, 20, 21}) {
                        out.add(Arguments.of(p, n, opset));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} n={1} opset {2}")
    @MethodSource("cases")
    void exportedActivationEqualsLibtorch(Params p, int numParameters, int opset) throws Exception {
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = manager.newSubManager()) {
                ActivationBlock block = ActivationBlock.of(p, numParameters);
                block.initialize(m, type, SHAPE);
                if (block.learnable() != null) {
                    NDArray w = block.learnable().getArray();
                    NDArray r = m.randomNormal(0, 0.5f, w.getShape(), DataType.FLOAT64, m.getDevice());
                    if (type == DataType.FLOAT32) {
                        w.set(FloatBuffer.wrap(r.toType(DataType.FLOAT32, false).toFloatArray()));
                    } else {
                        w.set(DoubleBuffer.wrap(r.toDoubleArray()));
                    }
                }
                NDArray x = ExportTestSupport.input(m, SHAPE, type);
                double[] want = ExportTestSupport.djl(block, m, x);
                OnnxMl.ModelProto model = OnnxExporter.toModel(block, ExportOptions.defaults().optOpset(opset).optInputType(type), SHAPE);
                String what = block + " " + type + " opset " + opset + ": ";
                double[] got;
                try {
                    got = ExportTestSupport.ort(model, x);
                } catch (OrtException e) {
                    String op = missingKernel(e);
                    assertTrue(type == DataType.FLOAT64 && op != null && ORT_NO_FLOAT64.contains(op), what + e.getMessage());
                    float64Missing.add(op);
                    continue;
                }
                ortRuns++;
                double ratio = ExportTestSupport.worstRatio(got, want);
                assertTrue(ratio <= 1, what + "ONNX Runtime differs from the DJL forward by " + ratio + " of the bound");
                if (type == DataType.FLOAT32) {
                    OnnxGraphBlock back = ExportTestSupport.reimport(model, m, what);
                    double backRatio = ExportTestSupport.worstRatio(ExportTestSupport.djl(back, m, x), want);
                    assertTrue(backRatio <= 1, what + "the re-imported model differs by " + backRatio + " of the bound");
                }
            }
        }
    }

    private static final Pattern MISSING = Pattern.compile("Could not find an implementation for (\\w+)\\(");

    static String missingKernel(OrtException e) {
        Matcher m = MISSING.matcher(String.valueOf(e.getMessage()));
        return m.find() ? m.group(1) : null;
    }
}
