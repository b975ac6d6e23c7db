package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * BatchNormalization in a training forward behaves as torch.nn.BatchNorm2d in train() mode: on cnn_op13 the
 * output, the running statistics after one forward (updated in place, unbiased variance, momentum 0.1) and the
 * gradients of loss = sum(output · W) through the batch statistics equal torch's (golden train_*.pb from
 * models/onnx/make_bn_training_golden.py, torch 2.13); running statistics stay non-trainable.
 */
class OnnxBatchNormTrainingTest {

    private static final String[] STATS = {"bn1.running_mean", "bn1.running_var", "bn2.running_mean", "bn2.running_var"};

    @Test
    void trainingForwardMatchesTorchTrainMode() throws Exception {
        Path dir = OnnxTestSupport.corpus().resolve("cnn_op13");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            OnnxGraphBlock block = OnnxImporter.importModel(dir.resolve("model.onnx"), m);
            List<float[]> before = new ArrayList<>();
            for (String s : STATS) {
                before.add(block.parameter(s).getArray().toFloatArray());
            }
            NDArray x = OnnxTestSupport.pb(dir.resolve("input_0.pb")).toNDArray(m);
            NDArray w = OnnxTestSupport.pb(dir.resolve("loss_weight.pb")).toNDArray(m);
            x.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(m, false), new NDList(x), true).head();
                y = out.toFloatArray();
                gc.backward(out.mul(w).sum());
            }

            double outWorst = worst(y, OnnxTestSupport.floats(OnnxTestSupport.pb(dir.resolve("train_output_0.pb"))),
                    OnnxTestSupport.ABS, OnnxTestSupport.REL, "output");
            double statWorst = 0;
            for (int i = 0; i < STATS.length; i++) {
                Parameter p = block.parameter(STATS[i]);
                assertNotNull(p, STATS[i]);
                assertFalse(p.requiresGradient(), STATS[i] + " must not train");
                float[] now = p.getArray().toFloatArray();
                assertFalse(java.util.Arrays.equals(before.get(i), now), STATS[i] + " was not updated");
                float[] ref = OnnxTestSupport.floats(OnnxTestSupport.pb(dir.resolve("train_" + STATS[i] + ".pb")));
                statWorst = Math.max(statWorst, worst(now, ref, OnnxTestSupport.ABS, OnnxTestSupport.REL, STATS[i]));
            }

            double gradWorst = 0;
            int grads = 0;
            List<Path> files = new ArrayList<>();
            try (var s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().startsWith("train_grad_")).sorted().forEach(files::add);
            }
            for (Path g : files) {
                String name = g.getFileName().toString().replaceFirst("^train_grad_", "").replaceFirst("\\.pb$", "");
                NDArray got = name.equals("input_0") ? x.getGradient() : block.parameter(name).getArray().getGradient();
                gradWorst = Math.max(gradWorst, worst(got.toFloatArray(), OnnxTestSupport.floats(OnnxTestSupport.pb(g)),
                        OnnxTrainingTest.GRAD_ABS, OnnxTrainingTest.GRAD_REL, "grad " + name));
                grads++;
            }
            System.out.printf("BN-TRAIN cnn_op13 worst |d|/(abs+rel|ref|): output %.4f, running stats %.4f, %d gradients %.4f%n",
                    outWorst, statWorst, grads, gradWorst);
            assertTrue(grads >= 10, "missing train_grad goldens: " + grads);

            // an inference forward afterwards normalises with the updated running statistics and leaves them alone
            float[] stat = block.parameter("bn1.running_mean").getArray().toFloatArray();
            float[] eval = block.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
            assertTrue(java.util.Arrays.equals(stat, block.parameter("bn1.running_mean").getArray().toFloatArray()),
                    "an inference forward changed running_mean");
            assertFalse(java.util.Arrays.equals(eval, y), "inference forward used batch statistics");
        }
    }

    /** Largest |a - ref| / (abs + rel·|ref|), asserted <= 1. */
    private static double worst(float[] a, float[] ref, double abs, double rel, String what) {
        assertEquals(ref.length, a.length, what + " size");
        double worst = 0;
        double maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - ref[i]);
            maxAbs = Math.max(maxAbs, d);
            worst = Math.max(worst, d / (abs + rel * Math.abs(ref[i])));
        }
        System.out.printf("BN-TRAIN %-22s max |d| = %.3e, ratio %.4f%n", what, maxAbs, worst);
        assertTrue(worst <= 1, what + " differs from torch train mode: ratio " + worst + ", max |d| " + maxAbs);
        return worst;
    }
}
