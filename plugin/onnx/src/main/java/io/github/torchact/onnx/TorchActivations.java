package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import io.github.torchact.spec.Params;

/**
 * Catalog activations as NDArray expressions in PyTorch's own form, so that on DJL's PyTorch engine they
 * run libtorch's kernel where DJL exposes it (relu, sigmoid, tanh, gelu, softplus(1, 20), softsign,
 * leaky_relu, elu, selu, softmax, log_softmax) and otherwise torch's formula
 * (torch/nn/functional.py, aten/src/ATen/native/Activation.cpp), differentiable by autograd.
 *
 * <p>This is the importer's evaluation route until the typed PyTorch-routed catalog blocks
 * ({@code io.github.torchact.nn}) are complete; each fused node keeps its catalog {@link Params}.
 */
final class TorchActivations {

    private TorchActivations() {}

    static NDArray apply(Params p, NDArray x, NDArray weight) {
        switch (p.spec().name()) {
            case "identity": return x;
            case "relu": return x.getNDArrayInternal().relu();
            case "relu6": return x.clip(0, 6);
            case "leaky_relu": return x.getNDArrayInternal().leakyRelu((float) p.get("negative_slope"));
            case "rrelu": return x.getNDArrayInternal().leakyRelu((float) ((p.get("lower") + p.get("upper")) / 2));
            case "prelu": return Nd.where(x.gt(0), x, x.mul(weight));
            case "elu": return x.getNDArrayInternal().elu((float) p.get("alpha"));
            case "selu": return x.getNDArrayInternal().selu();
            case "celu": {
                // torch: elu(x, alpha, scale=1, input_scale=1/alpha) = x > 0 ? x : alpha * (exp(x / alpha) - 1)
                double a = p.get("alpha");
                return Nd.where(x.gt(0), x, x.div(a).exp().sub(1).mul(a));
            }
            case "gelu": return x.getNDArrayInternal().gelu();
            case "gelu_tanh": {
                // 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3))), torch GeluKernel tanh branch
                NDArray inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(0.7978845608028654);
                return x.mul(0.5).mul(inner.tanh().add(1));
            }
            case "silu": return x.mul(x.getNDArrayInternal().sigmoid());
            case "mish": return x.mul(softplus(x, 1, 20).tanh());
            case "softplus": return softplus(x, p.get("beta"), p.get("threshold"));
            case "softsign": return x.getNDArrayInternal().softSign();
            case "sigmoid": return x.getNDArrayInternal().sigmoid();
            case "logsigmoid":
                // torch log_sigmoid_forward: min(x, 0) - log1p(exp(-|x|)), finite for all finite x
                return x.minimum(0).sub(x.abs().neg().exp().add(1).log());
            case "tanh": return x.tanh();
            case "tanhshrink": return x.sub(x.tanh());
            case "hardtanh": return x.clip(p.get("min_val"), p.get("max_val"));
            case "hardsigmoid": return x.add(3).clip(0, 6).div(6);
            case "hardswish": return x.mul(x.add(3).clip(0, 6)).div(6);
            case "hardshrink": {
                double l = p.get("lambd");
                return Nd.where(x.gte(-l).logicalAnd(x.lte(l)), x.zerosLike(), x);
            }
            case "softshrink": {
                double l = p.get("lambd");
                return Nd.where(x.gt(l), x.sub(l), Nd.where(x.lt(-l), x.add(l), x.zerosLike()));
            }
            case "threshold":
                return Nd.where(x.gt(p.get("threshold")), x, Nd.scalar(x, p.get("value")));
            case "glu": {
                int d = dim(p, x);
                NDList halves = x.split(2, d);
                return halves.get(0).mul(halves.get(1).getNDArrayInternal().sigmoid());
            }
            case "softmax": return x.softmax(dim(p, x));
            case "log_softmax": return x.logSoftmax(dim(p, x));
            case "softmin": return x.neg().softmax(dim(p, x));
            default:
                throw new UnsupportedOperationException("no NDArray form for catalog activation " + p.spec().name());
        }
    }

    /** torch softplus: x if beta * x > threshold else log1p(exp(beta * x)) / beta. */
    private static NDArray softplus(NDArray x, double beta, double threshold) {
        if (beta == 1 && threshold == 20) {
            return x.getNDArrayInternal().softPlus();
        }
        NDArray bx = x.mul(beta);
        return Nd.where(bx.gt(threshold), x, bx.exp().add(1).log().div(beta));
    }

    private static int dim(Params p, NDArray x) {
        int d = p.getInt("dim");
        return d < 0 ? d + x.getShape().dimension() : d;
    }
}
