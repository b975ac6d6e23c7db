package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;

import com.google.protobuf.ByteString;

import io.github.torchact.onnx.OnnxImportException;
import io.github.torchact.onnx.OnnxImporter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Bad models raise an {@link OnnxImportException} naming the node, op, attribute or file; the JVM goes on. */
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
}
