package io.github.torchact.parity.compare;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import io.github.torchact.parity.oracle.HostTensor;

import java.util.function.UnaryOperator;

/**
 * Runs a DJL computation (a block's forward, or any NDArray function) on host tensors, on the default
 * engine: forward as is, backward through DJL's {@link GradientCollector}, giving results shaped like
 * the oracle's.
 */
public final class DjlRun {

    private DjlRun() {}

    /** f(x). */
    public static HostTensor forward(NDManager parent, UnaryOperator<NDArray> f, HostTensor x) {
        try (NDManager m = parent.newSubManager()) {
            NDArray y = f.apply(x.toNDArray(m));
            return HostTensor.of(y);
        }
    }

    /**
     * The vector-Jacobian product gy·f'(x) as DJL's autograd computes it: the backward of
     * sum(f(x)·gy), whose gradient with respect to f(x) is exactly gy.
     */
    public static HostTensor backward(NDManager parent, UnaryOperator<NDArray> f, HostTensor x, HostTensor gy) {
        try (NDManager m = parent.newSubManager()) {
            NDArray in = x.toNDArray(m);
            in.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray y = f.apply(in);
                gc.backward(y.mul(gy.toNDArray(m)));
            }
            return HostTensor.of(in.getGradient());
        }
    }
}
