package io.github.torchact.parity.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.nn.ActivationBlock;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference.Gradients;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/** Runs a block on a parity case on DJL's PyTorch engine: forward, and backward through a GradientCollector. */
final class BlockRun {

    private BlockRun() {}

    /** The typed block for the case, initialised for its input, with the case's weight values. */
    static ActivationBlock block(ParityCase c, NDManager m) {
        int n = c.weight() == null ? 0 : c.weight().size();
        ActivationBlock b = ActivationBlock.of(c.params(), n);
        b.initialize(m, c.x().dataType(), new Shape(c.x().shape()));
        if (c.weight() != null) {
            NDArray w = b.learnable().getArray();
            if (c.isF64()) {
                w.set(DoubleBuffer.wrap(c.weight().f64()));
            } else {
                w.set(FloatBuffer.wrap(c.weight().f32()));
            }
        }
        return b;
    }

    static HostTensor forward(ParityCase c, boolean training) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ActivationBlock b = block(c, m);
            NDArray x = c.x().toNDArray(m);
            NDList y = b.forward(new ParameterStore(m, false), new NDList(x), training);
            return HostTensor.of(y.singletonOrThrow());
        }
    }

    /** d(sum(y * gy))/dx and /dweight: the vector-Jacobian product for upstream gradient gy, exactly. */
    static Gradients backward(ParityCase c, boolean training) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ActivationBlock b = block(c, m);
            NDArray x = c.x().toNDArray(m);
            x.setRequiresGradient(true);
            NDArray gy = c.gy().toNDArray(m);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray y = b.forward(new ParameterStore(m, false), new NDList(x), training).singletonOrThrow();
                gc.backward(y.mul(gy).sum());
            }
            HostTensor gw = c.weight() == null ? null : HostTensor.of(b.learnable().getArray().getGradient());
            return new Gradients(HostTensor.of(x.getGradient()), gw);
        }
    }
}
