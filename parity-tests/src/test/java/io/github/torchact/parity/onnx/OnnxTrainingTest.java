package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The imported CNN is trainable: its parameter gradients for loss = sum(output · W) equal torch autograd's
 * goldens (grad_*.pb, torch 2.13, eval mode) within 1e-6 + 1e-5·|ref|, the loss falls under DJL's Trainer
 * on the PyTorch engine, and saveParameters/loadParameters round-trip the trained values.
 */
class OnnxTrainingTest {

    /** Gradient bound: |g - g_torch| <= GRAD_ABS + GRAD_REL·|g_torch| (summation order inside conv backward may differ). */
    static final double GRAD_ABS = 1e-6;
    static final double GRAD_REL = 1e-5;

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cnn_op13", "cnn_op17", "cnn_dynamo_op18", "cnn_dynamo_op20", "cnn_bnfused_op13",
            "mlp_gelu_tanh_op13", "mlp_prelu_op13", "mlp_mish_op17", "mlp_mish_dynamo_op20"})
    void gradientsEqualTorchAutograd(String model) throws Exception {
        Path dir = OnnxTestSupport.corpus().resolve(model);
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock block = OnnxImporter.importModel(dir.resolve("model.onnx"), m);
            NDArray x = OnnxTestSupport.pb(dir.resolve("input_0.pb")).toNDArray(m);
            NDArray w = OnnxTestSupport.pb(dir.resolve("loss_weight.pb")).toNDArray(m);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                // eval-mode goldens: an inference forward (BatchNorm on running statistics), still differentiable
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).head();
                gc.backward(y.mul(w).sum());
            }
            int checked = 0;
            double worst = 0;
            List<Path> grads = new ArrayList<>();
            try (var s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().startsWith("grad_")).sorted().forEach(grads::add);
            }
            for (Path g : grads) {
                String name = g.getFileName().toString().replaceFirst("^grad_", "").replaceFirst("\\.pb$", "");
                NDArray got;
                if (name.equals("input_0")) {
                    got = x.getGradient();
                } else {
                    Parameter p = block.parameter(name);
                    assertNotNull(p, model + ": initializer " + name + " is not a parameter");
                    assertTrue(p.requiresGradient(), name + " should train");
                    got = p.getArray().getGradient();
                }
                float[] ref = OnnxTestSupport.floats(OnnxTestSupport.pb(g));
                float[] a = got.toFloatArray();
                assertEquals(ref.length, a.length, name);
                for (int i = 0; i < a.length; i++) {
                    double r = Math.abs(a[i] - ref[i]) / (GRAD_ABS + GRAD_REL * Math.abs(ref[i]));
                    worst = Math.max(worst, r);
                }
                checked++;
            }
            System.out.printf("GRAD %-22s %d gradient files, worst |g-g_torch|/(%.0e+%.0e|g|) = %.4f%n", model, checked, GRAD_ABS, GRAD_REL, worst);
            assertTrue(checked >= 2, model + ": no gradient goldens");
            assertTrue(worst <= 1, model + ": gradient differs from torch autograd, ratio " + worst);
            Parameter mean = block.parameter("bn1.running_mean");
            if (mean != null) {
                assertFalse(mean.requiresGradient(), "running stats must not train");
            }
        }
    }

    @Test
    void cnnTrainsWithDjlTrainerAndRoundTripsParameters() throws Exception {
        Path dir = OnnxTestSupport.corpus().resolve("cnn_op13");
        try (Model model = Model.newInstance("cnn", "PyTorch")) {
            OnnxGraphBlock block = OnnxImporter.importModel(dir.resolve("model.onnx"), model.getNDManager());
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss("ce", 1, -1, true, false))
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build());
            List<Float> losses = new ArrayList<>();
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(2, 3, 16, 16));
                NDManager m = trainer.getManager();
                NDArray x = OnnxTestSupport.pb(dir.resolve("input_0.pb")).toNDArray(m);
                NDArray labels = m.create(new float[] {3, 7});
                for (int step = 0; step < 6; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray pred = trainer.forward(new NDList(x)).head();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(pred));
                        losses.add(loss.getFloat());
                        gc.backward(loss);
                    }
                    trainer.step();
                }
                System.out.println("TRAIN cnn_op13 loss per step: " + losses);
                assertTrue(losses.get(losses.size() - 1) < losses.get(0) * 0.9, "loss did not fall: " + losses);

                float[] trained = OnnxTestSupport.run(block, m, List.of(OnnxTestSupport.pb(dir.resolve("input_0.pb"))));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                block.saveParameters(new DataOutputStream(bytes));
                try (NDManager m2 = NDManager.newBaseManager("PyTorch")) {
                    OnnxGraphBlock fresh = OnnxImporter.importModel(dir.resolve("model.onnx"), m2);
                    TensorValue in = OnnxTestSupport.pb(dir.resolve("input_0.pb"));
                    float[] before = OnnxTestSupport.run(fresh, m2, List.of(in));
                    assertFalse(java.util.Arrays.equals(before, trained), "training changed nothing");
                    fresh.loadParameters(m2, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                    assertArrayEquals(trained, OnnxTestSupport.run(fresh, m2, List.of(in)), "loadParameters did not restore the trained block");
                }
            }
        }
    }
}
