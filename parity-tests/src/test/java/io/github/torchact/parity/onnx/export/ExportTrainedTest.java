package io.github.torchact.parity.onnx.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.onnx.proto.OnnxMl;

import io.github.torchact.nn.GELU;
import io.github.torchact.nn.PReLU;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.export.ExportOptions;
import io.github.torchact.onnx.export.OnnxExporter;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;

/**
 * Models trained a few steps with DJL's Trainer on the PyTorch engine, then exported: ONNX Runtime 1.28 gives the
 * DJL forward's values (1e-5 + 1e-5·|ref|): an MLP built in DJL (Linear, LayerNorm, catalog GELU and PReLU), and a
 * torch export imported, fine-tuned and written back.
 */
class ExportTrainedTest {

    private static void train(Block block, Model model, Shape shape, int steps) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build());
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(shape);
            NDManager m = trainer.getManager();
            NDArray x = m.randomNormal(shape);
            NDArray target = block.forward(new ai.djl.training.ParameterStore(m, false), new NDList(x), false).head().neg();
            float first = Float.NaN;
            float last = Float.NaN;
            for (int i = 0; i < steps; i++) {
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray loss = trainer.getLoss().evaluate(new NDList(target), trainer.forward(new NDList(x)));
                    last = loss.getFloat();
                    first = i == 0 ? last : first;
                    gc.backward(loss);
                }
                trainer.step();
            }
            assertTrue(last < first, "the loss did not fall: " + first + " -> " + last);
        }
    }

    @Test
    void mlpTrainedInDjlRunsInOnnxRuntime() throws Exception {
        try (Model model = Model.newInstance("mlp", "PyTorch")) {
            SequentialBlock mlp = new SequentialBlock().add(Linear.builder().setUnits(16).build())
                    .add(LayerNorm.builder().build()).add(GELU.builder().build())
                    .add(Linear.builder().setUnits(16).build()).add(PReLU.builder().optNumParameters(16).build())
                    .add(Linear.builder().setUnits(3).build());
            model.setBlock(mlp);
            Shape shape = new Shape(8, 10);
            train(mlp, model, shape, 5);
            NDManager m = model.getNDManager();
            for (int opset : new int[] {13, 17, 20}) {
                OnnxMl.ModelProto exported = OnnxExporter.toModel(mlp, ExportOptions.defaults().optOpset(opset).optSymbolicBatch(true), shape);
                NDArray x = ExportTestSupport.input(m, new Shape(5, 10), DataType.FLOAT32);
                ExportBlocksTest.check("trained MLP opset " + opset, exported, mlp, m, x, true);
            }
        }
    }

    @Test
    void importedModelFineTunedAndWrittenBackRunsInOnnxRuntime() throws Exception {
        try (Model model = Model.newInstance("imported", "PyTorch")) {
            OnnxGraphBlock block = OnnxImporter.importModel(
                    Paths.get(System.getProperty("repo.root", "..")).resolve("models/onnx/mlp_gelu_op17/model.onnx"), model.getNDManager());
            OnnxMl.ModelProto before = block.toModelProto();
            model.setBlock(block);
            long[] in = before.getGraph().getInput(0).getType().getTensorType().getShape().getDimList().stream()
                    .mapToLong(d -> d.getDimValue()).toArray();
            train(block, model, new Shape(in), 5);
            OnnxMl.ModelProto after = block.toModelProto();
            assertFalse(before.getGraph().getInitializer(0).equals(after.getGraph().getInitializer(0)), "training changed nothing");
            NDArray x = ExportTestSupport.input(model.getNDManager(), new Shape(in), DataType.FLOAT32);
            ExportBlocksTest.check("fine-tuned mlp_gelu_op17", after, block, model.getNDManager(), x, true);
        }
    }

    @Test
    void importedBackboneUnderNewHeadFineTunedAndExported() throws Exception {
        try (Model model = Model.newInstance("backbone", "PyTorch")) {
            java.nio.file.Path dir = Paths.get(System.getProperty("repo.root", "..")).resolve("models/onnx");
            OnnxGraphBlock backbone = OnnxImporter.importModel(dir.resolve("mlp_relu_op17/model.onnx"), model.getNDManager());
            SequentialBlock net = new SequentialBlock().add(backbone).add(GELU.builder().build())
                    .add(Linear.builder().setUnits(2).build());
            model.setBlock(net);
            long[] in = backbone.toModelProto().getGraph().getInput(0).getType().getTensorType().getShape().getDimList().stream()
                    .mapToLong(d -> d.getDimValue()).toArray();
            train(net, model, new Shape(in), 5);
            OnnxMl.ModelProto exported = OnnxExporter.toModel(net, ExportOptions.defaults(), new Shape(in));
            assertTrue(exported.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals("fc1.weight")),
                    "the imported parameters keep their ONNX names");
            NDArray x = ExportTestSupport.input(model.getNDManager(), new Shape(in), DataType.FLOAT32);
            ExportBlocksTest.check("imported backbone + head", exported, net, model.getNDManager(), x, true);
            org.junit.jupiter.api.Assertions.assertThrows(io.github.torchact.onnx.export.OnnxExportException.class,
                    () -> OnnxExporter.toModel(net, ExportOptions.defaults().optOpset(13), new Shape(in)));
        }
    }
}
