package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;

import com.google.protobuf.ByteString;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

import io.github.torchact.onnx.ConverterRegistry;
import io.github.torchact.onnx.GraphValidator;
import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImportException;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.OnnxModel;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Bad models raise an {@link OnnxImportException} naming the node, op, attribute or file; the JVM goes on. Covers the
 * validation pass ({@link GraphValidator}), the limits of {@link ImportOptions} and the regressions of issue 12 (hostile
 * input); each case below was an escaping exception, a crash or a silent mis-import before.
 */
class OnnxBadInputTest {

    private static NDManager manager;

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static OnnxMl.ValueInfoProto value(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    private static OnnxMl.TensorProto floats(String name, long[] dims) {
        int n = (int) Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(0.01f * i);
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(1).setRawData(ByteString.copyFrom(b.array()));
        Arrays.stream(dims).forEach(t::addDims);
        return t.build();
    }

    /** x[3,8] -> node -> y, opset {@code opset}. */
    private Path model(int opset, OnnxMl.NodeProto node, OnnxMl.TensorProto... inits) throws Exception {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("g").addNode(node)
                .addInput(value("x", 3, 8)).addOutput(value("y"));
        for (OnnxMl.TensorProto t : inits) {
            g.addInitializer(t);
        }
        OnnxMl.ModelProto m = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
        Path dir = Files.createDirectories(tmp.resolve("m" + System.nanoTime()));
        Path file = dir.resolve("model.onnx");
        Files.write(file, m.toByteArray());
        return file;
    }

    private static OnnxMl.NodeProto.Builder node(String name, String op, String... inputs) {
        return OnnxMl.NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(Arrays.asList(inputs)).addOutput("y");
    }

    private OnnxImportException fails(Path file) {
        try (NDManager m = manager.newSubManager()) {
            OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(file, m));
            System.out.println("BAD " + e.getMessage());
            return e;
        }
    }

    private static void mentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void truncatedFileNamesTheFile() throws Exception {
        byte[] full = Files.readAllBytes(OnnxTestSupport.corpus().resolve("cnn_op13/model.onnx"));
        Path file = tmp.resolve("truncated.onnx");
        Files.write(file, Arrays.copyOf(full, full.length / 2));
        mentions(fails(file), "truncated.onnx", "not a valid ONNX model");
    }

    @Test
    void unknownOpNamesNodeAndOp() throws Exception {
        mentions(fails(model(17, node("mystery", "FrobnicateRelu", "x").build())), "mystery", "FrobnicateRelu", "unsupported operator");
    }

    @Test
    void everyUnsupportedNodeIsListedInOneException() throws Exception {
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("g")
                .addNode(node("first", "FrobnicateRelu", "x").setOutput(0, "h").build())
                .addNode(node("middle", "Relu", "h").setOutput(0, "r").build())
                .addNode(node("last", "QuantumSoftmax", "r").build())
                .addInput(value("x", 3, 8)).addOutput(value("y")).build();
        OnnxMl.ModelProto m = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        Path file = tmp.resolve("two-unsupported.onnx");
        Files.write(file, m.toByteArray());
        mentions(fails(file), "2 problems", "'first'", "FrobnicateRelu", "'last'", "QuantumSoftmax");
    }

    @Test
    void opNewerThanModelOpsetIsRefused() throws Exception {
        mentions(fails(model(13, node("hs", "HardSwish", "x").build())), "hs", "HardSwish", "opset 13");
    }

    @Test
    void unsupportedAttributeValueNamesNodeOpAndAttribute() throws Exception {
        OnnxMl.NodeProto gelu = node("g1", "Gelu", "x").addAttribute(OnnxMl.AttributeProto.newBuilder().setName("approximate")
                .setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8("fast"))).build();
        mentions(fails(model(20, gelu)), "g1", "Gelu", "approximate", "fast");
        OnnxMl.NodeProto elu = node("e1", "Elu", "x").addAttribute(OnnxMl.AttributeProto.newBuilder().setName("beta")
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(2f)).build();
        mentions(fails(model(17, elu)), "e1", "Elu", "beta");
    }

    @Test
    void mismatchedInitializerShapeNamesNode() throws Exception {
        OnnxMl.NodeProto gemm = node("fc1", "Gemm", "x", "w", "b").addAttribute(OnnxMl.AttributeProto.newBuilder()
                .setName("transB").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)).build();
        mentions(fails(model(17, gemm, floats("w", new long[] {4, 7}), floats("b", new long[] {4}))), "fc1", "Gemm");
    }

    @Test
    void rawDataOfWrongSizeNamesInitializer() throws Exception {
        OnnxMl.TensorProto bad = floats("w", new long[] {4, 8}).toBuilder().clearDims().addDims(5).addDims(8).build();
        mentions(fails(model(17, node("fc1", "MatMul", "x", "w").build(), bad)), "'w'", "raw_data");
    }

    private OnnxMl.TensorProto external(String location) {
        return OnnxMl.TensorProto.newBuilder().setName("w").setDataType(1).addDims(8).addDims(4)
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue(location)).build();
    }

    @Test
    void externalDataOutsideTheModelDirectoryIsRefused() throws Exception {
        Path secret = tmp.resolve("secret.bin");
        Files.write(secret, new byte[128]);
        OnnxMl.NodeProto mm = node("mm", "MatMul", "x", "w").build();
        mentions(fails(model(17, mm, external("../secret.bin"))), "../secret.bin", "escapes");
        mentions(fails(model(17, mm, external(secret.toString()))), "secret.bin", "absolute");
        Path file = model(17, mm, external("link.bin"));
        Files.createSymbolicLink(file.getParent().resolve("link.bin"), secret);
        mentions(fails(file), "link.bin", "outside the model directory");
        mentions(fails(model(17, mm, external("missing.bin"))), "missing.bin", "not found");
        // the same file inside the directory is read
        Path ok = model(17, mm, external("w.bin"));
        Files.write(ok.getParent().resolve("w.bin"), new byte[128]);
        try (NDManager m = manager.newSubManager()) {
            assertTrue(OnnxImporter.importModel(ok, m).parameter("w") != null);
        }
    }

    // ---- hostile input (issue 12) ---------------------------------------------------------------------------------

    private static OnnxMl.AttributeProto ints(String name, long... v) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    private static OnnxMl.AttributeProto intAttr(String name, long v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(v).build();
    }

    private Path write(OnnxMl.GraphProto.Builder g, int opset) throws Exception {
        OnnxMl.ModelProto m = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
        Path dir = Files.createDirectories(tmp.resolve("g" + System.nanoTime()));
        Path file = dir.resolve("model.onnx");
        Files.write(file, m.toByteArray());
        return file;
    }

    /** x[3,8] -> nodes -> y. */
    private Path graph(int opset, OnnxMl.NodeProto... nodes) throws Exception {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("g").addInput(value("x", 3, 8)).addOutput(value("y"));
        Arrays.stream(nodes).forEach(g::addNode);
        return write(g, opset);
    }

    private OnnxImportException fails(Path file, ImportOptions options) {
        try (NDManager m = manager.newSubManager()) {
            OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(file, m, options));
            System.out.println("BAD " + e.getMessage());
            return e;
        }
    }

    @Test
    void unsupportedOpsetsAreRefused() throws Exception {
        mentions(fails(model(999, node("r", "Relu", "x").build())), "opset 999", "ai.onnx", "1 to " + GraphValidator.MAX_OPSET);
        mentions(fails(model(0, node("r", "Relu", "x").build())), "opset 0");
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().addNode(node("r", "Relu", "x")).addInput(value("x", 3, 8))
                .addOutput(value("y"));
        OnnxMl.ModelProto twice = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("ai.onnx").setVersion(17)).build();
        Path file = tmp.resolve("twice.onnx");
        Files.write(file, twice.toByteArray());
        mentions(fails(file), "twice.onnx", "ai.onnx", "more than once");
        Files.write(file, twice.toBuilder().clearOpsetImport().addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setIrVersion(99).build().toByteArray());
        mentions(fails(file), "ir_version 99");
    }

    @Test
    void duplicateNamesAreRefused() throws Exception {
        // two initializers of one name: which one would win is not ours to pick
        mentions(fails(model(17, node("mm", "MatMul", "x", "w").build(), floats("w", new long[] {8, 4}), floats("w", new long[] {8, 4}))),
                "initializer 'w'", "more than once");
        OnnxMl.NodeProto twoAlphas = node("lr", "LeakyRelu", "x").addAttribute(OnnxMl.AttributeProto.newBuilder().setName("alpha")
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(0.1f))
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("alpha").setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(0.2f))
                .build();
        mentions(fails(model(17, twoAlphas)), "'lr'", "LeakyRelu", "attribute 'alpha'", "more than once");
        // SSA: two nodes writing one value, a node output shadowing a graph input or an initializer
        mentions(fails(graph(17, node("a", "Relu", "x").build(), node("b", "Sigmoid", "x").build())), "node 'b' (Sigmoid)",
                "output 'y' is already written by node 'a' (Relu)");
        mentions(fails(graph(17, node("r", "Relu", "x").setOutput(0, "x").build(), node("s", "Relu", "x").build())), "node 'r' (Relu)",
                "output 'x'", "graph input 'x'");
        mentions(fails(model(17, node("s", "Sigmoid", "x").setOutput(0, "w").build(), floats("w", new long[] {2}))), "output 'w'",
                "initializer 'w'");
        mentions(fails(graph(17, node("r", "Relu", "x").setOutput(0, "h").addOutput("h").build())), "output 'h' is already written");
    }

    @Test
    void nodeShapesOutsideTheOpSchemaAreRefused() throws Exception {
        // surplus inputs, surplus outputs (forward would have returned a null output), no output at all, empty names
        mentions(fails(graph(17, node("r", "Relu", "x", "x").build())), "node 'r' (Relu)", "2 inputs", "1 inputs, 1 outputs");
        mentions(fails(graph(17, node("r", "Relu", "x").addOutput("extra").build())), "node 'r' (Relu)", "2 outputs");
        mentions(fails(graph(17, node("r", "Relu", "x").build(), node("empty", "Relu", "y").clearOutput().build())), "node 'empty'",
                "no output");
        mentions(fails(graph(17, node("r", "Relu", "x").setOutput(0, "").build())), "no output");
        mentions(fails(graph(17, node("add", "Add", "x", "").build())), "node 'add' (Add)", "required input 1 is empty");
        mentions(fails(graph(17, node("r", "Relu", "x").setOutput(0, "h").build())), "graph output 'y' is produced by no node");
        mentions(fails(graph(17, node("r", "Relu", "x").setDomain("io.github.torchact").build())), "reserved");
        // nodes merely out of order are sorted (as ONNX Runtime does); a cycle is refused
        try (NDManager m = manager.newSubManager()) {
            assertNotNull(OnnxImporter.importModel(graph(17, node("b", "Relu", "h").build(), node("a", "Relu", "x").setOutput(0, "h").build()), m));
        }
        mentions(fails(graph(17, node("a", "Relu", "g").setOutput(0, "h").build(), node("b", "Relu", "h").setOutput(0, "g").build(),
                node("c", "Relu", "x").build())), "node 'a' (Relu)", "input 'g'");
    }

    @Test
    void attributeValuesOfTheWrongTypeOrRangeAreRefused() throws Exception {
        // a perm of 2^32 + 1 used to wrap through an int cast to 1
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().addInput(value("x", 2, 3, 4)).addOutput(value("y"))
                .addNode(node("t", "Transpose", "x").addAttribute(ints("perm", (1L << 32) + 1, 0, 2)));
        mentions(fails(write(g, 13)), "node 't' (Transpose)", "perm", "not a permutation of 0..2");
        g.setNode(0, node("t", "Transpose", "x").addAttribute(ints("perm", 0, 0, 1)));
        mentions(fails(write(g, 13)), "perm", "[0, 0, 1]");
        mentions(fails(graph(13, node("f", "Flatten", "x").addAttribute(intAttr("axis", (1L << 32) + 1)).build())), "node 'f' (Flatten)",
                "'axis'", "int range");
        mentions(fails(graph(13, node("c", "Cast", "x").addAttribute(intAttr("to", (1L << 32) + 1)).build())), "'to'");
        mentions(fails(graph(11, node("s", "Squeeze", "x").addAttribute(ints("axes", 1, 1)).build())), "node 's' (Squeeze)",
                "repeats axis 1");
        // declared type and held value disagree, no type at all
        OnnxMl.NodeProto typeless = node("lr", "LeakyRelu", "x").addAttribute(OnnxMl.AttributeProto.newBuilder().setName("alpha").setF(0.1f))
                .build();
        mentions(fails(model(17, typeless)), "'lr'", "attribute 'alpha' has no type");
        OnnxMl.NodeProto mixed = node("lr", "LeakyRelu", "x").addAttribute(OnnxMl.AttributeProto.newBuilder().setName("alpha")
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setI(3)).build();
        mentions(fails(model(17, mixed)), "attribute 'alpha' is of type FLOAT but holds a INT value");
    }

    @Test
    void tensorSizesAreCheckedWithoutOverflow() throws Exception {
        // dims [2^32, 2^32]: the element count overflows a long (was ArithmeticException)
        OnnxMl.TensorProto huge = OnnxMl.TensorProto.newBuilder().setName("big").setDataType(1).addDims(1L << 32).addDims(1L << 32).build();
        mentions(fails(model(17, node("mm", "MatMul", "x", "big").build(), huge)), "'big'", "more than 2^63 elements");
        OnnxMl.TensorProto over = huge.toBuilder().setDims(0, 1L << 20).setDims(1, 1L << 20).build();
        mentions(fails(model(17, node("mm", "MatMul", "x", "big").build(), over)), "'big'", "optMaxTensorElements");
        OnnxMl.TensorProto negative = floats("neg", new long[] {2}).toBuilder().clearDims().addDims(-17).addDims(8).build();
        mentions(fails(model(17, node("mm", "MatMul", "x", "neg").build(), negative)), "'neg'", "dimension 0 is -17");
        OnnxMl.TensorProto both = floats("w", new long[] {8, 4}).toBuilder().addFloatData(1f).build();
        mentions(fails(model(17, node("mm", "MatMul", "x", "w").build(), both)), "'w'", "exactly one");
        OnnxMl.TensorProto bf16 = floats("w", new long[] {8, 4}).toBuilder().setDataType(16).build();
        mentions(fails(model(17, node("mm", "MatMul", "x", "w").build(), bf16)), "'w'", "BFLOAT16", "not supported");
        OnnxMl.ValueInfoProto negIn = value("x", -3, 8);
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().addInput(negIn).addOutput(value("y")).addNode(node("r", "Relu", "x"));
        mentions(fails(write(g, 13)), "graph input 'x'", "dimension 0 is -3");
    }

    @Test
    void limitsAreOptionsWithClearErrors() throws Exception {
        Path mm = model(17, node("mm", "MatMul", "x", "w").build(), floats("w", new long[] {8, 4}));
        mentions(fails(mm, ImportOptions.defaults().optMaxInitializerBytes(100)), "128 bytes", "optMaxInitializerBytes");
        mentions(fails(mm, ImportOptions.defaults().optMaxTensorElements(31)), "'w'", "32 elements", "optMaxTensorElements");
        mentions(fails(mm, ImportOptions.defaults().optMaxTrialInputElements(23)), "graph input 'x'",
                "optMaxTrialInputElements");
        Path two = graph(17, node("a", "Relu", "x").setOutput(0, "h").build(), node("b", "Relu", "h").build());
        mentions(fails(two, ImportOptions.defaults().optMaxNodes(1)), "2 nodes", "optMaxNodes");
        try (NDManager m = manager.newSubManager()) {
            assertNotNull(OnnxImporter.importModel(mm, m, ImportOptions.defaults().optMaxInitializerBytes(128).optMaxTensorElements(32)
                    .optMaxTrialInputElements(24)));
        }
        assertThrows(IllegalArgumentException.class, () -> ImportOptions.defaults().optMaxTensorElements(0));
    }

    @Test
    void aHugeDeclaredInputIsNotTrialRun() throws Exception {
        // batch 46341: the trial run used to allocate 2.2 GB and take 9.6 s
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().addInput(value("x", 46341, 46341)).addOutput(value("y"))
                .addNode(node("r", "Relu", "x"));
        Path file = write(g, 13);
        long t0 = System.nanoTime();
        mentions(fails(file), "graph input 'x'", "[46341, 46341]", "optMaxTrialInputElements", "optTrialRun(false)");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "the refusal took too long");
        try (NDManager m = manager.newSubManager()) {
            assertNotNull(OnnxImporter.importModel(file, m, ImportOptions.defaults().optTrialRun(false)));
        }
    }

    private static OnnxMl.TensorProto convWeight(String name, long... dims) {
        return floats(name, dims);
    }

    @Test
    void convolutionsOfUnsupportedRankNeverReachLibtorch() throws Exception {
        // rank 6 made libtorch SIGSEGV inside importModel: refused before any libtorch call, with or without kernel_shape
        for (boolean attrs : new boolean[] {true, false}) {
            OnnxMl.NodeProto.Builder conv = node("c6", "Conv", "x", "w");
            if (attrs) {
                conv.addAttribute(ints("kernel_shape", 1, 1, 1, 1));
            }
            OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().addInput(value("x", 1, 3, 4, 4, 4, 4)).addOutput(value("y"))
                    .addNode(conv).addInitializer(convWeight("w", 2, 3, 1, 1, 1, 1));
            mentions(fails(write(g, 13)), "node 'c6' (Conv)", "spatial axes");
        }
        OnnxMl.GraphProto.Builder g2 = OnnxMl.GraphProto.newBuilder().addInput(value("x", 1, 3)).addOutput(value("y"))
                .addNode(node("c1", "Conv", "x", "w")).addInitializer(convWeight("w", 2, 3));
        mentions(fails(write(g2, 13)), "node 'c1' (Conv)", "rank 2");
        // a weight of rank unknown at import (reshaped by a run-time shape) is checked in the forward
        OnnxMl.ValueInfoProto shapeIn = OnnxMl.ValueInfoProto.newBuilder().setName("s").setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(7).setShape(OnnxMl.TensorShapeProto.newBuilder()
                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(6))))).build();
        OnnxMl.GraphProto.Builder g3 = OnnxMl.GraphProto.newBuilder().addInput(value("x", 1, 3, 4, 4)).addInput(shapeIn)
                .addOutput(value("y")).addInitializer(convWeight("w0", 6))
                .addNode(node("r", "Reshape", "w0", "s").setOutput(0, "w"))
                .addNode(node("cw", "Conv", "x", "w").addAttribute(ints("strides", 1, 1)));
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock block = OnnxImporter.importModel(write(g3, 13), m, ImportOptions.defaults().optTrialRun(false));
            NDList in = new NDList(m.ones(new ai.djl.ndarray.types.Shape(1, 3, 4, 4)), m.create(new long[] {2, 3, 1, 1, 1, 1}));
            Exception e = assertThrows(RuntimeException.class, () -> block.forward(new ParameterStore(m, false), in, false));
            mentions(e, "node 'cw' (Conv)", "3 to 5 axes");
        }
        // a Conv with no kernel_shape is valid ONNX (the weight's shape is the kernel)
        OnnxMl.GraphProto.Builder ok = OnnxMl.GraphProto.newBuilder().addInput(value("x", 1, 3, 5, 5)).addOutput(value("y"))
                .addNode(node("c", "Conv", "x", "w")).addInitializer(convWeight("w", 2, 3, 3, 3));
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock block = OnnxImporter.importModel(write(ok, 13), m);
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(m.ones(new ai.djl.ndarray.types.Shape(1, 3, 5, 5))), false).head();
            assertEquals(new ai.djl.ndarray.types.Shape(1, 2, 3, 3), y.getShape());
        }
    }

    @Test
    void tensorsFixedByConstantsAreBounded() throws Exception {
        OnnxMl.TensorProto shape = OnnxMl.TensorProto.newBuilder().setName("shape").setDataType(7).addDims(2)
                .addInt64Data(100000).addInt64Data(100000).build();
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().addInput(value("x", 3, 8)).addOutput(value("y"))
                .addNode(node("cos", "ConstantOfShape", "shape")).addInitializer(shape);
        mentions(fails(write(g, 13)), "node 'cos' (ConstantOfShape)", "[100000, 100000]", "optMaxTensorElements");
        g.setNode(0, node("e", "Expand", "x", "shape"));
        mentions(fails(write(g, 13)), "node 'e' (Expand)", "optMaxTensorElements");
    }

    @Test
    void externalDataDeclarationsAreCheckedBeforeReading() throws Exception {
        OnnxMl.NodeProto mm = node("mm", "MatMul", "x", "w").build();
        OnnxMl.TensorProto.Builder t = external("w.bin").toBuilder();
        Path neg = model(17, mm, t.clone().addExternalData(entry("length", "-1")).build());
        Files.write(neg.getParent().resolve("w.bin"), new byte[128]);
        mentions(fails(neg), "'w'", "length is negative");
        Path off = model(17, mm, t.clone().addExternalData(entry("offset", "-5")).build());
        mentions(fails(off), "'w'", "offset is negative");
        Path overflow = model(17, mm, t.clone().addExternalData(entry("offset", String.valueOf(Long.MAX_VALUE - 10)))
                .addExternalData(entry("length", "128")).build());
        mentions(fails(overflow), "'w'", "overflows");
        Path nul = model(17, mm, external("w\0.bin"));
        mentions(fails(nul), "'w'", "NUL");
        Path twice = model(17, mm, t.clone().addExternalData(entry("location", "w.bin")).build());
        mentions(fails(twice), "'w'", "'location' is given more than once");
        Path stream = model(17, mm, external("w.bin"));
        OnnxImportException e = assertThrows(OnnxImportException.class,
                () -> OnnxModel.read(new ByteArrayInputStream(Files.readAllBytes(stream)), "stream.onnx"));
        mentions(e, "'w'", "stream");
    }

    private static OnnxMl.StringStringEntryProto entry(String k, String v) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    /**
     * A 1 GiB external tensor in a JVM of -Xmx1g: our exception, not an OutOfMemoryError (a child JVM; the file is
     * sparse, nothing is written to disk); a 2 GiB one exceeds the default limit (was ArithmeticException).
     */
    @Test
    void largeExternalTensorsNeverExhaustTheHeap() throws Exception {
        for (long gib : new long[] {1, 2}) {
            long elements = (gib << 30) / 4;
            OnnxMl.TensorProto t = OnnxMl.TensorProto.newBuilder().setName("w").setDataType(1).addDims(elements)
                    .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL).addExternalData(entry("location", "big.bin")).build();
            Path file = model(17, node("mm", "MatMul", "x", "w").build(), t);
            try (RandomAccessFile f = new RandomAccessFile(file.getParent().resolve("big.bin").toFile(), "rw")) {
                f.setLength(gib << 30);
            }
            Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
                    System.getProperty("java.class.path"), ReadInSmallHeap.class.getName(), file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            System.out.println("CHILD " + gib + " GiB: " + out.strip());
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("OnnxImportException") && out.contains("'w'"), out);
        }
    }

    /** Reads the model given as argument; prints the exception's class and message. */
    public static final class ReadInSmallHeap {
        public static void main(String[] args) {
            try {
                OnnxModel.read(Paths.get(args[0]));
                System.out.println("READ");
            } catch (Throwable t) {
                System.out.println(t.getClass().getSimpleName() + ": " + t.getMessage());
            }
        }
    }

    @Test
    void aConverterFailingOnMalformedInputIsOurExceptionNamingTheNode() throws Exception {
        ConverterRegistry r = ConverterRegistry.standard().register("", "Relu", 1, (n, c) -> {
            throw new IndexOutOfBoundsException("Index 3 out of bounds for length 1");
        });
        OnnxImportException e = fails(graph(17, node("bad", "Relu", "x").build()), ImportOptions.defaults().optRegistry(r));
        mentions(e, "node 'bad' (Relu)", "IndexOutOfBoundsException");
        assertTrue(e.getCause() instanceof IndexOutOfBoundsException, "the original exception is kept as the cause");
    }

    @Test
    void theRegistryIsCoveredByTheValidatorsOpTable() {
        Set<String> missing = new TreeSet<>();
        for (String key : ConverterRegistry.standard().keys()) {
            String op = key.substring(0, key.indexOf('@'));
            if (op.startsWith(":") && !GraphValidator.coveredOps().contains(op.substring(1))) {
                missing.add(op);
            }
        }
        assertTrue(missing.isEmpty(), "ops without an input/output count in GraphValidator: " + missing);
    }

    /** The fused hardshrink/softshrink give 0 on NaN, as the exported Where chains and ONNX Runtime do. */
    @Test
    void fusedShrinksEqualTheGraphOnNaN() throws Exception {
        for (String model : new String[] {"mlp_hardshrink_op13", "mlp_softshrink_op17"}) {
            Path file = OnnxTestSupport.corpus().resolve(model).resolve("model.onnx");
            TensorValue x = OnnxTestSupport.pb(OnnxTestSupport.corpus().resolve(model).resolve("input_0.pb"));
            float[] in = OnnxTestSupport.floats(x);
            in[0] = Float.NaN;
            in[in.length - 1] = Float.NaN;
            ByteBuffer b = ByteBuffer.allocate(4 * in.length).order(ByteOrder.nativeOrder());
            for (float f : in) {
                b.putFloat(f);
            }
            b.flip();
            TensorValue nan = new TensorValue("x", ai.djl.ndarray.types.DataType.FLOAT32, x.shape(), b);
            OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
            float[] ref = OnnxTestSupport.ort(file, List.of(proto.getGraph().getInput(0).getName()), List.of(nan));
            try (NDManager m = manager.newSubManager()) {
                for (boolean fuse : new boolean[] {true, false}) {
                    OnnxGraphBlock block = OnnxImporter.importModel(file, m, ImportOptions.defaults().optFusion(fuse));
                    float[] y = OnnxTestSupport.run(block, m, List.of(nan));
                    assertTrue(OnnxTestSupport.worstRatio(y, ref) <= 1, model + " fused=" + fuse + ": " + Arrays.toString(y)
                            + " vs ORT " + Arrays.toString(ref));
                }
            }
        }
    }
}
