package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.ImportReport;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ImportOptions.optInferenceRewrites(true)}: frozen initializers (no parameters) so initializer subgraphs fold,
 * BatchNormalization folded into the Conv before it, dead nodes and unused optional outputs dropped. Each rewrite keeps
 * the outputs within 1e-5 + 1e-5·|ref| of torch's (the goldens of the corpus CNNs with BatchNorm and of every zoo
 * model); the differences are rounding (printed). Dead-code removal changes nothing: bitwise equal to the block without
 * rewrites.
 */
class OnnxInferenceRewritesTest {

    /** The four corpus CNNs that keep their BatchNormalization nodes (legacy exporter in training mode, dynamo). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cnn_op13", "cnn_op17", "cnn_dynamo_op18", "cnn_dynamo_op20"})
    void batchNormFoldsIntoConv(String model) {
        Path dir = OnnxTestSupport.corpus().resolve(model);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            OnnxGraphBlock plain = OnnxImporter.importModel(dir.resolve("model.onnx"), m);
            OnnxGraphBlock folded = OnnxImporter.importModel(dir.resolve("model.onnx"), m, ImportOptions.defaults().optInferenceRewrites(true));
            assertTrue(folded.isCompiled());
            assertEquals(2, folded.report().notes().stream().filter(n -> n.contains("BatchNormalization) folded into")).count(),
                    folded.report().toString());
            assertFalse(converted(folded.report()).contains("BatchNormalization"), folded.report().toString());
            assertTrue(converted(plain.report()).contains("BatchNormalization"));
            assertEquals(0, folded.getParameters().size(), "an inference-rewritten block has no parameters");
            float[] torch = OnnxTestSupport.floats(OnnxTestSupport.pb(dir.resolve("torch_output_0.pb")));
            float[] y = run(folded, m, dir);
            float[] y0 = run(plain, m, dir);
            double ratio = OnnxTestSupport.worstRatio(y, torch);
            System.out.printf("REWRITE %-18s BatchNorm folded: max|y - torch| %.3g (ratio %.4f); without the fold %.3g%n", model,
                    OnnxTestSupport.maxAbs(y, torch), ratio, OnnxTestSupport.maxAbs(y0, torch));
            assertTrue(ratio <= 1, model + ": folded output differs from torch by " + OnnxTestSupport.maxAbs(y, torch));
        }
    }

    /**
     * BatchNormalization folded into the Conv whose output is the graph output (the corpus CNNs' logits hide the
     * rounding behind pooling and log_softmax): within the bound of the unfolded Conv then BatchNorm (torch's
     * arithmetic, see OnnxCompiledForwardTest), and not bitwise (the fold is a real rewrite).
     */
    @Test
    void batchNormFoldMovesOutputsByRounding() {
        long[] w = {6, 3, 3, 3};
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("convbn")
                .addInput(tensor("X", 2, 3, 9, 9))
                .addOutput(tensor("Y", 2, 6, 9, 9))
                .addInitializer(floats("W", w, 0.3, 1.1))
                .addInitializer(floats("B", new long[] {6}, 0.2, 2.3))
                .addInitializer(floats("scale", new long[] {6}, 0.5, 3.7, 1.0))
                .addInitializer(floats("shift", new long[] {6}, 0.4, 0.9))
                .addInitializer(floats("mean", new long[] {6}, 0.3, 1.9))
                .addInitializer(floats("var", new long[] {6}, 0.4, 2.9, 0.7))
                .addNode(node("conv", "Conv", List.of("X", "W", "B"), List.of("c")).toBuilder()
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("pads").setType(OnnxMl.AttributeProto.AttributeType.INTS)
                                .addAllInts(List.of(1L, 1L, 1L, 1L))))
                .addNode(node("bn", "BatchNormalization", List.of("c", "scale", "shift", "mean", "var"), List.of("Y")))
                .build();
        byte[] bytes = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build().toByteArray();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            OnnxGraphBlock plain = OnnxImporter.importModel(new ByteArrayInputStream(bytes), "convbn.onnx", m, ImportOptions.defaults());
            OnnxGraphBlock folded = OnnxImporter.importModel(new ByteArrayInputStream(bytes), "convbn.onnx", m,
                    ImportOptions.defaults().optInferenceRewrites(true));
            assertTrue(folded.report().notes().stream().anyMatch(n -> n.contains("folded into")), folded.report().toString());
            float[] x = new float[2 * 3 * 9 * 9];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (2 * Math.sin(0.37 * i) + Math.cos(0.11 * i));
            }
            NDList in = new NDList(m.create(x, new ai.djl.ndarray.types.Shape(2, 3, 9, 9)));
            float[] y0 = plain.forward(new ai.djl.training.ParameterStore(m, false), in, false).head().toFloatArray();
            float[] y = folded.forward(new ai.djl.training.ParameterStore(m, false), in, false).head().toFloatArray();
            double ratio = OnnxTestSupport.worstRatio(y, y0);
            System.out.printf("REWRITE Conv+BatchNorm folded (output = BN output): max|folded - unfolded| %.3g (ratio %.4f)%n",
                    OnnxTestSupport.maxAbs(y, y0), ratio);
            assertTrue(ratio <= 1, "folded Conv differs by " + OnnxTestSupport.maxAbs(y, y0));
            assertFalse(java.util.Arrays.equals(y, y0), "the fold changed nothing: was it applied?");
        }
    }

    /** A float initializer with deterministic values {@code offset + amplitude·sin(k·i)} ({@code offset} 0 if absent). */
    private static OnnxMl.TensorProto floats(String name, long[] shape, double amplitude, double k, double... offset) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
        long n = 1;
        for (long d : shape) {
            t.addDims(d);
            n *= d;
        }
        for (int i = 0; i < n; i++) {
            t.addFloatData((float) ((offset.length > 0 ? offset[0] : 0) + amplitude * Math.sin(k * i + 0.5)));
        }
        return t.build();
    }

    /** Every zoo model with the rewrites on equals torch's output on every data set. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.torchact.parity.onnx.OnnxCompiledForwardTest#zooModels")
    void zooModelsWithRewritesEqualTorch(String model) throws IOException {
        Path dir = OnnxZooTest.zoo().resolve(model);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            OnnxGraphBlock plain = OnnxImporter.importModel(dir.resolve("model.onnx"), m);
            OnnxGraphBlock rewritten = OnnxImporter.importModel(dir.resolve("model.onnx"), m, ImportOptions.defaults().optInferenceRewrites(true));
            assertTrue(rewritten.isCompiled(), rewritten.report().toString());
            double worst = 0;
            double maxAbs = 0;
            double vsPlain = 0;
            for (Path set : OnnxCompiledForwardTest.dataSets(dir)) {
                float[] torch = OnnxTestSupport.floats(OnnxTestSupport.pb(set.resolve("output_0.pb")));
                float[] y = OnnxCompiledForwardTest.run(rewritten, m, set, false).head().toType(DataType.FLOAT32, false).toFloatArray();
                float[] y0 = OnnxCompiledForwardTest.run(plain, m, set, false).head().toType(DataType.FLOAT32, false).toFloatArray();
                worst = Math.max(worst, OnnxTestSupport.worstRatio(y, torch));
                maxAbs = Math.max(maxAbs, OnnxTestSupport.maxAbs(y, torch));
                vsPlain = Math.max(vsPlain, OnnxTestSupport.maxAbs(y, y0));
            }
            System.out.printf("REWRITE %-28s nodes run %d -> %d, folded at import %d -> %d; max|y - torch| %.3g (ratio %.4f), "
                    + "max|y - unrewritten| %.3g%n", model, run(plain.report()), run(rewritten.report()), folds(plain.report()),
                    folds(rewritten.report()), maxAbs, worst, vsPlain);
            assertTrue(worst <= 1, model + ": rewritten output differs from torch by " + maxAbs);
        }
    }

    /**
     * A graph with a dead branch (Exp then Neg, which nothing reads) and a Dropout whose mask is unused: both are dropped, and
     * the output is bitwise the unrewritten block's.
     */
    @Test
    void deadNodesAndOutputsAreDropped() {
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("dead")
                .addInput(tensor("X", 2, 4))
                .addOutput(tensor("Y", 2, 4))
                .addNode(node("relu", "Relu", List.of("X"), List.of("r")))
                .addNode(node("drop", "Dropout", List.of("r"), List.of("Y", "mask")))
                .addNode(node("unused", "Exp", List.of("X"), List.of("s")))
                .addNode(node("unused2", "Neg", List.of("s"), List.of("t")))
                .build();
        byte[] bytes = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build().toByteArray();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            OnnxGraphBlock plain = OnnxImporter.importModel(new ByteArrayInputStream(bytes), "dead.onnx", m, ImportOptions.defaults());
            OnnxGraphBlock rewritten = OnnxImporter.importModel(new ByteArrayInputStream(bytes), "dead.onnx", m,
                    ImportOptions.defaults().optInferenceRewrites(true));
            List<String> notes = rewritten.report().notes();
            assertTrue(notes.stream().anyMatch(n -> n.contains("dropped 2 node(s)") && n.contains("unused") && n.contains("unused2")), notes.toString());
            assertTrue(notes.stream().anyMatch(n -> n.contains("unused outputs of node 'drop' (Dropout) dropped")), notes.toString());
            assertTrue(plain.compiledSource().contains("torch.exp(") && plain.compiledSource().contains("torch.ones("));
            assertFalse(rewritten.compiledSource().contains("torch.exp("), rewritten.compiledSource());
            assertFalse(rewritten.compiledSource().contains("torch.ones("), "the Dropout mask is still made:\n" + rewritten.compiledSource());
            float[] x = {-2f, -1f, 0f, 1f, 2f, 3f, -0.5f, 0.25f};
            NDList in = new NDList(m.create(x, new ai.djl.ndarray.types.Shape(2, 4)));
            assertNull(OnnxCompiledForwardTest.bitwise(
                    rewritten.forward(new ai.djl.training.ParameterStore(m, false), in, false).head(),
                    plain.forward(new ai.djl.training.ParameterStore(m, false), in, false).head()));
            System.out.println("REWRITE dead code: " + notes);
        }
    }

    private static OnnxMl.NodeProto node(String name, String op, List<String> in, List<String> out) {
        return OnnxMl.NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(in).addAllOutput(out).build();
    }

    private static OnnxMl.ValueInfoProto tensor(String name, long... shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(s)))
                .build();
    }

    private static float[] run(OnnxGraphBlock block, NDManager m, Path dir) {
        List<TensorValue> in = List.of(OnnxTestSupport.pb(dir.resolve("input_0.pb")));
        return OnnxTestSupport.run(block, m, in);
    }

    /** The op types of the nodes that became steps (not folded, not Constant). */
    private static String converted(ImportReport r) {
        StringBuilder sb = new StringBuilder();
        r.entries().stream().filter(e -> !e.became.startsWith("folded") && !e.became.startsWith("constant"))
                .forEach(e -> sb.append(e.opType).append(' '));
        return sb.toString();
    }

    private static long run(ImportReport r) {
        return r.entries().stream().filter(e -> !e.became.startsWith("folded") && !e.became.startsWith("constant")).count();
    }

    private static long folds(ImportReport r) {
        return r.entries().stream().filter(e -> e.became.startsWith("folded")).count();
    }
}
