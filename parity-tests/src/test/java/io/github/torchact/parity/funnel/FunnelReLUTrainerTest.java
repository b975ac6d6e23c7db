package io.github.torchact.parity.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.github.torchact.nn.FunnelReLU;
import io.github.torchact.parity.oracle.FunnelReference;
import io.github.torchact.parity.oracle.HostTensor;

import org.junit.jupiter.api.Test;

/**
 * FunnelReLU under DJL's Trainer on the PyTorch engine: the trainer keeps torch's initialisation (the conv
 * weight is not Xavier-initialised), a step moves the learnable tensors by SGD on torch's gradients and
 * updates the running statistics as torch's training forward does.
 */
class FunnelReLUTrainerTest {

    @Test
    void oneSgdStepAsTorch() {
        FunnelCase c = FunnelCase.random(42, false, 2, 3, 5, 5, 3);
        float lr = 0.1f;
        try (Model model = Model.newInstance("funnel", Device.cpu(), "PyTorch");
                FunnelReference oracle = FunnelReference.load()) {
            FunnelReLU block = FunnelReLU.builder().setChannels(3).build();
            model.setBlock(block);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).build());
            try (Trainer t = model.newTrainer(cfg)) {
                t.initialize(new Shape(c.x().shape()));
                for (float v : block.tensors().get(0).getArray().toFloatArray()) {
                    assertTrue(Math.abs(v) <= 1 / 3f, "torch's kaiming-uniform bound kept under the trainer: " + v);
                }
                for (int i = 0; i < 6; i++) {
                    block.tensors().get(i).getArray().set(c.params()[i].toNDArray(t.getManager()).toByteBuffer());
                }
                HostTensor[] grads = oracle.backward(c.x(), c.params(), true, c.gy());
                HostTensor[] after = oracle.forward(c.x(), c.params(), true);
                try (GradientCollector gc = t.newGradientCollector()) {
                    NDArray y = t.forward(new NDList(c.x().toNDArray(t.getManager()))).head();
                    gc.backward(y.mul(c.gy().toNDArray(t.getManager())).sum());
                }
                t.step();
                for (int i = 0; i < 4; i++) {
                    float[] w0 = c.params()[i].f32();
                    float[] g = grads[1 + i].f32();
                    float[] w1 = block.tensors().get(i).getArray().toFloatArray();
                    for (int j = 0; j < w0.length; j++) {
                        assertEquals(w0[j] - lr * g[j], w1[j], 1e-6 * (1 + Math.abs(w0[j])),
                                block.tensors().get(i).getName() + "[" + j + "]");
                    }
                }
                FunnelReLUParityTest.assertBitwise(after[1], HostTensor.of(block.tensors().get(4).getArray()), "running_mean");
                FunnelReLUParityTest.assertBitwise(after[2], HostTensor.of(block.tensors().get(5).getArray()), "running_var");
                assertNotEquals(c.params()[4].get(0), after[1].get(0));
            }
        }
    }
}
