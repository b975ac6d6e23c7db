package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ImportOptions.optPrepackWeights} (on by default with the inference rewrites): Conv (2-D, + Relu or HardSwish
 * as oneDNN's post-op), Gemm and MatMul with a constant float32 weight run oneDNN's convolution and linear on weights
 * packed once. Outputs stay within 1e-5 + 1e-5·|ref| of torch's ops (the rewrites without packing); where the packed
 * op's preconditions fail (float64, autograd recording) the forward is bitwise the unpacked one; without the rewrites
 * the compiled module has no oneDNN op.
 */
class OnnxPrepackedWeightsTest {

    // above NnConverters.PACKED_MIN_MACS (2^22 multiply-adds): 2·32·32·32 inputs x 32 outputs x 9; 64·256 x 512
    private static final long[] X_CONV = {2, 32, 32, 32};
    private static final long[] X_LINEAR = {64, 256};
    // below it: torch's ops run
    private static final long[] X_CONV_SMALL = {1, 32, 8, 8};
    private static final long[] X_LINEAR_SMALL = {4, 256};

    /** Conv 3x3 (pads 1) then Relu, and a second Conv then HardSwish on the first's output. */
    private static byte[] convModel(int type, long[] x) {
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("convs")
                .addInput(tensor("X", type, x))
                .addOutput(tensor("Y", type, x))
                .addInitializer(values("W", type, new long[] {32, 32, 3, 3}, 0.1, 1.1))
                .addInitializer(values("B", type, new long[] {32}, 0.2, 2.3))
                .addInitializer(values("W2", type, new long[] {32, 32, 3, 3}, 0.1, 0.7))
                .addNode(conv("conv", List.of("X", "W", "B"), "c", 1))
                .addNode(node("relu", "Relu", List.of("c"), List.of("r")))
                .addNode(conv("conv2", List.of("r", "W2"), "c2", 1))
                .addNode(node("hs", "HardSwish", List.of("c2"), List.of("Y")))
                .build();
        return model(g, 14);
    }

    /** Gemm (transB = 1, bias) and MatMul by a constant, added. */
    private static byte[] linearModel(int type, long[] x) {
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("linears")
                .addInput(tensor("X", type, x))
                .addOutput(tensor("Y", type, x[0], 512))
                .addInitializer(values("W", type, new long[] {512, 256}, 0.1, 1.3))
                .addInitializer(values("B", type, new long[] {512}, 0.5, 0.3))
                .addInitializer(values("M", type, new long[] {256, 512}, 0.1, 0.9))
                .addNode(node("gemm", "Gemm", List.of("X", "W", "B"), List.of("g")).toBuilder()
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("transB").setType(OnnxMl.AttributeProto.AttributeType.INT)
                                .setI(1)))
                .addNode(node("mm", "MatMul", List.of("X", "M"), List.of("m")))
                .addNode(node("add", "Add", List.of("g", "m"), List.of("Y")))
                .build();
        return model(g, 13);
    }

    @Test
    void convolutionsRunPackedWithFusedActivations() {
        check("convs", convModel(FLOAT, X_CONV), X_CONV, "_convolution_pointwise", "_convolution_pointwise", "\"relu\"", "\"hardswish\"");
    }

    @Test
    void linearsRunPacked() {
        check("linears", linearModel(FLOAT, X_LINEAR), X_LINEAR, "_linear_pointwise", "_linear_pointwise", "_reorder_linear_weight");
    }

    /** float64 (packing declines: the weights stay as they are), or too little work: every node runs torch's op. */
    @Test
    void float64AndSmallCallsFallBackBitwise() {
        int dbl = OnnxMl.TensorProto.DataType.DOUBLE_VALUE;
        Object[][] cases = {{convModel(dbl, X_CONV), X_CONV, DataType.FLOAT64}, {linearModel(dbl, X_LINEAR), X_LINEAR, DataType.FLOAT64},
            {convModel(FLOAT, X_CONV_SMALL), X_CONV_SMALL, DataType.FLOAT32}, {linearModel(FLOAT, X_LINEAR_SMALL), X_LINEAR_SMALL,
                DataType.FLOAT32}};
        for (Object[] c : cases) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                OnnxGraphBlock packed = load((byte[]) c[0], m, true);
                OnnxGraphBlock unpacked = load((byte[]) c[0], m, false);
                assertTrue(packed.compiledSource().contains("ops.mkldnn"), packed.compiledSource());
                NDList in = new NDList(input(m, (long[]) c[1]).toType((DataType) c[2], false));
                assertNull(OnnxCompiledForwardTest.bitwise(forward(packed, in), forward(unpacked, in)));
            }
        }
    }

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;

    /**
     * Checks the modules' sources, that the packed forward ran {@code packedOp} (libtorch's profiler: whether the
     * packed and unpacked outputs differ depends on the CPU's kernels), and the bound.
     */
    private static void check(String name, byte[] bytes, long[] shape, String packedOp, String... inSource) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            OnnxGraphBlock packed = load(bytes, m, true);
            OnnxGraphBlock unpacked = load(bytes, m, false);
            OnnxGraphBlock plain = OnnxImporter.importModel(new ByteArrayInputStream(bytes), name + ".onnx", m, ImportOptions.defaults());
            for (String s : inSource) {
                assertTrue(packed.compiledSource().contains(s), s + " missing:\n" + packed.compiledSource());
            }
            assertTrue(packed.report().notes().stream().anyMatch(n -> n.contains("prepacked for oneDNN")), packed.report().toString());
            assertFalse(unpacked.compiledSource().contains("ops.mkldnn"), unpacked.compiledSource());
            assertFalse(plain.compiledSource().contains("ops.mkldnn"), plain.compiledSource());
            NDList in = new NDList(input(m, shape));
            assertTrue(profiledOps(() -> forward(packed, in)).contains(packedOp), name + ": the packed forward did not run " + packedOp);
            float[] y = forward(packed, in).toFloatArray();
            float[] y0 = forward(unpacked, in).toFloatArray();
            double ratio = OnnxTestSupport.worstRatio(y, y0);
            System.out.printf("PREPACK %-8s max|packed - torch's ops| %.3g (ratio %.4f)%n", name, OnnxTestSupport.maxAbs(y, y0), ratio);
            assertTrue(ratio <= 1, name + ": packed output differs by " + OnnxTestSupport.maxAbs(y, y0));
            // autograd recording: the packed ops (no derivatives) step aside, torch's ops run
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                assertNull(OnnxCompiledForwardTest.bitwise(forward(packed, in), forward(unpacked, in)));
            }
        }
    }

    /** The Chrome trace of libtorch's profiler over {@code call}. */
    private static String profiledOps(Runnable call) {
        try {
            Path trace = Files.createTempFile("prepack-profile", ".json");
            try {
                JniUtils.startProfile(false, false, false);
                call.run();
                JniUtils.stopProfile(trace.toString());
                return Files.readString(trace);
            } finally {
                Files.deleteIfExists(trace);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OnnxGraphBlock load(byte[] bytes, NDManager m, boolean prepack) {
        OnnxGraphBlock b = OnnxImporter.importModel(new ByteArrayInputStream(bytes), "prepack.onnx", m,
                ImportOptions.defaults().optInferenceRewrites(true).optPrepackWeights(prepack));
        assertTrue(b.isCompiled(), b.report().toString());
        return b;
    }

    private static NDArray forward(OnnxGraphBlock b, NDList in) {
        return b.forward(new ParameterStore(in.head().getManager(), false), in, false).head();
    }

    private static NDArray input(NDManager m, long[] shape) {
        float[] x = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * Math.sin(0.37 * i) + Math.cos(0.11 * i));
        }
        return m.create(x, new Shape(shape));
    }

    private static OnnxMl.NodeProto.Builder conv(String name, List<String> in, String out, long pad) {
        return node(name, "Conv", in, List.of(out)).toBuilder().addAttribute(OnnxMl.AttributeProto.newBuilder().setName("pads")
                .setType(OnnxMl.AttributeProto.AttributeType.INTS).addAllInts(List.of(pad, pad, pad, pad)));
    }

    private static byte[] model(OnnxMl.GraphProto g, int opset) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build().toByteArray();
    }

    /** An initializer of {@code type} (float or double) with values {@code amplitude·sin(k·i + 0.5)}. */
    private static OnnxMl.TensorProto values(String name, int type, long[] shape, double amplitude, double k) {
        boolean f = type == OnnxMl.TensorProto.DataType.FLOAT_VALUE;
        int n = Math.toIntExact(new Shape(shape).size());
        ByteBuffer b = ByteBuffer.allocate(n * (f ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            double v = amplitude * Math.sin(k * i + 0.5);
            if (f) {
                b.putFloat((float) v);
            } else {
                b.putDouble(v);
            }
        }
        b.flip();
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type).setRawData(ByteString.copyFrom(b));
        for (long d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    private static OnnxMl.NodeProto node(String name, String op, List<String> in, List<String> out) {
        return OnnxMl.NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(in).addAllOutput(out).build();
    }

    private static OnnxMl.ValueInfoProto tensor(String name, int type, long... shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type).setShape(s))).build();
    }
}
