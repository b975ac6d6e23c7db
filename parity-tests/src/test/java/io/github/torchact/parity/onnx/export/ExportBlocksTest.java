package io.github.torchact.parity.onnx.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.nlp.DefaultVocabulary;
import ai.djl.modality.nlp.embedding.TrainableWordEmbedding;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;

import io.github.torchact.nn.GELU;
import io.github.torchact.nn.ReLU;
import io.github.torchact.onnx.export.BlockExporter;
import io.github.torchact.onnx.export.ExportContext;
import io.github.torchact.onnx.export.ExportOptions;
import io.github.torchact.onnx.export.OnnxExportException;
import io.github.torchact.onnx.export.OnnxExporter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * DJL's core blocks exported and run in ONNX Runtime 1.28, equal to the block's inference forward on DJL's PyTorch
 * engine within 1e-5 + 1e-5·|ref| (float32 and float64, opsets 13 and 17, every parameter random, BatchNorm running
 * statistics included); each model also imports back through the importer's validation to the same values.
 */
class ExportBlocksTest {

    /** Ops ONNX Runtime 1.28's CPU provider runs in float32 only (the float64 model is valid, ORT cannot run it). */
    static final Set<String> ORT_NO_FLOAT64 = Set.of("AveragePool", "Conv", "Elu", "Erf", "GlobalAveragePool", "GlobalMaxPool",
            "LeakyRelu", "Selu", "Softplus");

    private static NDManager manager;
    private static final Set<String> float64Refused = new java.util.TreeSet<>();

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        System.out.println("ExportBlocksTest: float64 kernels ORT lacks: " + float64Refused);
        manager.close();
    }

    private static Arguments c(String name, Supplier<Block> block, Shape shape) {
        return Arguments.of(name, block, shape);
    }

    static Stream<Arguments> blocks() {
        List<Arguments> a = new ArrayList<>();
        a.add(c("Linear 2-D", () -> Linear.builder().setUnits(8).build(), new Shape(4, 6)));
        a.add(c("Linear 3-D", () -> Linear.builder().setUnits(8).build(), new Shape(4, 5, 6)));
        a.add(c("Linear no bias", () -> Linear.builder().setUnits(8).optBias(false).build(), new Shape(4, 6)));
        a.add(c("Conv1d", () -> Conv1d.builder().setKernelShape(new Shape(3)).setFilters(4).optStride(new Shape(2))
                .optPadding(new Shape(1)).build(), new Shape(2, 3, 11)));
        a.add(c("Conv2d dilated", () -> Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optStride(new Shape(2, 1))
                .optPadding(new Shape(1, 2)).optDilation(new Shape(1, 2)).build(), new Shape(2, 3, 9, 9)));
        a.add(c("Conv2d groups", () -> Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(6).optGroups(3)
                .optBias(false).build(), new Shape(2, 3, 7, 7)));
        a.add(c("Conv3d", () -> Conv3d.builder().setKernelShape(new Shape(2, 2, 2)).setFilters(2).build(), new Shape(2, 3, 5, 5, 5)));
        a.add(c("BatchNorm 4-D", () -> BatchNorm.builder().optEpsilon(1e-3f).build(), new Shape(4, 3, 5, 5)));
        a.add(c("BatchNorm 2-D", () -> BatchNorm.builder().build(), new Shape(4, 6)));
        a.add(c("LayerNorm", () -> LayerNorm.builder().build(), new Shape(4, 5, 6)));
        a.add(c("Dropout in MLP", () -> new SequentialBlock().add(Linear.builder().setUnits(5).build())
                .add(Dropout.builder().optRate(0.5f).build()), new Shape(4, 6)));
        a.add(c("Dropout alone", () -> Dropout.builder().build(), new Shape(4, 6)));
        a.add(c("maxPool1d", () -> Pool.maxPool1dBlock(new Shape(3), new Shape(2), new Shape(1)), new Shape(2, 3, 10)));
        a.add(c("maxPool2d ceil", () -> Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), true), new Shape(2, 3, 8, 8)));
        a.add(c("maxPool3d", () -> Pool.maxPool3dBlock(new Shape(2, 2, 2)), new Shape(2, 3, 4, 4, 4)));
        a.add(c("avgPool2d pad counted", () -> Pool.avgPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false, true),
                new Shape(2, 3, 8, 8)));
        a.add(c("avgPool2d pad not counted", () -> Pool.avgPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false, false),
                new Shape(2, 3, 8, 8)));
        a.add(c("avgPool1d", () -> Pool.avgPool1dBlock(new Shape(2)), new Shape(2, 3, 8)));
        a.add(c("globalAvgPool2d", Pool::globalAvgPool2dBlock, new Shape(2, 3, 5, 5)));
        a.add(c("globalMaxPool1d", Pool::globalMaxPool1dBlock, new Shape(2, 3, 5)));
        a.add(c("globalMaxPool3d", Pool::globalMaxPool3dBlock, new Shape(2, 3, 3, 3, 3)));
        a.add(c("Activation.reluBlock", Activation::reluBlock, new Shape(4, 6)));
        a.add(c("Activation.relu6Block", Activation::relu6Block, new Shape(4, 6)));
        a.add(c("Activation.sigmoidBlock", Activation::sigmoidBlock, new Shape(4, 6)));
        a.add(c("Activation.tanhBlock", Activation::tanhBlock, new Shape(4, 6)));
        a.add(c("Activation.softPlusBlock", Activation::softPlusBlock, new Shape(4, 6)));
        a.add(c("Activation.softSignBlock", Activation::softSignBlock, new Shape(4, 6)));
        a.add(c("Activation.leakyReluBlock", () -> Activation.leakyReluBlock(0.1f), new Shape(4, 6)));
        a.add(c("Activation.eluBlock", () -> Activation.eluBlock(0.7f), new Shape(4, 6)));
        a.add(c("Activation.seluBlock", Activation::seluBlock, new Shape(4, 6)));
        a.add(c("Activation.geluBlock", Activation::geluBlock, new Shape(4, 6)));
        a.add(c("Activation.swishBlock", () -> Activation.swishBlock(1.5f), new Shape(4, 6)));
        a.add(c("Activation.mishBlock", Activation::mishBlock, new Shape(4, 6)));
        a.add(c("ParallelBlock concat", () -> new ParallelBlock(
                l -> new NDList(NDArrays.concat(new NDList(l.get(0).head(), l.get(1).head()), 1)),
                List.of(Linear.builder().setUnits(3).build(), Linear.builder().setUnits(5).build())), new Shape(4, 6)));
        a.add(c("ParallelBlock residual", () -> new ParallelBlock(l -> new NDList(l.get(0).head().add(l.get(1).head())),
                List.of(new SequentialBlock().add(Linear.builder().setUnits(6).build()).add(ReLU.builder().build()),
                        Blocks.identityBlock())), new Shape(4, 6)));
        a.add(c("CNN", () -> new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2))).add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build()), new Shape(2, 3, 8, 8)));
        a.add(c("transformer MLP", () -> new SequentialBlock().add(LayerNorm.builder().build())
                .add(Linear.builder().setUnits(12).build()).add(GELU.builder().build())
                .add(Linear.builder().setUnits(6).build()), new Shape(2, 5, 6)));
        List<Arguments> out = new ArrayList<>();
        for (Arguments x : a) {
            for (int opset : new int[] {13, 17}) {
                out.add(Arguments.of(x.get()[0], x.get()[1], x.get()[2], opset));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} opset {3}")
    @MethodSource("blocks")
    void exportedBlockEqualsDjl(String name, Supplier<Block> make, Shape shape, int opset) throws Exception {
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = manager.newSubManager()) {
                // each case draws its own values, whichever tests ran before it in this JVM
                m.getEngine().setRandomSeed((name + opset + type).hashCode());
                Block block = make.get();
                block.initialize(m, type, shape);
                randomize(block, m);
                NDArray x = ExportTestSupport.input(m, shape, type);
                OnnxMl.ModelProto model = OnnxExporter.toModel(block, ExportOptions.defaults().optOpset(opset).optInputType(type), shape);
                check(name + " " + type + " opset " + opset, model, block, m, x, type == DataType.FLOAT32);
            }
        }
    }

    /** ORT equals the DJL forward; optionally the model also imports back to the same values. */
    static void check(String what, OnnxMl.ModelProto model, Block block, NDManager m, NDArray x, boolean reimport) throws Exception {
        double[] want = ExportTestSupport.djl(block, m, x);
        double[] got;
        try {
            got = ExportTestSupport.ort(model, x);
        } catch (OrtException e) {
            String op = ExportActivationTest.missingKernel(e);
            assertTrue(x.getDataType() == DataType.FLOAT64 && op != null && ORT_NO_FLOAT64.contains(op), what + ": " + e.getMessage());
            float64Refused.add(op);
            return;
        }
        double ratio = ExportTestSupport.worstRatio(got, want);
        assertTrue(ratio <= 1, what + ": ONNX Runtime differs from the DJL forward by " + ratio + " of the bound");
        if (reimport) {
            double back = ExportTestSupport.worstRatio(ExportTestSupport.djl(ExportTestSupport.reimport(model, m, what), m, x), want);
            assertTrue(back <= 1, what + ": the re-imported model differs by " + back + " of the bound");
        }
    }

    /** Every parameter random (variances in [0.5, 1.5]), so that no exported tensor is left at its initial constant. */
    static void randomize(Block block, NDManager m) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            boolean variance = p.getKey().endsWith("runningVar");
            NDArray r = m.randomUniform(variance ? 0.5f : -1f, variance ? 1.5f : 1f, a.getShape(), DataType.FLOAT64);
            if (a.getDataType() == DataType.FLOAT32) {
                a.set(FloatBuffer.wrap(r.toType(DataType.FLOAT32, false).toFloatArray()));
            } else {
                a.set(DoubleBuffer.wrap(r.toDoubleArray()));
            }
        }
    }

    @Test
    void embeddingGathersRows() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            List<String> words = Stream.of("a b c d e f g h i j".split(" ")).collect(Collectors.toList());
            TrainableWordEmbedding emb = new TrainableWordEmbedding(new DefaultVocabulary(words), 4);
            Shape shape = new Shape(3, 5);
            emb.initialize(m, DataType.FLOAT32, shape);
            randomize(emb, m);
            NDArray ids = m.randomInteger(0, 10, shape, DataType.INT64);
            OnnxMl.ModelProto model = OnnxExporter.toModel(emb, ExportOptions.defaults().optInputType(DataType.INT64), shape);
            check("Embedding", model, emb, m, ids, true);
        }
    }

    @Test
    void symbolicBatchRunsOnAnotherBatch() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            Block mlp = new SequentialBlock().add(Linear.builder().setUnits(7).build()).add(GELU.builder().build())
                    .add(Linear.builder().setUnits(3).build());
            mlp.initialize(m, DataType.FLOAT32, new Shape(1, 6));
            OnnxMl.ModelProto model = OnnxExporter.toModel(mlp, ExportOptions.defaults().optSymbolicBatch(true)
                    .optInputNames("features").optOutputNames("logits"), new Shape(1, 6));
            assertEquals("batch", model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
            assertEquals("logits", model.getGraph().getOutput(0).getName());
            assertEquals(List.of("01Linear_weight", "01Linear_bias", "03Linear_weight", "03Linear_bias"),
                    model.getGraph().getInitializerList().stream().map(OnnxMl.TensorProto::getName).collect(Collectors.toList()));
            check("MLP, batch 7", model, mlp, m, ExportTestSupport.input(m, new Shape(7, 6), DataType.FLOAT32), true);
        }
    }

    @Test
    void unidentifiedLambdaIsRefusedNamingIt() {
        try (NDManager m = manager.newSubManager()) {
            SequentialBlock b = new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(x -> new NDList(x.head().mul(2)));
            b.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            OnnxExportException e = assertThrows(OnnxExportException.class,
                    () -> OnnxExporter.toModel(b, ExportOptions.defaults(), new Shape(2, 4)));
            assertTrue(e.getMessage().contains("02LambdaBlock") && e.getMessage().contains("cannot identify"), e.getMessage());
        }
    }

    @Test
    void parallelJoinNotRecognisedIsRefused() {
        try (NDManager m = manager.newSubManager()) {
            ParallelBlock b = new ParallelBlock(l -> new NDList(l.get(0).head().mul(l.get(1).head())),
                    List.of(Linear.builder().setUnits(3).build(), Linear.builder().setUnits(3).build()));
            b.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            OnnxExportException e = assertThrows(OnnxExportException.class,
                    () -> OnnxExporter.toModel(b, ExportOptions.defaults(), new Shape(2, 4)));
            assertTrue(e.getMessage().contains("join"), e.getMessage());
        }
    }

    /** A user's block: y = x · factor. */
    static final class Scale extends AbstractBlock {
        final float factor;

        Scale(float factor) {
            this.factor = factor;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(inputs.head().mul(factor));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    @Test
    void userBlockWithoutExporterIsRefusedAndExportsWithOne() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            SequentialBlock b = new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(new Scale(2.5f));
            b.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            OnnxExportException e = assertThrows(OnnxExportException.class,
                    () -> OnnxExporter.toModel(b, ExportOptions.defaults(), new Shape(2, 4)));
            assertTrue(e.getMessage().contains("02Scale") && e.getMessage().contains("no exporter"), e.getMessage());
            BlockExporter scale = new BlockExporter() {
                @Override
                public boolean supports(Block block) {
                    return block instanceof Scale;
                }

                @Override
                public List<String> export(Block block, List<String> inputs, ExportContext ctx) {
                    return List.of(ctx.node("Mul", List.of(inputs.get(0), ctx.constant(inputs.get(0), ((Scale) block).factor))));
                }
            };
            OnnxMl.ModelProto model = OnnxExporter.toModel(b, ExportOptions.defaults().addExporter(scale), new Shape(2, 4));
            check("user block", model, b, m, ExportTestSupport.input(m, new Shape(2, 4), DataType.FLOAT32), true);
        }
    }

    @Test
    void uninitialisedBlockIsRefused() {
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExporter.toModel(Linear.builder().setUnits(3).build(), ExportOptions.defaults(), new Shape(2, 4)));
        assertTrue(e.getMessage().contains("not initialised"), e.getMessage());
    }

}
