package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real models imported from the zoo fine-tune with DJL's Trainer on the PyTorch engine: six Adam steps towards a
 * fixed target lower the L2 loss, and saveParameters/loadParameters restore the trained outputs exactly in a fresh
 * import.
 */
class OnnxZooTrainingTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mobilenetv3_dynamo_dyn", "convnext_legacy17_dyn", "gpt2_dynamo_dyn", "llama_dynamo_fixed"})
    void fineTunesAndRoundTripsParameters(String name) throws Exception {
        Path dir = OnnxZooTest.zoo().resolve(name);
        Path set = dir.resolve("test_data_set_0");
        try (Model model = Model.newInstance(name, "PyTorch")) {
            OnnxGraphBlock block = OnnxImporter.importModel(dir.resolve("model.onnx"), model.getNDManager());
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
            List<TensorValue> inputs = new ArrayList<>();
            for (int i = 0; i < block.inputNames().size(); i++) {
                inputs.add(OnnxTestSupport.pb(set.resolve("input_" + i + ".pb")));
            }
            List<Float> losses = new ArrayList<>();
            try (Trainer trainer = model.newTrainer(config)) {
                Shape[] shapes = inputs.stream().map(v -> new Shape(v.shape())).toArray(Shape[]::new);
                trainer.initialize(shapes);
                NDManager m = trainer.getManager();
                NDList x = new NDList();
                inputs.forEach(v -> x.add(v.toNDArray(m)));
                NDArray target = OnnxTestSupport.pb(dir.resolve("grad/loss_weight.pb")).toNDArray(m);
                for (int step = 0; step < 6; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray pred = trainer.forward(x).head();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(target), new NDList(pred));
                        losses.add(loss.getFloat());
                        gc.backward(loss);
                    }
                    trainer.step();
                }
                System.out.println("ZOO-TRAIN " + name + " L2 loss per step: " + losses);
                assertTrue(losses.get(losses.size() - 1) < losses.get(0) * 0.95, name + ": loss did not fall: " + losses);

                float[] trained = run(block, m, inputs);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                block.saveParameters(new DataOutputStream(bytes));
                try (NDManager m2 = NDManager.newBaseManager("PyTorch")) {
                    OnnxGraphBlock fresh = OnnxImporter.importModel(dir.resolve("model.onnx"), m2);
                    assertFalse(java.util.Arrays.equals(run(fresh, m2, inputs), trained), "training changed nothing");
                    fresh.loadParameters(m2, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                    assertArrayEquals(trained, run(fresh, m2, inputs), "loadParameters did not restore the trained block");
                }
            }
        }
    }

    private static float[] run(OnnxGraphBlock block, NDManager m, List<TensorValue> inputs) {
        NDList in = new NDList();
        inputs.forEach(v -> in.add(v.toNDArray(m)));
        return block.forward(new ParameterStore(m, false), in, false).head().toType(DataType.FLOAT32, false).toFloatArray();
    }
}
