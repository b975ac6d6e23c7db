package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Arithmetic, comparison, logic, bitwise, Where, Cast and reductions; numpy broadcasting as in ONNX. Integer and
 * bool tensors keep ONNX's dtypes: comparisons and IsNaN/IsInf give bool, Pow the base's type, integer Div
 * truncates. Each op is the libtorch operator with ONNX's meaning (through DJL where it has one, else a
 * TorchScript call), so gradients are libtorch's.
 */
final class ElementwiseConverters {

    private ElementwiseConverters() {}

    static void register(ConverterRegistry r) {
        binary(r, "Add", 7, NDArray::add, "return torch.add(a0, b)");
        binary(r, "Sub", 7, NDArray::sub, "return torch.sub(a0, b)");
        binary(r, "Mul", 7, NDArray::mul, "return torch.mul(a0, b)");
        binaryPerNode(r, "Div", 7, ElementwiseConverters::div, ScriptForm.lines(
                "if " + isInteger("a0") + " and " + isInteger("b") + ":",
                "  return torch.div(a0, b, rounding_mode=\"trunc\")",
                "return torch.div(a0, b)"));
        // ONNX Pow's result has the base's type (an int base with a float exponent stays int)
        binaryPerNode(r, "Pow", 7, n -> {
            TorchScriptOp castLike = castLike(n);
            return (a, b) -> {
                NDArray y = a.pow(b);
                return y.getDataType() == a.getDataType() ? y : castLike(castLike, y, a);
            };
        }, ScriptForm.lines("y = torch.pow(a0, b)", "if y.dtype != a0.dtype:", "  y = y.to(a0.dtype)", "return y"));
        binary(r, "Greater", 7, NDArray::gt, "return torch.gt(a0, b)");
        binary(r, "Less", 7, NDArray::lt, "return torch.lt(a0, b)");
        binary(r, "Equal", 7, NDArray::eq, "return torch.eq(a0, b)");
        binary(r, "GreaterOrEqual", 12, NDArray::gte, "return torch.ge(a0, b)");
        binary(r, "LessOrEqual", 12, NDArray::lte, "return torch.le(a0, b)");
        binary(r, "Or", 7, NDArray::logicalOr, "return torch.logical_or(a0, b)");
        binary(r, "And", 7, NDArray::logicalAnd, "return torch.logical_and(a0, b)");
        binary(r, "Xor", 7, NDArray::logicalXor, "return torch.logical_xor(a0, b)");
        for (String op : new String[] {"And", "Or", "Xor"}) {
            r.register("", "Bitwise" + op, 18, (n, c) -> plain(n, 2, "return torch.bitwise_" + op.toLowerCase() + "(a0, a1)"));
        }
        r.register("", "BitwiseNot", 18, (n, c) -> plain(n, 1, "return torch.bitwise_not(a0)"));
        // from opset 8 Max, Min, Sum and Mean broadcast; before they required equal shapes, which broadcasting accepts
        // (opset 1's consumed_inputs is an optimisation hint, ignored)
        variadic(r, "Sum", NDArray::add, "torch.add", false);
        variadic(r, "Mean", NDArray::add, "torch.add", true);
        variadic(r, "Max", NDArray::maximum, "torch.maximum", false);
        variadic(r, "Min", NDArray::minimum, "torch.minimum", false);
        r.register("", "Mod", 10, (n, c) -> {
            n.allowOnly("fmod");
            // fmod = 0: Python's %, the result takes the divisor's sign (torch.remainder); 1: C fmod, the dividend's
            return script(n, 2, "return torch." + (n.getInt("fmod", 0) != 0 ? "fmod" : "remainder") + "(a0, a1)");
        });
        unary(r, "Neg", 6, NDArray::neg, "torch.neg(a0)");
        unary(r, "Abs", 6, NDArray::abs, "torch.abs(a0)");
        unary(r, "Sqrt", 6, NDArray::sqrt, "torch.sqrt(a0)");
        unary(r, "Log", 6, NDArray::log, "torch.log(a0)");
        unary(r, "Exp", 6, NDArray::exp, "torch.exp(a0)");
        // 1 / x as DJL computes it: a 0-dim one of x's type divided by x (torch.div, not torch.reciprocal)
        unary(r, "Reciprocal", 6, a -> Nd.scalar(a, 1).div(a),
                "torch.div(torch.ones([], dtype=a0.dtype, layout=None, device=a0.device, pin_memory=None), a0)");
        unary(r, "Not", 1, NDArray::logicalNot, "torch.logical_not(a0)");
        unary(r, "Floor", 6, NDArray::floor, "torch.floor(a0)");
        unary(r, "Ceil", 6, NDArray::ceil, "torch.ceil(a0)");
        unary(r, "Round", 11, NDArray::round, "torch.round(a0)"); // torch.round rounds half to even, as ONNX
        unary(r, "Sign", 9, NDArray::sign, "torch.sign(a0)");
        unary(r, "Sin", 7, NDArray::sin, "torch.sin(a0)");
        unary(r, "Cos", 7, NDArray::cos, "torch.cos(a0)");
        unary(r, "Tan", 7, NDArray::tan, "torch.tan(a0)");
        unary(r, "Asin", 7, NDArray::asin, "torch.asin(a0)");
        unary(r, "Acos", 7, NDArray::acos, "torch.acos(a0)");
        unary(r, "Atan", 7, NDArray::atan, "torch.atan(a0)");
        unary(r, "Sinh", 9, NDArray::sinh, "torch.sinh(a0)");
        unary(r, "Cosh", 9, NDArray::cosh, "torch.cosh(a0)");
        for (String op : new String[] {"Asinh", "Acosh", "Atanh"}) {
            r.register("", op, 9, (n, c) -> plain(n, 1, "return torch." + op.toLowerCase() + "(a0)"));
        }
        unary(r, "IsNaN", 9, NDArray::isNaN, "torch.isnan(a0)");
        r.register("", "IsInf", 10, (n, c) -> {
            n.allowOnly("detect_positive", "detect_negative");
            boolean pos = n.getInt("detect_positive", 1) != 0;
            boolean neg = n.getInt("detect_negative", 1) != 0;
            String f = pos && neg ? "torch.isinf(a0)" : pos ? "torch.isposinf(a0)" : neg ? "torch.isneginf(a0)"
                    : "torch.zeros_like(a0, dtype=11)";
            return TorchScriptOp.of(n, 1, 1, "return " + f);
        });
        r.register("", "Where", 9, (n, c) -> {
            n.allowOnly();
            return GraphOp.scripted(in -> new NDArray[] {Nd.where(in[0].getDataType() == DataType.BOOLEAN ? in[0] : in[0].toType(DataType.BOOLEAN, false),
                    in[1], in[2])}, ScriptForm.of(3, ScriptForm.lines(
                            "c = a0",
                            "if c.dtype != 11:",
                            "  c = c.to(11)",
                            ActivationConverters.where("w", "c", "a1", "a2"),
                            "return w")));
        });
        r.register("", "Cast", 6, (n, c) -> {
            n.allowOnly("to", "saturate");
            long to = n.getInt("to", -1);
            DataType t;
            try {
                t = TensorProtos.dataType((int) to, n.name());
            } catch (OnnxImportException e) {
                throw OnnxImportException.atNode(n, "attribute 'to' = " + to + " is not supported: " + e.getMessage());
            }
            int code = TensorConverters.scalarType(t, n);
            // a float-to-float cast keeps autograd (as torch's .to does; DJL's toType detaches)
            TorchScriptOp floatCast = TorchScriptOp.of(n, 1, 1, "return a0.to(" + code + ")");
            return GraphOp.scripted(in -> new NDArray[] {in[0].getDataType() == t ? in[0]
                    : in[0].getDataType().isFloating() && t.isFloating() ? floatCast.apply(new NDArray[] {in[0]})[0]
                    : in[0].toType(t, false)},
                    ScriptForm.of(1, ScriptForm.lines("if a0.dtype == " + code + ":", "  return a0", "return a0.to(" + code + ")")));
        });
        r.register("", "CastLike", 15, (n, c) -> {
            n.allowOnly("saturate");
            TorchScriptOp castLike = castLike(n);
            return GraphOp.scripted(in -> new NDArray[] {in[0].getDataType() == in[1].getDataType() ? in[0] : castLike(castLike, in[0], in[1])},
                    ScriptForm.of(2, ScriptForm.lines("if a0.dtype == a1.dtype:", "  return a0", "return a0.to(a1.dtype)")));
        });
        for (String op : new String[] {"ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum", "ReduceProd", "ReduceL1", "ReduceL2",
            "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"}) {
            // axes moved from attribute to input: ReduceSum at 13, the others at 18
            long inputSince = op.equals("ReduceSum") ? 13 : 18;
            r.register("", op, 1, (n, c) -> reduce(n, c, op, false));
            r.register("", op, inputSince, (n, c) -> reduce(n, c, op, true));
        }
    }

    /** A TorchScript op casting a0 to a1's dtype (recorded by autograd, unlike DJL's toType). */
    private static TorchScriptOp castLike(OnnxNode n) {
        return TorchScriptOp.of(n, 2, 1, "return a0.to(a1.dtype)");
    }

    /** {@code x} as {@code like}'s dtype: a float-to-float cast through libtorch with autograd, others by DJL's toType. */
    private static NDArray castLike(TorchScriptOp castLike, NDArray x, NDArray like) {
        return x.getDataType().isFloating() && like.getDataType().isFloating()
                ? castLike.apply(new NDArray[] {x, like})[0] : x.toType(like.getDataType(), false);
    }

    /** TorchScript: whether tensor {@code t} has an integer dtype (DJL's DataType.isInteger: not float, bool or complex). */
    private static String isInteger(String t) {
        return "(not " + t + ".is_floating_point() and not " + t + ".is_complex() and " + t + ".dtype != 11)";
    }

    /** An op computing {@code body} (a TorchScript {@code return} over a0..) from the node's first {@code inputs} inputs. */
    private static GraphOp script(OnnxNode n, int inputs, String body) {
        if (n.inputs().size() != inputs) {
            throw OnnxImportException.atNode(n, "expects " + inputs + " inputs, has " + n.inputs().size());
        }
        return TorchScriptOp.of(n, inputs, 1, body);
    }

    /** {@link #script} for a node without attributes. */
    private static GraphOp plain(OnnxNode n, int inputs, String body) {
        n.allowOnly();
        return script(n, inputs, body);
    }

    /**
     * A two-input op: numpy broadcasting from {@code since} on; before it (opset 1 and 6) the legacy form, where
     * with {@code broadcast = 1} B's shape lines up with A's from {@code axis} (default: A's trailing axes).
     */
    private static void binary(ConverterRegistry r, String op, long since, BinaryOperator<NDArray> f, String script) {
        binaryPerNode(r, op, since, n -> f, script);
    }

    /**
     * {@link #binary} where the operation is made per node (it may hold a TorchScript op); {@code script} is its
     * TorchScript form over a0 and b (input 1 after the legacy broadcast's unsqueezes).
     */
    private static void binaryPerNode(ConverterRegistry r, String op, long since, Function<OnnxNode, BinaryOperator<NDArray>> f,
            String script) {
        r.register("", op, since, (n, c) -> {
            n.allowOnly();
            return binaryOp(n, f.apply(n), Long.MIN_VALUE, script);
        });
        if (since == 7) {
            r.register("", op, 1, (n, c) -> {
                n.allowOnly("broadcast", "axis", "consumed_inputs");
                return binaryOp(n, f.apply(n), n.getInt("broadcast", 0) != 0 ? n.getInt("axis", Long.MIN_VALUE) : Long.MIN_VALUE, script);
            });
        }
    }

    /** {@code f} of the two inputs, B first given trailing unit axes to line it up with A from {@code axis} (if set). */
    private static GraphOp binaryOp(OnnxNode n, BinaryOperator<NDArray> f, long axis, String script) {
        if (n.inputs().size() != 2) {
            throw OnnxImportException.atNode(n, "expects 2 inputs, has " + n.inputs().size());
        }
        String align = axis == Long.MIN_VALUE ? "b = a1" : ScriptForm.lines(
                "b = a1",
                "ra = a0.dim()",
                "ax = " + axis,
                "if ax < 0:",
                "  ax = ax + ra",
                "for i in range(ra - ax - b.dim()):",
                "  b = torch.unsqueeze(b, b.dim())");
        return GraphOp.scripted(binaryEval(n, f, axis), ScriptForm.of(2, align + "\n" + script));
    }

    private static GraphOp binaryEval(OnnxNode n, BinaryOperator<NDArray> f, long axis) {
        return in -> {
            NDArray b = in[1];
            if (axis != Long.MIN_VALUE) {
                int ra = in[0].getShape().dimension();
                int trailing = ra - Nd.axis(axis, ra, n, "axis") - b.getShape().dimension();
                for (int i = 0; i < trailing; i++) {
                    b = b.expandDims(b.getShape().dimension());
                }
            }
            return new NDArray[] {f.apply(in[0], b)};
        };
    }

    /** Div; on integers it truncates toward zero, as ONNX's (C's) integer division (torch.div, rounding_mode="trunc"). */
    private static BinaryOperator<NDArray> div(OnnxNode n) {
        TorchScriptOp trunc = TorchScriptOp.of(n, 2, 1, "return torch.div(a0, a1, rounding_mode=\"trunc\")");
        return (a, b) -> a.getDataType().isInteger() && b.getDataType().isInteger() ? trunc.apply(new NDArray[] {a, b})[0] : a.div(b);
    }

    /** Sum, Mean, Max, Min over one or more inputs, broadcast together, combined left to right. */
    private static void variadic(ConverterRegistry r, String op, BinaryOperator<NDArray> f, String script, boolean mean) {
        r.register("", op, 1, (n, c) -> {
            n.allowOnly("consumed_inputs");
            if (n.inputs().isEmpty()) {
                throw OnnxImportException.atNode(n, "needs at least one input");
            }
            int k = n.inputs().size();
            StringBuilder body = new StringBuilder("y = a0\n");
            for (int i = 1; i < k; i++) {
                body.append("y = ").append(script).append("(y, a").append(i).append(")\n");
            }
            if (mean && k > 1) {
                body.append("y = torch.div(y, ").append(k).append(")\n");
            }
            return GraphOp.scripted(variadicEval(f, mean), ScriptForm.of(k, body.append("return y").toString()));
        });
    }

    private static GraphOp variadicEval(BinaryOperator<NDArray> f, boolean mean) {
        return in -> {
            NDArray y = in[0];
            for (int i = 1; i < in.length; i++) {
                y = f.apply(y, in[i]);
            }
            return new NDArray[] {mean && in.length > 1 ? y.div(in.length) : y};
        };
    }

    /** A one-input op; registered at 6 it also covers opset 1, whose consumed_inputs hint is ignored. */
    private static void unary(ConverterRegistry r, String op, long since, UnaryOperator<NDArray> f, String script) {
        r.register("", op, since == 6 ? 1 : since, (n, c) -> {
            n.allowOnly("consumed_inputs");
            return GraphOp.scripted(in -> new NDArray[] {f.apply(in[0])}, ScriptForm.of(1, "return " + script));
        });
    }

    /**
     * Reductions over the axes (attribute before the input form; the input may be computed at run time), all axes
     * when none are given unless noop_with_empty_axes, each as the torch reduction torch exports it from (sum, mean,
     * amax, amin, prod, logsumexp, linalg_vector_norm), in the input's dtype. Integer inputs of the float-valued
     * reductions (mean, L2, log-sum, log-sum-exp) are computed in float64 and cast back, as ONNX's reference does.
     */
    private static GraphOp reduce(OnnxNode n, ConversionContext c, String op, boolean axesInput) {
        if (axesInput) {
            n.allowOnly("keepdims", "noop_with_empty_axes");
        } else {
            n.allowOnly("keepdims", "axes");
        }
        boolean keep = n.getInt("keepdims", 1) != 0;
        boolean noop = n.getInt("noop_with_empty_axes", 0) != 0;
        TensorConverters.Script s = new TensorConverters.Script(n, c);
        if (axesInput && s.has(1)) {
            s.ints("axes", 1);
        } else {
            s.ints("axes", axesInput ? new long[0] : n.getInts("axes", new long[0]));
        }
        String k = keep ? "True" : "False";
        s.line("x = a0", "r = x.dim()").axes("axes", "r").line("every = len(axes) == 0", "if every:",
                noop ? "  return x" : "  for _j in range(r):\n    axes.append(_j)");
        // axes known at import and not empty: the compiled form passes them as written (torch's reductions take
        // negative dims, the same reduction as the normalised ones)
        TensorValue constAxes = axesInput ? (n.input(1).isEmpty() ? null : c.constant(n.input(1))) : null;
        long[] known = axesInput ? (constAxes == null ? null : constAxes.toLongs()) : n.getInts("axes", null);
        String direct = known == null || known.length == 0 ? null : "annotate(List[int], " + ScriptForm.ints(known) + ")";
        switch (op) {
            case "ReduceSum": return reduced(s, direct, "return torch.sum(x, axes, " + k + ", dtype=x.dtype)");
            case "ReduceMax": return reduced(s, direct, "return torch.amax(x, axes, " + k + ")");
            case "ReduceMin": return reduced(s, direct, "return torch.amin(x, axes, " + k + ")");
            case "ReduceL1": return reduced(s, direct, "return torch.sum(torch.abs(x), axes, " + k + ", dtype=x.dtype)");
            case "ReduceSumSquare": return reduced(s, direct, "return torch.sum(x * x, axes, " + k + ", dtype=x.dtype)");
            case "ReduceProd":
                // torch.prod reduces one axis, or all of them flattened (what torch.prod(x) runs)
                return s.line("if every:",
                        "  y = torch.prod(x, dtype=x.dtype)",
                        "  if " + k + ":",
                        "    ones = annotate(List[int], [])",
                        "    for q in range(r):",
                        "      ones.append(1)",
                        "    y = torch.reshape(y, ones)",
                        "  return y",
                        "y = x",
                        "for ax in axes:",
                        "  y = torch.prod(y, ax, True, dtype=x.dtype)",
                        "if not " + k + ":",
                        "  kept = annotate(List[int], [])",
                        "  for q in range(r):",
                        "    if q not in axes:",
                        "      kept.append(x.size(q))",
                        "  y = torch.reshape(y, kept)",
                        "return y").build(1);
            default:
                String f = op.equals("ReduceMean") ? "torch.mean(v, axes, " + k + ")"
                        : op.equals("ReduceL2") ? "torch.linalg_vector_norm(v, 2, axes, " + k + ")"
                        : op.equals("ReduceLogSum") ? "torch.log(torch.sum(v, axes, " + k + "))"
                        : "torch.logsumexp(v, axes, " + k + ")";
                return reduced(s, direct, "if x.is_floating_point():", "  v = x", "  return " + f,
                        "v = x.to(" + TensorConverters.DOUBLE + ")", "return " + f + ".to(x.dtype)");
        }
    }

    /** The reduction ending in {@code tail}; with {@code axes} known its compiled form is just {@code tail} on them. */
    private static GraphOp reduced(TensorConverters.Script s, String axes, String... tail) {
        GraphOp op = s.line(tail).build(1);
        if (axes == null) {
            return op;
        }
        return GraphOp.scripted(op, ScriptForm.of(new int[] {0}, 1, "x = a0\naxes = " + axes + "\n" + String.join("\n", tail)));
    }
}
