package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.OnnxModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compiled forwards specialised to input shapes ({@code ImportOptions.optShapeSpecializations}): on every dynamic zoo
 * export the specialised module (made on the second call at a shape) gives outputs bitwise equal to the node-by-node
 * evaluation on every call; a graph whose shapes come from data is never specialised (a specialised Reshape would
 * return the first call's shape); the limit holds.
 */
class OnnxShapeSpecializationTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Stream<String> dynamicZooModels() throws IOException {
        return OnnxCompiledForwardTest.zooModels().filter(m -> m.endsWith("_dyn"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dynamicZooModels")
    void specialisedForwardEqualsNodeByNode(String model) throws IOException {
        Path dir = OnnxZooTest.zoo().resolve(model);
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock compiled = OnnxImporter.importModel(dir.resolve("model.onnx"), m);
            OnnxGraphBlock plain = OnnxImporter.importModel(dir.resolve("model.onnx"), m, ImportOptions.defaults().optCompile(false));
            boolean on = compiled.report().toString().contains("shape specialisation: up to");
            boolean text = model.startsWith("bert") || model.startsWith("gpt2") || model.startsWith("llama");
            assertTrue(on || !text, model + ": a transformer export with dynamic axes computes shapes, so it should specialise:\n"
                    + compiled.report());
            List<Path> sets = OnnxCompiledForwardTest.dataSets(dir);
            for (Path set : sets) {
                NDList expected = OnnxCompiledForwardTest.run(plain, m, set, false);
                for (int call = 1; call <= 3; call++) {
                    NDList got = OnnxCompiledForwardTest.run(compiled, m, set, false);
                    for (int i = 0; i < got.size(); i++) {
                        String why = OnnxCompiledForwardTest.bitwise(got.get(i), expected.get(i));
                        assertNull(why, model + " " + set.getFileName() + " call " + call + " output " + i + ": " + why);
                    }
                }
            }
            // the import's trial run is the first sighting of its own shape, so every data set's shape specialises
            assertEquals(on ? sets.size() : 0, compiled.specializedShapes(), model + ": specialised shapes");
            System.out.printf("SPECIALISED %-28s %s%n", model, on ? compiled.specializedShapes() + " shapes, bitwise on 3 calls each"
                    : "off: " + compiled.report().toString().lines().filter(l -> l.contains("shape specialisation")).findFirst().orElse(""));
        }
    }

    @Test
    void shapesComputedInTheGraphSpecialiseUpToTheLimit() {
        // y = Reshape(Relu(x) + ConstantOfShape(Shape(x), 1.5), Concat(Unsqueeze(Gather(Shape(x), 0)), [3, 2])):
        // x [n, 6] -> [n, 3, 2]; the specialised module reads the ones as a constant
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("g")
                .addInput(value("x", 1, -1, 6)).addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y"))
                .addInitializer(longs("zero", new long[] {}, 0)).addInitializer(longs("axes", new long[] {1}, 0))
                .addInitializer(longs("tail", new long[] {2}, 3, 2))
                .addNode(node("Shape", "x", "s")).addNode(node("Gather", "s,zero", "n"))
                .addNode(node("Unsqueeze", "n,axes", "n1")).addNode(concat("n1,tail", "shape"))
                .addNode(node("ConstantOfShape", "s", "c").toBuilder().addAttribute(OnnxMl.AttributeProto.newBuilder()
                        .setName("value").setType(OnnxMl.AttributeProto.AttributeType.TENSOR).setT(OnnxMl.TensorProto.newBuilder()
                                .setDataType(1).addDims(1).addFloatData(1.5f))).build())
                .addNode(node("Relu", "x", "r0")).addNode(node("Add", "r0,c", "r")).addNode(node("Reshape", "r,shape", "y"));
        for (int limit : new int[] {0, 1, 8}) {
            try (NDManager m = manager.newSubManager()) {
                OnnxGraphBlock block = importGraph(g, m, ImportOptions.defaults().optShapeSpecializations(limit));
                assertEquals(limit > 0, block.report().toString().contains("shape specialisation: up to"), block.report().toString());
                for (int n : new int[] {2, 2, 2, 5, 5, 5, 2}) {
                    // each call in its own scope, as a server runs them: what the block caches must outlive it
                    try (NDScope scope = new NDScope()) {
                        NDArray x = m.arange(6f * n).sub(7f).reshape(n, 6);
                        NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).head();
                        assertEquals(new Shape(n, 3, 2), y.getShape(), "limit " + limit);
                        assertArrayEquals(x.maximum(0f).add(1.5f).toFloatArray(), y.toFloatArray());
                    }
                }
                assertEquals(Math.min(limit, 2), block.specializedShapes(), "limit " + limit);
            }
        }
    }

    @Test
    void specialisationsShareThePrepackedWeights() {
        // y = Reshape(MatMul(x, W), Concat(Unsqueeze(Gather(Shape(x), 0)), [8, 64])): x [n, 256] -> [n, 8, 64], with n·256·512
        // multiply-adds above the packing threshold; W packed once for the generic module and both specialisations
        float[] w = new float[256 * 512];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.05 * Math.sin(0.7 * i + 0.5));
        }
        ByteBuffer wb = ByteBuffer.allocate(4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : w) {
            wb.putFloat(v);
        }
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("g")
                .addInput(value("x", 1, -1, 256)).addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y"))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("W").setDataType(1).addDims(256).addDims(512)
                        .setRawData(ByteString.copyFrom(wb.array())))
                .addInitializer(longs("zero", new long[] {}, 0)).addInitializer(longs("axes", new long[] {1}, 0))
                .addInitializer(longs("tail", new long[] {2}, 8, 64))
                .addNode(node("Shape", "x", "s")).addNode(node("Gather", "s,zero", "n"))
                .addNode(node("Unsqueeze", "n,axes", "n1")).addNode(concat("n1,tail", "shape"))
                .addNode(node("MatMul", "x,W", "m")).addNode(node("Reshape", "m,shape", "y"));
        try (NDManager m = manager.newSubManager()) {
            ImportOptions rewrites = ImportOptions.defaults().optInferenceRewrites(true);
            OnnxGraphBlock packed = importGraph(g, m, rewrites);
            OnnxGraphBlock unpacked = importGraph(g, m, ImportOptions.defaults().optInferenceRewrites(true).optPrepackWeights(false));
            for (int n : new int[] {64, 64, 64, 96, 96, 96}) {
                try (NDScope scope = new NDScope()) {
                    NDArray x = m.arange(256f * n).mul(0.013f).sin().reshape(n, 256);
                    float[] y = packed.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
                    float[] ref = unpacked.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
                    assertTrue(OnnxTestSupport.worstRatio(y, ref) <= 1, "n = " + n + ": " + OnnxTestSupport.maxAbs(y, ref));
                }
            }
            assertEquals(2, packed.specializedShapes());
            assertTrue(packed.compiledSource().contains("_linear_pointwise"), packed.compiledSource());
            assertEquals(1, packed.prepackedWeightSets());
            assertEquals(0, unpacked.prepackedWeightSets());
        }
    }

    @Test
    void shapesReadFromDataAreNeverSpecialised() {
        // y = Reshape(x, shape): the same input shapes give different output shapes
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("g")
                .addInput(value("x", 1, 2, 6)).addInput(value("shape", 7, 2)).addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y"))
                .addNode(node("Relu", "x", "r")).addNode(node("Reshape", "r,shape", "y"));
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock block = importGraph(g, m, ImportOptions.defaults());
            assertTrue(block.isCompiled());
            assertTrue(block.report().toString().contains("shape specialisation: off") && block.report().toString().contains("sets a shape from data"),
                    block.report().toString());
            NDArray x = m.arange(12f).reshape(2, 6);
            for (long[] shape : new long[][] {{3, 4}, {3, 4}, {4, 3}, {4, 3}, {12, 1}, {2, 6}}) {
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(x, m.create(shape)), false).head();
                assertEquals(new Shape(shape), y.getShape());
            }
            assertEquals(0, block.specializedShapes());
        }
    }

    // ---- graph building --------------------------------------------------------------------------------------------

    private static OnnxGraphBlock importGraph(OnnxMl.GraphProto.Builder g, NDManager m, ImportOptions options) {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        OnnxModel read = OnnxModel.read(new ByteArrayInputStream(model.toByteArray()), "graph.onnx", options);
        return OnnxImporter.importModel(read, m, options);
    }

    private static OnnxMl.ValueInfoProto value(String name, int type, long... dims) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("n")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type).setShape(s))).build();
    }

    private static OnnxMl.TensorProto longs(String name, long[] dims, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(7)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static OnnxMl.NodeProto node(String op, String inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setName(output).setOpType(op).addAllInput(List.of(inputs.split(",")))
                .addOutput(output).build();
    }

    private static OnnxMl.NodeProto concat(String inputs, String output) {
        return node("Concat", inputs, output).toBuilder().addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0)).build();
    }
}
