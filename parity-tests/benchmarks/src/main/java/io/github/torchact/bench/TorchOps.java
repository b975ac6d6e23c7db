package io.github.torchact.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

import io.github.torchact.spec.Params;

import java.util.function.UnaryOperator;

/**
 * The activations DJL's PyTorch engine computes with a single libtorch call (REFERENCE.md, "DJL
 * 0.35.1 facts"); composites (relu6, swish, mish) are left out so the peer is the bare libtorch op.
 */
final class TorchOps {

    private TorchOps() {}

    /** The libtorch op for these parameters, or null if DJL has no single call for it. */
    static UnaryOperator<NDArray> of(Params p) {
        switch (p.spec().name()) {
            case "relu": return Activation::relu;
            case "sigmoid": return Activation::sigmoid;
            case "tanh": return Activation::tanh;
            case "softsign": return Activation::softSign;
            case "selu": return Activation::selu;
            case "gelu": return Activation::gelu;
            case "leaky_relu": {
                float a = (float) p.get("negative_slope");
                return x -> Activation.leakyRelu(x, a);
            }
            case "elu": {
                float a = (float) p.get("alpha");
                return x -> Activation.elu(x, a);
            }
            case "softplus":
                return p.get("beta") == 1 && p.get("threshold") == 20 ? Activation::softPlus : null;
            case "softmax": return x -> x.softmax(-1);
            case "log_softmax": return x -> x.logSoftmax(-1);
            default: return null;
        }
    }
}
