package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;

import com.google.protobuf.ByteString;

import io.github.torchact.onnx.ConverterRegistry;
import io.github.torchact.onnx.GraphValidator;
import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImportException;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TypeConstraints;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * Hostile input, part 2 (issue 12): the ONNX type check ({@code TypeChecker}: element types per op schema, value_info
 * agreeing with what nodes compute) and the bound on the tensors the import computes ({@code OutputSizeGuard}: crafted
 * graphs whose intermediate tensors the declared shapes make huge at run time, refused before libtorch allocates them,
 * also in a child JVM of -Xmx256m).
 */
class OnnxTypeAndSizeTest {

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

    // ---- building graphs -----------------------------------------------------------------------------------------

    static OnnxMl.ValueInfoProto value(String name, int elemType, long... dims) {
        OnnxMl.TypeProto.Tensor.Builder t = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType);
        if (dims.length > 0) {
            OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
            for (long d : dims) {
                s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            t.setShape(s);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(t)).build();
    }

    static OnnxMl.NodeProto.Builder node(String op, String out, String... inputs) {
        return OnnxMl.NodeProto.newBuilder().setName(out + "_node").setOpType(op).addAllInput(Arrays.asList(inputs)).addOutput(out);
    }

    static OnnxMl.TensorProto longs(String name, long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        Arrays.stream(v).forEach(b::putLong);
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(7).addDims(v.length).setRawData(ByteString.copyFrom(b.array())).build();
    }

    static OnnxMl.TensorProto scalar(String name, long v) {
        return longs(name, v).toBuilder().clearDims().build();
    }

    static OnnxMl.TensorProto floats(String name, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(1).addDims(v.length).setRawData(ByteString.copyFrom(b.array())).build();
    }

    /** A model of {@code opset}: graph input {@code in}, output y (declared {@code yType}), nodes, initializers. */
    static byte[] model(int opset, OnnxMl.ValueInfoProto in, int yType, List<OnnxMl.NodeProto> nodes, OnnxMl.TensorProto... inits) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("g").addInput(in).addOutput(value("y", yType))
                .addAllNode(nodes).addAllInitializer(Arrays.asList(inits));
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build().toByteArray();
    }

    private Path write(byte[] model) throws Exception {
        Path file = tmp.resolve("m" + System.nanoTime() + ".onnx");
        Files.write(file, model);
        return file;
    }

    private OnnxImportException fails(byte[] model, ImportOptions o) throws Exception {
        Path file = write(model);
        try (NDManager m = manager.newSubManager()) {
            OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(file, m, o));
            System.out.println("BAD " + e.getMessage());
            assertTrue(e.getMessage().contains(file.getFileName().toString()), "names the file: " + e.getMessage());
            return e;
        }
    }

    private void imports(byte[] model) throws Exception {
        Path file = write(model);
        try (NDManager m = manager.newSubManager(); OnnxGraphBlock b = OnnxImporter.importModel(file, m)) {
            assertEquals(1, b.outputNames().size());
        }
    }

    private static void mentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }

    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int BOOL = 9;

    // ---- types -----------------------------------------------------------------------------------------------------

    @Test
    void everyRegistryOpHasItsSchemaTypes() {
        Set<String> missing = new TreeSet<>();
        for (String key : ConverterRegistry.standard().keys()) {
            if (!key.startsWith(":")) {
                continue;
            }
            String op = key.substring(1, key.indexOf('@'));
            long since = Long.parseLong(key.substring(key.indexOf('@') + 1));
            // the table's newest schema at or before every since-version the registry converts from, up to MAX_OPSET
            if (TypeConstraints.versions(op).stream().noneMatch(v -> v <= since) || since > GraphValidator.MAX_OPSET) {
                missing.add(key);
            }
        }
        assertTrue(missing.isEmpty(), "registry ops without a schema in type-constraints.txt (rerun models/onnx/make_type_constraints.py): "
                + missing);
    }

    @Test
    void anInputOfATypeItsSchemaDoesNotAllowIsRefused() throws Exception {
        // Split-13's 'split' is int64; a float tensor there was read as integers
        OnnxImportException e = fails(model(13, value("x", FLOAT, 4, 8), FLOAT,
                List.of(node("Split", "y", "x", "s").addOutput("y2").build()), floats("s", 2f, 2f)), ImportOptions.defaults());
        mentions(e, "node 'y_node' (Split)", "input 1 's'", "tensor(float)", "tensor(int64)", "ill-typed");
        // Where's condition is bool
        e = fails(model(16, value("x", FLOAT, 4, 8), FLOAT, List.of(node("Where", "y", "x", "x", "x").build()), new OnnxMl.TensorProto[0]),
                ImportOptions.defaults());
        mentions(e, "(Where)", "input 0 'x' is tensor(float)", "B in [bool]");
        // Abs takes integers from opset 6 on
        mentions(fails(model(5, value("x", INT64, 4, 8), INT64, List.of(node("Abs", "y", "x").build())), ImportOptions.defaults()),
                "(Abs)", "tensor(int64)", "at opset 5");
        imports(model(13, value("x", INT64, 4, 8), INT64, List.of(node("Abs", "y", "x").build())));
    }

    @Test
    void inputsSharingAConstraintMustShareTheirType() throws Exception {
        OnnxImportException e = fails(model(14, value("x", FLOAT, 4), FLOAT, List.of(node("Add", "y", "x", "k").build()), longs("k", 1, 2, 3, 4)),
                ImportOptions.defaults());
        mentions(e, "(Add)", "input 1 'k' is tensor(int64)", "input 0 'x' is tensor(float)", "type constraint T");
    }

    @Test
    void aComputedTypeMustEqualTheDeclaredOne() throws Exception {
        // Greater computes bool; the graph output says float (ONNX Runtime: "does not match expected type")
        OnnxImportException e = fails(model(13, value("x", FLOAT, 4), FLOAT, List.of(node("Greater", "y", "x", "x").build())),
                ImportOptions.defaults());
        mentions(e, "(Greater)", "output 0 'y' is declared tensor(float)", "computes tensor(bool)");
        // types propagate: Shape -> Cast(to float) -> Where condition
        OnnxMl.NodeProto cast = node("Cast", "c", "s").addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(FLOAT)).build();
        e = fails(model(16, value("x", FLOAT, 4), FLOAT, List.of(node("Shape", "s", "x").build(), cast, node("Where", "y", "c", "x", "x").build())),
                ImportOptions.defaults());
        mentions(e, "(Where)", "input 0 'c' is tensor(float)");
        imports(model(16, value("x", FLOAT, 4), BOOL, List.of(node("Shape", "s", "x").build(),
                cast.toBuilder().setAttribute(0, cast.getAttribute(0).toBuilder().setI(BOOL)).build(), node("Identity", "y", "c").build())));
    }

    @Test
    void gemmBeforeOpset7IsRefused() throws Exception {
        // Gemm-1/-6 broadcast C only with broadcast=1; ONNX Runtime has no kernel for them
        mentions(fails(model(6, value("x", FLOAT, 2, 4), FLOAT, List.of(node("Gemm", "y", "x", "w", "b").build()),
                floats("w", new float[16]).toBuilder().clearDims().addDims(4).addDims(4).build(), floats("b", 0f)), ImportOptions.defaults()),
                "Gemm", "opset 6");
    }

    // ---- sizes computed at run time ---------------------------------------------------------------------------------

    /** x[2^20] -> Shape -> Concat(s, s) = [2^20, 2^20] -> Expand: 2^40 elements. */
    static byte[] expandFromShape() {
        OnnxMl.NodeProto concat = node("Concat", "ss", "s", "s").addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0)).build();
        return model(13, value("x", FLOAT, 1 << 20), FLOAT, List.of(node("Shape", "s", "x").build(), concat,
                node("Expand", "y", "x", "ss").build()));
    }

    /** x[1000] -> Shape, squared: repeats [10^6] -> Tile of x: 10^9 elements. */
    static byte[] tileFromShape() {
        return model(13, value("x", FLOAT, 1000), FLOAT, List.of(node("Shape", "s", "x").build(), node("Mul", "r", "s", "s").build(),
                node("Tile", "y", "x", "r").build()));
    }

    /** Range(0, Size(x)^3, 1) with x[2^20]: 2^60 elements. */
    static byte[] rangeFromSize() {
        return model(13, value("x", FLOAT, 1 << 20), INT64, List.of(node("Size", "n", "x").build(), node("Mul", "n2", "n", "n").build(),
                node("Mul", "n3", "n2", "n").build(), node("Range", "y", "zero", "n3", "one").build()), scalar("zero", 0), scalar("one", 1));
    }

    /** x[65536, 1] times its transpose: MatMul to 2^32 elements. */
    static byte[] outerProduct() {
        return model(13, value("x", FLOAT, 1 << 16, 1), FLOAT, List.of(node("Transpose", "t", "x").build(), node("MatMul", "y", "x", "t").build()));
    }

    /** ConstantOfShape of Shape(x) ++ Shape(x), x[2^16]: 2^32 elements. */
    static byte[] constantOfShape() {
        OnnxMl.NodeProto concat = node("Concat", "ss", "s", "s").addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0)).build();
        return model(13, value("x", FLOAT, 1 << 16), FLOAT, List.of(node("Shape", "s", "x").build(), concat,
                node("ConstantOfShape", "y", "ss").build()));
    }

    /** The crafted graphs, by name (node that must be named in the refusal). */
    static final String[][] CRAFTED = {{"expand", "y_node' (Expand)"}, {"tile", "y_node' (Tile)"}, {"range", "y_node' (Range)"},
        {"matmul", "y_node' (MatMul)"}, {"constantOfShape", "y_node' (ConstantOfShape)"}};

    static byte[] crafted(String name) {
        switch (name) {
            case "expand": return expandFromShape();
            case "tile": return tileFromShape();
            case "range": return rangeFromSize();
            case "matmul": return outerProduct();
            default: return constantOfShape();
        }
    }

    @Test
    void tensorsTheTrialRunWouldMakeHugeAreRefusedBeforeTheyAreAllocated() throws Exception {
        for (String[] c : CRAFTED) {
            mentions(fails(crafted(c[0]), ImportOptions.defaults()), c[1], "ImportOptions.optMaxTensorElements");
        }
        // the same graphs on small declared shapes import (the guard bounds, it does not forbid the ops)
        OnnxMl.NodeProto concat = node("Concat", "ss", "s", "s").addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0)).build();
        imports(model(13, value("x", FLOAT, 64), FLOAT, List.of(node("Shape", "s", "x").build(), concat, node("Expand", "y", "x", "ss").build())));
        imports(model(13, value("x", FLOAT, 30), FLOAT, List.of(node("Shape", "s", "x").build(), node("Mul", "r", "s", "s").build(),
                node("Tile", "y", "x", "r").build())));
    }

    @Test
    void theTensorsOfTheWholeImportAreBounded() throws Exception {
        // 40 Relu nodes on x[64, 64]: 163,840 elements in all; a limit of 100,000 stops the trial run, naming a node
        List<OnnxMl.NodeProto> chain = new ArrayList<>();
        String prev = "x";
        for (int i = 0; i < 40; i++) {
            String out = i == 39 ? "y" : "r" + i;
            chain.add(node("Relu", out, prev).build());
            prev = out;
        }
        byte[] m = model(13, value("x", FLOAT, 64, 64), FLOAT, chain);
        mentions(fails(m, ImportOptions.defaults().optMaxTrialElements(100_000)), "(Relu)", "ImportOptions.optMaxTrialElements");
        imports(m);
    }

    /** The crafted graphs in a child JVM of -Xmx256m: each an OnnxImportException, no OutOfMemoryError, exit 0. */
    @Test
    void craftedGraphsInASmallHeapGiveOurException() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        for (String p : new String[] {"ai.djl.offline", "ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads", "DJL_CACHE_DIR"}) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ImportInSmallHeap.class.getName(), tmp.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        System.out.println("CHILD " + out.strip());
        assertEquals(0, p.exitValue(), out);
        for (String[] c : CRAFTED) {
            assertTrue(out.contains(c[0] + ": OnnxImportException") && out.contains(c[1]), c[0] + ": " + out);
        }
    }

    /** Imports each crafted graph; prints {@code name: exception class: message}. */
    public static final class ImportInSmallHeap {
        public static void main(String[] args) throws Exception {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                for (String[] c : CRAFTED) {
                    Path file = Paths.get(args[0]).resolve(c[0] + ".onnx");
                    Files.write(file, crafted(c[0]));
                    try {
                        OnnxImporter.importModel(file, m).close();
                        System.out.println(c[0] + ": IMPORTED");
                    } catch (Throwable t) {
                        System.out.println(c[0] + ": " + t.getClass().getSimpleName() + ": " + t.getMessage());
                    }
                }
            }
        }
    }
}
