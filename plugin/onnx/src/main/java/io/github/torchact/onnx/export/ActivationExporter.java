package io.github.torchact.onnx.export;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import io.github.torchact.nn.ActivationBlock;
import io.github.torchact.onnx.TensorEncoder;
import io.github.torchact.spec.Params;

import java.util.Arrays;
import java.util.List;

/**
 * Catalog activations ({@link ActivationBlock}) as PyTorch's exporter writes them at the opset: the single ONNX op
 * where there is one (Gelu from opset 20, HardSwish from 14, Mish from 18), torch's op chain otherwise. Where torch's
 * form is not exact or torch exports nothing, an exact standard form (see the README's export table):
 * softplus with beta/threshold as the dynamo exporter's {@code Where(x·β > t, x, Softplus(x·β)/β)}, logsigmoid as
 * {@code -Softplus(-x)} (torch's {@code Log(Sigmoid(x))} is -inf below -104), threshold as
 * {@code Where(x <= t, value, x)}, heaviside as {@code Where(x == 0, values, x > 0)}, the shrinks as {@code Shrink}.
 * An activation not in PyTorch (squareplus) is written from its spec's libtorch expression ({@link
 * TorchExpressionExporter}). Every catalog activation has an exact standard form, so none needs a custom-domain op.
 */
final class ActivationExporter implements BlockExporter {

    @Override
    public boolean supports(Block block) {
        return block instanceof ActivationBlock;
    }

    @Override
    public List<String> export(Block block, List<String> inputs, ExportContext ctx) {
        ActivationBlock a = (ActivationBlock) block;
        return List.of(write(a.params(), a, inputs.get(0), ctx));
    }

    /** Writes activation {@code p} of {@code x}; {@code block} (null for a stateless one) holds the learnable tensor. */
    static String write(Params p, ActivationBlock block, String x, ExportContext ctx) {
        int opset = ctx.opset();
        switch (p.spec().name()) {
            case "relu":
                return ctx.node("Relu", List.of(x));
            case "relu6":
                return ctx.node("Clip", List.of(x, ctx.constant(x, 0), ctx.constant(x, 6)));
            case "hardtanh":
                return ctx.node("Clip", List.of(x, ctx.constant(x, p.get("min_val")), ctx.constant(x, p.get("max_val"))));
            case "leaky_relu":
                return ctx.node("LeakyRelu", List.of(x), Attrs.f("alpha", p.get("negative_slope")));
            case "rrelu":
                // torch's eval-mode rrelu: the mean slope (training draws random slopes; exports are inference)
                return ctx.node("LeakyRelu", List.of(x), Attrs.f("alpha", (p.get("lower") + p.get("upper")) / 2));
            case "prelu":
                return ctx.node("PRelu", List.of(x, channelParameter(block, x, ctx)));
            case "flexible_relu":
                return ctx.node("Add", List.of(ctx.node("Relu", List.of(x)), channelParameter(block, x, ctx)));
            case "elu":
                return ctx.node("Elu", List.of(x), Attrs.f("alpha", p.get("alpha")));
            case "selu":
                return ctx.node("Selu", List.of(x));
            case "celu":
                if (ctx.type(x) == DataType.FLOAT32) {
                    return ctx.node("Celu", List.of(x), Attrs.f("alpha", p.get("alpha")));
                }
                // ONNX defines Celu for float32 only: its definition, max(0, x) + min(0, alpha·(exp(x/alpha) - 1))
                return celu(x, p.get("alpha"), ctx);
            case "gelu":
                if (opset >= 20) {
                    return ctx.node("Gelu", List.of(x));
                }
                return gelu(x, ctx);
            case "gelu_tanh":
                if (opset >= 20) {
                    return ctx.node("Gelu", List.of(x), Attrs.s("approximate", "tanh"));
                }
                return geluTanh(x, ctx);
            case "silu":
                return ctx.node("Mul", List.of(x, ctx.node("Sigmoid", List.of(x))));
            case "mish":
                if (opset >= 18) {
                    return ctx.node("Mish", List.of(x));
                }
                return ctx.node("Mul", List.of(x, ctx.node("Tanh", List.of(ctx.node("Softplus", List.of(x))))));
            case "softplus":
                return softplus(x, p.get("beta"), p.get("threshold"), ctx);
            case "softsign":
                return ctx.node("Div", List.of(x, ctx.node("Add", List.of(ctx.node("Abs", List.of(x)), ctx.constant(x, 1)))));
            case "sigmoid":
                return ctx.node("Sigmoid", List.of(x));
            case "logsigmoid":
                return ctx.node("Neg", List.of(ctx.node("Softplus", List.of(ctx.node("Neg", List.of(x))))));
            case "tanh":
                return ctx.node("Tanh", List.of(x));
            case "tanhshrink":
                return ctx.node("Sub", List.of(x, ctx.node("Tanh", List.of(x))));
            case "hardsigmoid":
                return ctx.node("HardSigmoid", List.of(x), Attrs.f("alpha", 1.0 / 6), Attrs.f("beta", 0.5));
            case "hardswish":
                if (opset >= 14) {
                    return ctx.node("HardSwish", List.of(x));
                }
                return ctx.node("Mul", List.of(x,
                        ctx.node("HardSigmoid", List.of(x), Attrs.f("alpha", 1.0 / 6), Attrs.f("beta", 0.5))));
            case "hardshrink":
                return ctx.node("Shrink", List.of(x), Attrs.f("bias", 0), Attrs.f("lambd", p.get("lambd")));
            case "softshrink":
                return ctx.node("Shrink", List.of(x), Attrs.f("bias", p.get("lambd")), Attrs.f("lambd", p.get("lambd")));
            case "threshold": {
                String notAbove = ctx.node("LessOrEqual", List.of(x, ctx.constant(x, p.get("threshold"))));
                return ctx.node("Where", List.of(notAbove, ctx.constant(x, p.get("value")), x));
            }
            case "heaviside": {
                String zero = ctx.node("Equal", List.of(x, ctx.constant(x, 0)));
                String positive = ctx.node("Cast", List.of(ctx.node("Greater", List.of(x, ctx.constant(x, 0)))),
                        Attrs.i("to", TensorEncoder.onnxType(ctx.type(x))));
                ctx.setType(positive, ctx.type(x));
                return ctx.node("Where", List.of(zero, ctx.constant(x, p.get("values")), positive));
            }
            case "identity":
                return ctx.node("Identity", List.of(x));
            case "glu": {
                List<String> halves = opset >= 18
                        ? ctx.nodeOutputs("Split", List.of(x), 2, Attrs.i("axis", p.getInt("dim")), Attrs.i("num_outputs", 2))
                        : ctx.nodeOutputs("Split", List.of(x), 2, Attrs.i("axis", p.getInt("dim")));
                return ctx.node("Mul", List.of(halves.get(0), ctx.node("Sigmoid", List.of(halves.get(1)))));
            }
            case "softmax":
                return ctx.node("Softmax", List.of(x), Attrs.i("axis", p.getInt("dim")));
            case "log_softmax":
                return ctx.node("LogSoftmax", List.of(x), Attrs.i("axis", p.getInt("dim")));
            case "softmin":
                return ctx.node("Softmax", List.of(ctx.node("Neg", List.of(x))), Attrs.i("axis", p.getInt("dim")));
            case "softmax2d":
                return ctx.node("Softmax", List.of(x), Attrs.i("axis", -3));
            default: {
                String y = TorchExpressionExporter.write(p, x, ctx);
                if (y == null) {
                    throw new OnnxExportException("block '" + ctx.path() + "' " + p + ": no ONNX form for catalog activation "
                            + p.spec().name() + " (its libtorch expression is not a tree of elementwise ops ONNX has)");
                }
                return y;
            }
        }
    }

    private static String celu(String x, double alpha, ExportContext ctx) {
        String a = ctx.constant(x, alpha);
        String expm1 = ctx.node("Sub", List.of(ctx.node("Exp", List.of(ctx.node("Div", List.of(x, a)))), ctx.constant(x, 1)));
        String negative = ctx.node("Min", List.of(ctx.constant(x, 0), ctx.node("Mul", List.of(a, expm1))));
        return ctx.node("Add", List.of(ctx.node("Relu", List.of(x)), negative));
    }

    /** torch's legacy chain: x · (1 + Erf(x / √2)) · 0.5. */
    private static String gelu(String x, ExportContext ctx) {
        String erf = ctx.node("Erf", List.of(ctx.node("Div", List.of(x, ctx.constant(x, Math.sqrt(2))))));
        String y = ctx.node("Mul", List.of(x, ctx.node("Add", List.of(erf, ctx.constant(x, 1)))));
        return ctx.node("Mul", List.of(y, ctx.constant(x, 0.5)));
    }

    /** torch's legacy chain: 0.5 · x · (1 + Tanh(√(2/π) · (x + 0.044715 · x³))). */
    private static String geluTanh(String x, ExportContext ctx) {
        String cube = ctx.node("Mul", List.of(x, ctx.node("Mul", List.of(x, x))));
        String inner = ctx.node("Add", List.of(x, ctx.node("Mul", List.of(ctx.constant(x, 0.044715), cube))));
        String tanh = ctx.node("Tanh", List.of(ctx.node("Mul", List.of(ctx.constant(x, Math.sqrt(2 / Math.PI)), inner))));
        String y = ctx.node("Mul", List.of(x, ctx.node("Add", List.of(ctx.constant(x, 1), tanh))));
        return ctx.node("Mul", List.of(ctx.constant(x, 0.5), y));
    }

    /**
     * Softplus alone for torch's defaults (β = 1, t = 20: above 20 the two differ by under 2.1e-9, below f32
     * resolution); otherwise the dynamo exporter's exact form Where(x·β > t, x, Softplus(x·β) / β).
     */
    private static String softplus(String x, double beta, double threshold, ExportContext ctx) {
        if (beta == 1 && threshold == 20) {
            return ctx.node("Softplus", List.of(x));
        }
        String b = ctx.constant(x, beta);
        String scaled = ctx.node("Mul", List.of(x, b));
        String soft = ctx.node("Div", List.of(ctx.node("Softplus", List.of(scaled)), b));
        String linear = ctx.node("Greater", List.of(scaled, ctx.constant(x, threshold)));
        return ctx.node("Where", List.of(linear, x, soft));
    }

    /** The learnable tensor (PReLU slopes, FlexibleReLU bias) shaped to broadcast over axis 1, as torch reshapes it. */
    private static String channelParameter(ActivationBlock block, String x, ExportContext ctx) {
        Shape in = ctx.shape(x);
        if (in == null) {
            throw new OnnxExportException("block '" + ctx.path() + "' " + block + ": the input shape is unknown");
        }
        int rank = in.dimension();
        if (block.numParameters() == 1 || rank <= 2) {
            return ctx.parameter(block.learnable());
        }
        long[] shape = new long[rank - 1];
        Arrays.fill(shape, 1);
        shape[0] = block.numParameters();
        return ctx.parameter(block.learnable(), new Shape(shape));
    }
}
