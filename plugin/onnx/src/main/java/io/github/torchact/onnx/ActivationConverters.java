package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import java.util.Map;

/**
 * ONNX activation operators (onnx/docs/Operators.md) mapped to catalog activations where the ONNX
 * semantics equal PyTorch's, else to a generic NDArray form with the ONNX formula.
 */
final class ActivationConverters {

    private ActivationConverters() {}

    /** |a - b| within a float32 rounding of b: how constants stored as f32 are compared. */
    static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    }

    static GraphOp catalog(String name, Map<String, ? extends Number> values) {
        return new CatalogOp(Catalog.get(name).params(values));
    }

    static void register(ConverterRegistry r) {
        r.register("", "Relu", 1, (n, c) -> { n.allowOnly(); return catalog("relu", Map.of()); });
        r.register("", "Sigmoid", 1, (n, c) -> { n.allowOnly(); return catalog("sigmoid", Map.of()); });
        r.register("", "Tanh", 1, (n, c) -> { n.allowOnly(); return catalog("tanh", Map.of()); });
        r.register("", "Softsign", 1, (n, c) -> { n.allowOnly(); return catalog("softsign", Map.of()); });
        r.register("", "HardSwish", 14, (n, c) -> { n.allowOnly(); return catalog("hardswish", Map.of()); });
        r.register("", "Mish", 18, (n, c) -> { n.allowOnly(); return catalog("mish", Map.of()); });
        // ONNX Softplus is log(exp(x) + 1) with no threshold; torch's default threshold 20 changes the result by
        // less than exp(-20) relative, below float32 resolution.
        r.register("", "Softplus", 1, (n, c) -> { n.allowOnly(); return catalog("softplus", Map.of("beta", 1.0, "threshold", 20.0)); });
        r.register("", "LeakyRelu", 1, (n, c) -> {
            n.allowOnly("alpha");
            return catalog("leaky_relu", Map.of("negative_slope", n.getFloat("alpha", 0.01f)));
        });
        r.register("", "Elu", 1, (n, c) -> {
            n.allowOnly("alpha");
            return catalog("elu", Map.of("alpha", n.getFloat("alpha", 1f)));
        });
        r.register("", "Celu", 12, (n, c) -> {
            n.allowOnly("alpha");
            float a = n.getFloat("alpha", 1f);
            if (a == 0) {
                throw OnnxImportException.atNode(n, "attribute 'alpha' = 0 is not supported (division by zero)");
            }
            return catalog("celu", Map.of("alpha", a));
        });
        r.register("", "Selu", 1, ActivationConverters::selu);
        r.register("", "PRelu", 1, (n, c) -> { n.allowOnly(); return new CatalogOp(Catalog.get("prelu").defaults()); });
        r.register("", "Gelu", 20, (n, c) -> {
            n.allowOnly("approximate");
            String a = n.getString("approximate", "none");
            switch (a) {
                case "none": return catalog("gelu", Map.of());
                case "tanh": return catalog("gelu_tanh", Map.of());
                default: throw OnnxImportException.atNode(n, "attribute 'approximate' = '" + a + "' is not supported (none, tanh)");
            }
        });
        r.register("", "HardSigmoid", 6, ActivationConverters::hardSigmoid);
        r.register("", "ThresholdedRelu", 10, (n, c) -> {
            n.allowOnly("alpha");
            return catalog("threshold", Map.of("threshold", n.getFloat("alpha", 1f), "value", 0.0));
        });
        r.register("", "Shrink", 9, ActivationConverters::shrink);
        r.register("", "Clip", 6, ActivationConverters::clipAttributes);
        r.register("", "Clip", 11, ActivationConverters::clipInputs);
        r.register("", "Softmax", 1, (n, c) -> softmaxFamily(n, 1, false));
        r.register("", "Softmax", 13, (n, c) -> softmaxFamily(n, 13, false));
        r.register("", "LogSoftmax", 1, (n, c) -> softmaxFamily(n, 1, true));
        r.register("", "LogSoftmax", 13, (n, c) -> softmaxFamily(n, 13, true));
        r.register("", "Hardmax", 1, (n, c) -> hardmax(n, 1));
        r.register("", "Hardmax", 13, (n, c) -> hardmax(n, 13));
        r.register("", "Erf", 9, (n, c) -> {
            n.allowOnly();
            return GraphOp.scripted(in -> new NDArray[] {in[0].erf()}, ScriptForm.of(1, "return torch.erf(a0)"));
        });
        r.register("", "Identity", 1, (n, c) -> {
            n.allowOnly();
            return GraphOp.scripted(in -> new NDArray[] {in[0]}, ScriptForm.of(1, "return a0"));
        });
        // the fused nodes of PatternFuser, each one catalog activation
        for (ActivationSpec s : new ActivationSpec[] {Catalog.IDENTITY, Catalog.RELU, Catalog.RELU6, Catalog.LEAKY_RELU,
                Catalog.RRELU, Catalog.PRELU, Catalog.ELU, Catalog.SELU, Catalog.CELU, Catalog.GELU, Catalog.GELU_TANH,
                Catalog.SILU, Catalog.MISH, Catalog.SOFTPLUS, Catalog.SOFTSIGN, Catalog.SIGMOID, Catalog.LOGSIGMOID,
                Catalog.TANH, Catalog.TANHSHRINK, Catalog.HARDTANH, Catalog.HARDSIGMOID, Catalog.HARDSWISH,
                Catalog.HARDSHRINK, Catalog.SOFTSHRINK, Catalog.THRESHOLD, Catalog.GLU, Catalog.SOFTMAX,
                Catalog.LOG_SOFTMAX, Catalog.SOFTMIN}) {
            r.register(OnnxNode.TORCHACT_DOMAIN, s.name(), 1, (n, c) -> new CatalogOp(n.fusedParams()));
        }
    }

    /** torch's SELU constants (torch/nn/functional.py) as ONNX stores them in float32: then catalog selu. */
    private static GraphOp selu(OnnxNode n, ConversionContext c) {
        n.allowOnly("alpha", "gamma");
        float alpha = n.getFloat("alpha", 1.67326319217681884765625f);
        float gamma = n.getFloat("gamma", 1.05070102214813232421875f);
        if (close(alpha, 1.6732632423543772) && close(gamma, 1.0507009873554805)) {
            return catalog("selu", Map.of());
        }
        return GraphOp.scripted(in -> new NDArray[] {Nd.where(in[0].gt(0), in[0], in[0].exp().sub(1).mul(alpha)).mul(gamma)},
                ScriptForm.of(1, ScriptForm.lines(
                        "e = torch.mul(torch.sub(torch.exp(a0), 1), " + ScriptForm.f(alpha) + ")",
                        where("w", "torch.gt(a0, 0)", "a0", "e"),
                        "return torch.mul(w, " + ScriptForm.f(gamma) + ")")));
    }

    /**
     * TorchScript setting {@code var} to {@link Nd#where}{@code (cond, a, b)}: the three broadcast together (each
     * expanded only where its shape differs, as broadcast_tensors does), then torch.where.
     */
    static String where(String var, String cond, String a, String b) {
        return "_b = torch.broadcast_tensors([" + cond + ", " + a + ", " + b + "])\n"
                + var + " = torch.where(_b[0], _b[1], _b[2])";
    }

    /**
     * HardSigmoid(alpha, beta) = max(0, min(1, alpha x + beta)); ONNX's default alpha is 0.2, torch's is 1/6
     * (its exporter writes alpha = 1/6): catalog hardsigmoid only for alpha ≈ 1/6 and beta = 0.5.
     */
    private static GraphOp hardSigmoid(OnnxNode n, ConversionContext c) {
        n.allowOnly("alpha", "beta");
        float alpha = n.getFloat("alpha", 0.2f);
        float beta = n.getFloat("beta", 0.5f);
        if (close(alpha, 1.0 / 6) && beta == 0.5f) {
            return catalog("hardsigmoid", Map.of());
        }
        return GraphOp.scripted(in -> new NDArray[] {in[0].mul(alpha).add(beta).clip(0, 1)},
                ScriptForm.of(1, "return torch.clamp(torch.add(torch.mul(a0, " + ScriptForm.f(alpha) + "), "
                        + ScriptForm.f(beta) + "), 0, 1)"));
    }

    /** Shrink(bias, lambd): x < -lambd ? x + bias : x > lambd ? x - bias : 0. */
    private static GraphOp shrink(OnnxNode n, ConversionContext c) {
        n.allowOnly("bias", "lambd");
        float bias = n.getFloat("bias", 0f);
        float lambd = n.getFloat("lambd", 0.5f);
        if (lambd >= 0 && bias == 0) {
            return catalog("hardshrink", Map.of("lambd", lambd));
        }
        if (lambd >= 0 && bias == lambd) {
            return catalog("softshrink", Map.of("lambd", lambd));
        }
        return GraphOp.scripted(in -> {
            NDArray x = in[0];
            return new NDArray[] {Nd.where(x.lt(-lambd), x.add(bias), Nd.where(x.gt(lambd), x.sub(bias), x.zerosLike()))};
        }, ScriptForm.of(1, ScriptForm.lines(
                "c1 = torch.lt(a0, " + ScriptForm.f(-lambd) + ")",
                "y1 = torch.add(a0, " + ScriptForm.f(bias) + ")",
                "c2 = torch.gt(a0, " + ScriptForm.f(lambd) + ")",
                "y2 = torch.sub(a0, " + ScriptForm.f(bias) + ")",
                "z = torch.zeros_like(a0)",
                where("w2", "c2", "y2", "z"),
                where("w1", "c1", "y1", "w2"),
                "return w1")));
    }

    private static GraphOp clipAttributes(OnnxNode n, ConversionContext c) {
        n.allowOnly("min", "max");
        return clip(n, n.getFloat("min", Float.NEGATIVE_INFINITY), n.getFloat("max", Float.POSITIVE_INFINITY));
    }

    private static GraphOp clipInputs(OnnxNode n, ConversionContext c) {
        n.allowOnly();
        boolean loKnown = n.input(1).isEmpty() || c.constant(n.input(1)) != null;
        boolean hiKnown = n.input(2).isEmpty() || c.constant(n.input(2)) != null;
        if (!loKnown || !hiKnown) {
            // bounds computed at run time: min(max(x, lo), hi) on tensors
            int[] args = ScriptForm.present(n);
            StringBuilder body = new StringBuilder("y = a0\n");
            for (int k = 1; k < args.length; k++) {
                body.append("y = torch.").append(args[k] == 1 ? "maximum" : "minimum").append("(y, a").append(k).append(")\n");
            }
            return GraphOp.scripted(in -> {
                NDArray y = in[0];
                if (in.length > 1 && in[1] != null) {
                    y = y.maximum(in[1]);
                }
                if (in.length > 2 && in[2] != null) {
                    y = y.minimum(in[2]);
                }
                return new NDArray[] {y};
            }, ScriptForm.of(args, 1, body.append("return y").toString()));
        }
        double lo = n.input(1).isEmpty() ? Double.NEGATIVE_INFINITY : c.requireConstant(n, 1, "Clip min").scalar();
        double hi = n.input(2).isEmpty() ? Double.POSITIVE_INFINITY : c.requireConstant(n, 2, "Clip max").scalar();
        return clip(n, lo, hi);
    }

    /** Clip with constant bounds: torch's relu6 for [0, 6], hardtanh for other finite [lo, hi], else clamp. */
    private static GraphOp clip(OnnxNode n, double lo, double hi) {
        if (lo == 0 && hi == 6) {
            return catalog("relu6", Map.of());
        }
        if (Double.isFinite(lo) && Double.isFinite(hi) && lo < hi) {
            return catalog("hardtanh", Map.of("min_val", lo, "max_val", hi));
        }
        // min(max(x, lo), hi): when lo > hi every element becomes hi, as ONNX specifies. DJL passes each bound as a
        // float64 0-dim tensor
        return GraphOp.scripted(in -> new NDArray[] {in[0].maximum(lo).minimum(hi)}, ScriptForm.of(new int[] {0}, 1, ScriptForm.lines(
                "lo = torch.tensor(" + ScriptForm.f(lo) + ", dtype=" + TensorConverters.DOUBLE + ", device=a0.device)",
                "hi = torch.tensor(" + ScriptForm.f(hi) + ", dtype=" + TensorConverters.DOUBLE + ", device=a0.device)",
                "return torch.minimum(torch.maximum(a0, lo), hi)")));
    }

    /**
     * Softmax/LogSoftmax. From opset 13 along one axis (default -1): catalog softmax/log_softmax. Before 13,
     * the input is coerced to 2-D [prod(d0..axis-1), prod(axis..)] (default axis 1) and normalised per row.
     */
    private static GraphOp softmaxFamily(OnnxNode n, long since, boolean log) {
        n.allowOnly("axis");
        long axis = n.getInt("axis", since >= 13 ? -1 : 1);
        String f = log ? "torch.log_softmax" : "torch.softmax";
        String d = "d = " + axis + "\nif d < 0:\n  d = d + a0.dim()";
        if (since >= 13) {
            // the catalog softmax / log_softmax: torch.softmax(x, dim) (DJL's eager call passes x's own dtype: the same)
            return GraphOp.scripted(in -> {
                int dim = Nd.axis(axis, in[0].getShape().dimension(), n, "axis");
                Params p = Catalog.get(log ? "log_softmax" : "softmax").params(Map.of("dim", dim));
                return new NDArray[] {ActivationRouter.forward(p, in[0], null, false)};
            }, ScriptForm.of(1, d + "\nreturn " + f + "(a0, d)"), "catalog " + (log ? "log_softmax" : "softmax") + "(dim=" + axis + ")");
        }
        return GraphOp.scripted(in -> {
            NDArray x = in[0];
            Shape s = x.getShape();
            NDArray flat = coerce2d(x, Nd.axis(axis, s.dimension(), n, "axis"));
            NDArray y = log ? flat.logSoftmax(1) : flat.softmax(1);
            return new NDArray[] {y.reshape(s)};
        }, ScriptForm.of(1, ScriptForm.lines(d, COERCE_2D, "return torch.reshape(" + f + "(flat, 1, a0.dtype), a0.size())")));
    }

    /** TorchScript for {@link #coerce2d}: {@code flat} = a0 as [prod(d0..d-1), rest] (axis in {@code d}). */
    private static final String COERCE_2D = ScriptForm.lines(
            "rows = 1",
            "for i in range(d):",
            "  rows = rows * a0.size(i)",
            "flat = torch.reshape(a0, [rows, a0.numel() // max(rows, 1)])");

    private static NDArray coerce2d(NDArray x, int axis) {
        Shape s = x.getShape();
        long rows = 1;
        for (int i = 0; i < axis; i++) {
            rows *= s.get(i);
        }
        return x.reshape(rows, s.size() / Math.max(rows, 1));
    }

    /** Hardmax: 1 at the first maximum along the axis, 0 elsewhere (before 13: on the 2-D coercion). */
    private static GraphOp hardmax(OnnxNode n, long since) {
        n.allowOnly("axis");
        long axis = n.getInt("axis", since >= 13 ? -1 : 1);
        String d = "d = " + axis + "\nif d < 0:\n  d = d + a0.dim()";
        // argmax, then DJL's oneHot: one_hot of the int64 indices, converted to x's dtype
        String body = since >= 13 ? ScriptForm.lines(d,
                "perm = annotate(List[int], [])",
                "for i in range(a0.dim()):",
                "  if i != d:",
                "    perm.append(i)",
                "perm.append(d)",
                "t = torch.permute(a0, perm)",
                "oh = torch.one_hot(torch.argmax(torch.reshape(t, [-1, a0.size(d)]), 1, False), a0.size(d)).to(a0.dtype)",
                "oh = torch.reshape(oh, t.size())",
                "inv = annotate(List[int], [])",
                "for i in range(len(perm)):",
                "  inv.append(0)",
                "for i in range(len(perm)):",
                "  inv[perm[i]] = i",
                "return torch.permute(oh, inv)")
                : ScriptForm.lines(d, COERCE_2D,
                "oh = torch.one_hot(torch.argmax(flat, 1, False), flat.size(1)).to(a0.dtype)",
                "return torch.reshape(oh, a0.size())");
        return GraphOp.scripted(hardmaxOp(n, since, axis), ScriptForm.of(1, body));
    }

    private static GraphOp hardmaxOp(OnnxNode n, long since, long axis) {
        return in -> {
            NDArray x = in[0];
            Shape s = x.getShape();
            int a = Nd.axis(axis, s.dimension(), n, "axis");
            NDArray moved;
            if (since >= 13) {
                int[] perm = new int[s.dimension()];
                for (int i = 0, j = 0; i < perm.length; i++) {
                    if (i != a) {
                        perm[j++] = i;
                    }
                }
                perm[perm.length - 1] = a;
                NDArray t = x.transpose(perm);
                Shape ts = t.getShape();
                NDArray oh = t.reshape(-1, s.get(a)).argMax(1).oneHot((int) s.get(a), x.getDataType()).reshape(ts);
                int[] inv = new int[perm.length];
                for (int i = 0; i < perm.length; i++) {
                    inv[perm[i]] = i;
                }
                moved = oh.transpose(inv);
            } else {
                NDArray flat = coerce2d(x, a);
                moved = flat.argMax(1).oneHot((int) flat.getShape().get(1), x.getDataType()).reshape(s);
            }
            return new NDArray[] {moved};
        };
    }
}
