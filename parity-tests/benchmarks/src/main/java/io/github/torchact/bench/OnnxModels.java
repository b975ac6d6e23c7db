package io.github.torchact.bench;

import io.github.torchact.spec.Params;

/**
 * The ONNX form of each activation ONNX Runtime can run: {@code "op"} the single ONNX op (opset 20),
 * {@code "chain"} the op chain {@code torch.onnx.export} writes (see REFERENCE.md's export table),
 * where it differs. Returns null where ONNX has no form for the variant.
 */
final class OnnxModels {

    private OnnxModels() {}

    static byte[] model(String variant, Params p, long[] shape) {
        OnnxGraph g = new OnnxGraph();
        boolean built = variant.equals("op") ? single(g, p) : variant.equals("chain") && chain(g, p);
        return built ? g.model(shape) : null;
    }

    private static boolean single(OnnxGraph g, Params p) {
        switch (p.spec().name()) {
            case "relu": g.op("Relu", "x"); return true;
            case "leaky_relu": g.op("LeakyRelu", "x").f("alpha", (float) p.get("negative_slope")); return true;
            case "elu": g.op("Elu", "x").f("alpha", (float) p.get("alpha")); return true;
            case "selu": g.op("Selu", "x"); return true;
            case "celu": g.op("Celu", "x").f("alpha", (float) p.get("alpha")); return true;
            case "gelu": g.op("Gelu", "x"); return true;
            case "gelu_tanh": g.op("Gelu", "x").s("approximate", "tanh"); return true;
            case "mish": g.op("Mish", "x"); return true;
            case "softsign": g.op("Softsign", "x"); return true;
            case "sigmoid": g.op("Sigmoid", "x"); return true;
            case "tanh": g.op("Tanh", "x"); return true;
            case "hardsigmoid": g.op("HardSigmoid", "x").f("alpha", 1f / 6).f("beta", 0.5f); return true;
            case "hardswish": g.op("HardSwish", "x"); return true;
            case "identity": g.op("Identity", "x"); return true;
            case "softmax": g.op("Softmax", "x").i("axis", -1); return true;
            case "log_softmax": g.op("LogSoftmax", "x").i("axis", -1); return true;
            case "softplus":
                if (p.get("beta") != 1) {
                    return false;
                }
                g.op("Softplus", "x");
                return true;
            case "relu6":
                g.op("Clip", "x", g.constant(0f), g.constant(6f));
                return true;
            case "hardtanh":
                g.op("Clip", "x", g.constant((float) p.get("min_val")), g.constant((float) p.get("max_val")));
                return true;
            default:
                return chain(g, p);
        }
    }

    /** torch.onnx.export's op chains (opset 13–17 exporter). */
    private static boolean chain(OnnxGraph g, Params p) {
        switch (p.spec().name()) {
            case "gelu": {
                String t = g.op("Div", "x", g.constant((float) Math.sqrt(2))).out();
                t = g.op("Erf", t).out();
                t = g.op("Add", t, g.constant(1f)).out();
                t = g.op("Mul", "x", t).out();
                g.op("Mul", t, g.constant(0.5f));
                return true;
            }
            case "mish": {
                String t = g.op("Softplus", "x").out();
                t = g.op("Tanh", t).out();
                g.op("Mul", "x", t);
                return true;
            }
            case "silu":
                g.op("Mul", "x", g.op("Sigmoid", "x").out());
                return true;
            case "logsigmoid":
                g.op("Log", g.op("Sigmoid", "x").out());
                return true;
            case "tanhshrink":
                g.op("Sub", "x", g.op("Tanh", "x").out());
                return true;
            case "softmin":
                g.op("Softmax", g.op("Neg", "x").out()).i("axis", -1);
                return true;
            default:
                return false;
        }
    }
}
