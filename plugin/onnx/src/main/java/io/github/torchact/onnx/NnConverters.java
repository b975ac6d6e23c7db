package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Layers: Gemm, MatMul, Conv, ConvTranspose, BatchNormalization (eval or train form, by the block's training flag),
 * InstanceNormalization, GroupNormalization, LayerNormalization, LRN, Dropout, MaxPool, AveragePool, LpPool and the
 * global pools. Each maps onto the libtorch operator PyTorch's own module calls (linear, convolution, batch_norm,
 * instance_norm, group_norm, max_pool, avg_pool, native_dropout), so an exported torch model is recomputed with the same
 * kernels; what torch has no operator for (asymmetric or SAME padding, pools with dilations, LpPool, LRN) is written
 * with libtorch operators in TorchScript. Window geometry (kernel, strides, dilations, pads) is resolved per call from
 * the input's shape, so nothing needs a fixed input size.
 */
final class NnConverters {

    private NnConverters() {}

    static void register(ConverterRegistry r) {
        // from Gemm-7 (unidirectional broadcasting of C): Gemm-1 and -6 broadcast C only with broadcast=1, and ONNX
        // Runtime, the reference for ONNX semantics, has no kernel for them
        r.register("", "Gemm", 7, NnConverters::gemm);
        // DJL's matMul is torch.matmul, with the numpy semantics ONNX MatMul specifies (1-D operands, batch
        // broadcasting, integer types)
        r.register("", "MatMul", 1, (n, c) -> {
            n.allowOnly();
            return GraphOp.scripted(in -> new NDArray[] {in[0].matMul(in[1])}, ScriptForm.of(2, "return torch.matmul(a0, a1)")
                    .withPacked(1, packLinear(false), linearGuard("a0.dim() >= 2 and a0.size(-1) == a1.size(0)", "a1.size(1)"),
                            "return ops.mkldnn._linear_pointwise(a0, pw, None, \"none\", [], None)"));
        });
        r.register("", "Conv", 1, NnConverters::conv);
        r.register("", "ConvTranspose", 1, NnConverters::convTranspose);
        r.register("", "BatchNormalization", 1, NnConverters::batchNorm);
        r.register("", "InstanceNormalization", 1, NnConverters::instanceNorm);
        r.register("", "GroupNormalization", 18, (n, c) -> groupNorm(n, false));
        r.register("", "GroupNormalization", 21, (n, c) -> groupNorm(n, true));
        r.register("", "LRN", 1, NnConverters::lrn);
        r.register("", "Dropout", 1, NnConverters::dropout);
        r.register("", "MaxPool", 1, NnConverters::maxPool);
        r.register("", "AveragePool", 1, NnConverters::averagePool);
        // LpPool-1 and GlobalLpPool-1 have a float p, later versions an int p
        r.register("", "LpPool", 1, (n, c) -> lpPool(n, n.getFloat("p", 2f)));
        r.register("", "LpPool", 2, (n, c) -> lpPool(n, n.getInt("p", 2)));
        // torch adaptive_avg_pool to size 1, what torch.nn.AdaptiveAvgPool2d(1) runs
        // ONNX keeps the spatial axes as 1: (N, C, H, W) -> (N, C, 1, 1), torch's adaptive_*_pool to size 1
        r.register("", "GlobalAveragePool", 1, (n, c) -> globalPool(n, "adaptive_avg_pool"));
        r.register("", "GlobalMaxPool", 1, (n, c) -> globalPool(n, "adaptive_max_pool"));
        r.register("", "GlobalLpPool", 1, (n, c) -> globalLpPool(n, n.getFloat("p", 2f)));
        r.register("", "GlobalLpPool", 2, (n, c) -> globalLpPool(n, n.getInt("p", 2)));
        r.register("", "LayerNormalization", 17, NnConverters::layerNorm);
    }

    /**
     * torch's adaptive pooling to size 1 over the spatial axes (what torch.nn.AdaptiveAvgPool2d(1) runs; the
     * exporters write it as GlobalAveragePool), keeping them as ones as ONNX defines.
     */
    private static GraphOp globalPool(OnnxNode n, String op) {
        n.allowOnly();
        String max = op.equals("adaptive_max_pool") ? "[0]" : "";
        return TorchScriptOp.of(n, 1, 1, String.join("\n",
                "r = a0.dim() - 2",
                "if r == 1:",
                "  return torch." + op + "1d(a0, [1])" + max,
                "if r == 2:",
                "  return torch." + op + "2d(a0, [1, 1])" + max,
                "if r == 3:",
                "  return torch." + op + "3d(a0, [1, 1, 1])" + max,
                "dims = annotate(List[int], [])",
                "for i in range(r):",
                "  dims.append(i + 2)",
                "return torch." + (max.isEmpty() ? "mean" : "amax") + "(a0, dims, True)"));
    }

    /**
     * LayerNormalization (opset 17) as torch.nn.LayerNorm runs it: libtorch's layer_norm over the axes from
     * {@code axis} on, Scale and B as its weight and bias (their shape must be the normalised shape, as torch's
     * export writes them). The optional Mean and InvStdDev outputs come from native_layer_norm.
     */
    private static GraphOp layerNorm(OnnxNode n, ConversionContext c) {
        n.allowOnly("axis", "epsilon", "stash_type");
        long axis = n.getInt("axis", -1);
        float eps = n.getFloat("epsilon", 1e-5f);
        if (n.getInt("stash_type", 1) != 1) {
            throw OnnxImportException.atNode(n, "attribute 'stash_type' = " + n.getInt("stash_type", 1) + " is not supported (only 1, float32)");
        }
        boolean hasBias = !n.input(2).isEmpty();
        int outs = n.outputs().size();
        String args = "(a0, a0.size()[" + axis + ":], a1, " + (hasBias ? "a2" : "None") + ", " + TorchScriptOp.literal(eps) + ")";
        String body = outs == 1 ? "return torch.layer_norm" + args
                : outs == 2 ? "r = torch.native_layer_norm" + args + "\nreturn (r[0], r[1])"
                : "return torch.native_layer_norm" + args;
        return TorchScriptOp.of(n, hasBias ? 3 : 2, outs, body);
    }

    /** Y = alpha·A'·B' + beta·C; torch.nn.Linear's export (transB = 1, alpha = beta = 1) runs torch's linear. */
    private static GraphOp gemm(OnnxNode n, ConversionContext c) {
        n.allowOnly("alpha", "beta", "transA", "transB");
        float alpha = n.getFloat("alpha", 1f);
        float beta = n.getFloat("beta", 1f);
        boolean ta = n.getInt("transA", 0) != 0;
        boolean tb = n.getInt("transB", 0) != 0;
        boolean hasC = !n.input(2).isEmpty();
        boolean linear = tb && alpha == 1 && beta == 1 && hasC;
        // DJL's transpose() is permute with the axes reversed; linear is torch.nn.functional.linear
        String body = ScriptForm.lines(
                ta ? reversed("a", "a0") : "a = a0",
                linear ? "if a2.dim() == 1 and a.dim() == 2:\n  return torch.linear(a, a1, a2)" : "",
                tb ? reversed("b", "a1") : "b = a1",
                "y = torch.matmul(a, b)",
                alpha != 1 ? "y = torch.mul(y, " + ScriptForm.f(alpha) + ")" : "",
                hasC ? "y = torch.add(y, " + (beta == 1 ? "a2" : "torch.mul(a2, " + ScriptForm.f(beta) + ")") + ")" : "",
                "return y");
        return GraphOp.scripted(in -> {
            NDArray a = ta ? in[0].transpose() : in[0];
            if (tb && alpha == 1 && beta == 1 && hasC && in[2].getShape().dimension() == 1 && a.getShape().dimension() == 2) {
                return new NDArray[] {a.getNDArrayInternal().linear(a, in[1], in[2]).singletonOrThrow()};
            }
            NDArray b = tb ? in[1].transpose() : in[1];
            NDArray y = a.matMul(b);
            if (alpha != 1) {
                y = y.mul(alpha);
            }
            if (hasC) {
                y = y.add(beta == 1 ? in[2] : in[2].mul(beta));
            }
            return new NDArray[] {y};
        }, packedGemm(ScriptForm.of(ScriptForm.present(n), 1, body), ta, tb, alpha, beta, hasC));
    }

    /**
     * The fewest multiply-adds per call for which a prepacked oneDNN op runs: below it, oneDNN's per-call cost (the
     * primitive and the activation reorders) outweighs the saved weight reorder and torch's op runs (measured in the
     * benchmarks: the zoo's tiny CNNs and transformers ran 1.1–1.9x slower packed at batch 1; ResNet-18, BERT-base and
     * GPT-2 layers, 1e7 to 1e8 multiply-adds each, 1.5–2x faster).
     */
    static final long PACKED_MIN_MACS = 1L << 22;

    /** Gemm without transA or scaling as oneDNN's linear on the prepacked weight B. */
    private static ScriptForm packedGemm(ScriptForm f, boolean ta, boolean tb, float alpha, float beta, boolean hasC) {
        if (ta || alpha != 1 || beta != 1) {
            return f;
        }
        String k = tb ? "1" : "0";
        String n = tb ? "0" : "1";
        String guard = linearGuard("a0.dim() == 2 and a0.size(1) == a1.size(" + k + ")"
                + (hasC ? " and a2.dtype == " + TensorConverters.FLOAT + " and a2.dim() == 1 and a2.size(0) == a1.size(" + n + ")" : ""),
                "a1.size(" + n + ")");
        return f.withPacked(1, packLinear(tb), guard,
                "return ops.mkldnn._linear_pointwise(a0, pw, " + (hasC ? "a2" : "None") + ", \"none\", [], None)");
    }

    /**
     * Packs a float32 matrix weight {@code w} for oneDNN's linear (out_features x in_features: {@code w} itself when
     * {@code outByIn}, else its transpose).
     */
    private static String packLinear(boolean outByIn) {
        return ScriptForm.lines("if w.dtype == " + TensorConverters.FLOAT + " and w.dim() == 2 and w.numel() > 0:",
                "  return ops.mkldnn._reorder_linear_weight(" + (outByIn ? "w" : "w.t().contiguous()") + ", None)",
                "return w");
    }

    /**
     * When the prepacked linear runs: a packed weight, a float32 input that fits it ({@code fits}), enough work
     * ({@code outFeatures} outputs per input row), no autograd.
     */
    private static String linearGuard(String fits, String outFeatures) {
        return "pw.is_mkldnn and a0.dtype == " + TensorConverters.FLOAT + " and " + fits + " and a0.numel() * " + outFeatures
                + " >= " + PACKED_MIN_MACS + " and not torch.is_grad_enabled()";
    }

    /** TorchScript setting {@code var} to {@code x} with its axes reversed (DJL's transpose()). */
    private static String reversed(String var, String x) {
        return ScriptForm.lines("_p = annotate(List[int], [])",
                "for _i in range(" + x + ".dim()):",
                "  _p.append(" + x + ".dim() - 1 - _i)",
                var + " = torch.permute(" + x + ", _p)");
    }

    // ---- window geometry shared by Conv, ConvTranspose and the pools -------------------------------------------

    /**
     * The number of spatial axes the window attributes describe (kernel_shape, strides, dilations, pads as
     * [b1..bk, e1..ek], output_padding), or -1 when none is given; refused when they disagree.
     */
    private static int spatialRank(OnnxNode n) {
        int k = -1;
        for (String a : new String[] {"kernel_shape", "strides", "dilations", "pads", "output_padding"}) {
            long[] v = n.getInts(a, null);
            if (v == null) {
                continue;
            }
            boolean pads = a.equals("pads");
            int len = pads ? v.length / 2 : v.length;
            if (pads && v.length % 2 != 0 || k >= 0 && len != k) {
                throw OnnxImportException.atNode(n, "attribute '" + a + "' = " + Arrays.toString(v)
                        + " does not fit the other window attributes (" + k + " spatial axes)");
            }
            k = len;
        }
        return k;
    }

    private static String autoPad(OnnxNode n) {
        String a = n.getString("auto_pad", "NOTSET");
        if (!List.of("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID").contains(a)) {
            throw OnnxImportException.atNode(n, "attribute 'auto_pad' = '" + a
                    + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        }
        return a;
    }

    /**
     * TorchScript setting {@code k} (spatial axes of a0), {@code ks} (kernel: {@code kernel} or, when null, the
     * weight a1's spatial shape), {@code st} and {@code dl} (strides and dilations, default ones).
     */
    private static String window(OnnxNode n, long[] kernel) {
        return lines("k = a0.dim() - 2",
                "ks = " + (kernel == null ? "a1.size()[2:]" : TorchScriptOp.ints(kernel)),
                "st = " + attrList(n, "strides", 1),
                "dl = " + attrList(n, "dilations", 1));
    }

    /** Attribute {@code a} as a TorchScript int list, or {@code k} copies of {@code fill} when absent. */
    private static String attrList(OnnxNode n, String a, long fill) {
        return n.has(a) ? TorchScriptOp.ints(n.getInts(a, null)) : "[" + fill + "] * k";
    }

    /**
     * TorchScript setting the begin/end pads {@code pb}, {@code pe} of a Conv or pool (after {@link #window}): the
     * {@code pads} attribute, zeros for VALID, or for SAME_UPPER/SAME_LOWER the total
     * {@code max(0, (ceil(in / stride) - 1)·stride + (kernel - 1)·dilation + 1 - in)} split in halves with the odd
     * unit at the end (UPPER) or the beginning (LOWER), so that the output has ceil(in / stride) positions.
     */
    private static String pads(OnnxNode n) {
        String autoPad = autoPad(n);
        if (autoPad.startsWith("SAME")) {
            return lines("pb = annotate(List[int], [])",
                    "pe = annotate(List[int], [])",
                    "for i in range(k):",
                    "  n = a0.size(i + 2)",
                    "  t = max(0, ((n + st[i] - 1) // st[i] - 1) * st[i] + (ks[i] - 1) * dl[i] + 1 - n)",
                    "  pb.append(" + (autoPad.equals("SAME_UPPER") ? "t // 2" : "t - t // 2") + ")",
                    "  pe.append(t - pb[i])");
        }
        long[] p = n.getInts("pads", null);
        if (p == null || autoPad.equals("VALID")) {
            return lines("pb = [0] * k", "pe = [0] * k");
        }
        return lines("pb = " + TorchScriptOp.ints(Arrays.copyOf(p, p.length / 2)),
                "pe = " + TorchScriptOp.ints(Arrays.copyOfRange(p, p.length / 2, p.length)));
    }

    /**
     * TorchScript building the constant_pad_nd list {@code name} (last axis first, begin then end) from per-axis
     * expressions in {@code i}.
     */
    private static String padList(String name, String begin, String end) {
        return lines(name + " = annotate(List[int], [])",
                "for j in range(k):",
                "  i = k - 1 - j",
                "  " + name + ".append(" + begin + ")",
                "  " + name + ".append(" + end + ")");
    }

    /**
     * TorchScript setting {@code direct}: the pads are symmetric and within {@code limit} (an expression in i), so
     * torch's own padding argument can be used; otherwise the op pads explicitly first.
     */
    private static String directIf(String limit) {
        return lines("direct = pb == pe",
                "for i in range(k):",
                "  if pb[i] > " + limit + ":",
                "    direct = False");
    }

    /**
     * The per-axis padding when it is fixed at import and torch's form: k known, explicit (or VALID) pads that are
     * symmetric and at most {@code limit}; else null.
     */
    private static long[] fixedPads(OnnxNode n, int k, long limit) {
        String autoPad = autoPad(n);
        if (k < 0 || autoPad.startsWith("SAME")) {
            return null;
        }
        long[] p = autoPad.equals("VALID") ? new long[2 * k] : n.getInts("pads", new long[2 * k]);
        for (int i = 0; i < k; i++) {
            if (p[i] != p[i + k] || p[i] > limit) {
                return null;
            }
        }
        return Arrays.copyOf(p, k);
    }

    private static long[] ones(int k, long v) {
        long[] o = new long[k];
        Arrays.fill(o, v);
        return o;
    }

    /** Statements joined by newlines, each already indented as its block needs. */
    private static String lines(String... s) {
        return String.join("\n", s) + "\n";
    }

    /** {@code s} with every line indented by two spaces (a TorchScript block). */
    private static String indent(String s) {
        return "  " + s.strip().replace("\n", "\n  ") + "\n";
    }

    /** The non-null inputs, in order (a TorchScript op takes only the inputs the node has). */
    static NDArray[] present(NDArray[] in) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray a : in) {
            if (a != null) {
                out.add(a);
            }
        }
        return out.toArray(new NDArray[0]);
    }

    /**
     * {@code op} on the node's present inputs, after checking at run time that the input has {@code k + 2} axes
     * (k from the window attributes; -1 when they fix none) and that {@code weightKernel}, when given, is the weight's
     * spatial shape.
     */
    private static GraphOp checked(OnnxNode n, int k, long[] weightKernel, GraphOp op) {
        GraphOp c = checkedEval(n, k, weightKernel, op);
        ScriptForm f = op.script();
        if (f == null) {
            return c;
        }
        // the op reads the node's present inputs: its argument j is present input j
        int[] present = ScriptForm.present(n);
        int[] inner = f.args();
        int[] args = new int[inner.length];
        for (int j = 0; j < inner.length; j++) {
            args[j] = present[inner[j]];
        }
        return GraphOp.scripted(c, f.remap(args));
    }

    private static GraphOp checkedEval(OnnxNode n, int k, long[] weightKernel, GraphOp op) {
        return in -> {
            long[] x = in[0].getShape().getShape();
            if (k >= 0 && x.length != k + 2) {
                throw new IllegalArgumentException(n.describe() + ": input of shape " + Arrays.toString(x)
                        + " does not have the " + k + " spatial axes its window attributes describe");
            }
            long[] w = in.length > 1 && in[1] != null ? in[1].getShape().getShape() : null;
            // DJL's convolution returns an undefined tensor (libtorch then crashes the JVM) for other ranks
            if (w != null && n.opType().startsWith("Conv") && (w.length != x.length || x.length < 3 || x.length > 5)) {
                throw new IllegalArgumentException(n.describe() + ": input of shape " + Arrays.toString(x) + " and weight of shape "
                        + Arrays.toString(w) + " must both have 3 to 5 axes (1 to 3 spatial)");
            }
            if (weightKernel != null && w != null
                    && !Arrays.equals(weightKernel, Arrays.copyOfRange(w, Math.min(2, w.length), w.length))) {
                throw new IllegalArgumentException(n.describe() + ": kernel_shape " + Arrays.toString(weightKernel)
                        + " does not match the weight of shape " + Arrays.toString(w));
            }
            return op.apply(present(in));
        };
    }

    // ---- convolutions ----------------------------------------------------------------------------------------

    /**
     * Conv (every opset): torch's convolution over 1-3 spatial axes; kernel_shape, when given, must be the weight's
     * (it is optional: the weight's shape is used). Symmetric pads go to torch's padding; asymmetric or SAME pads
     * zero-pad the input first, which is what ONNX's begin/end pads mean.
     */
    private static GraphOp conv(OnnxNode n, ConversionContext c) {
        n.allowOnly("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        int k = spatialRank(n);
        boolean bias = !n.input(2).isEmpty();
        long[] fixed = fixedPads(n, k, Long.MAX_VALUE);
        if (fixed != null) {
            // torch's form (symmetric pads, as torch.nn.Conv exports): libtorch's convolution called directly
            long[] strides = n.getInts("strides", ones(k, 1));
            long[] dil = n.getInts("dilations", ones(k, 1));
            int group = (int) n.getInt("group", 1);
            // DJL calls torch's conv1d/2d/3d (by the weight's rank)
            GraphOp eval = in -> new NDArray[] {in[0].getNDArrayInternal()
                    .convolution(in[0], in[1], bias ? in[2] : null, new Shape(strides), new Shape(fixed), new Shape(dil), group)
                    .singletonOrThrow()};
            String call = "(a0, a1, " + (bias ? "a2" : "None") + ", " + ScriptForm.ints(strides) + ", " + ScriptForm.ints(fixed)
                    + ", " + ScriptForm.ints(dil) + ", " + group + ")";
            // k spatial axes: the input has k + 2 axes (checked) and so has a weight that convolves with it
            String body = "return torch.conv" + k + "d" + call;
            return checked(n, k, n.getInts("kernel_shape", null), k >= 1 && k <= 3
                    ? GraphOp.scripted(eval, packedConv(ScriptForm.of(bias ? 3 : 2, body), k, bias, strides, fixed, dil, group)) : eval);
        }
        String body = window(n, null) + pads(n) + lines(
                "x = a0",
                "if pb != pe:",
                indent(padList("pl", "pb[i]", "pe[i]")),
                "  x = torch.constant_pad_nd(a0, pl, 0.)",
                "  pb = [0] * k",
                "return torch.convolution(x, a1, " + (bias ? "a2" : "None") + ", st, pb, dl, False, [0] * k, "
                        + n.getInt("group", 1) + ")");
        return checked(n, k, n.getInts("kernel_shape", null), TorchScriptOp.of(n, bias ? 3 : 2, 1, body));
    }

    /** A 2-D Conv as oneDNN's convolution on the prepacked float32 weight. */
    private static ScriptForm packedConv(ScriptForm f, int k, boolean bias, long[] strides, long[] pads, long[] dil, int group) {
        if (k != 2) {
            return f;
        }
        String geometry = ScriptForm.ints(pads) + ", " + ScriptForm.ints(strides) + ", " + ScriptForm.ints(dil) + ", " + group;
        String pack = ScriptForm.lines("if w.dtype == " + TensorConverters.FLOAT + " and w.dim() == 4 and w.numel() > 0:",
                "  return ops.mkldnn._reorder_convolution_weight(w, " + geometry + ", None)",
                "return w");
        String guard = "pw.is_mkldnn and a0.dtype == " + TensorConverters.FLOAT + " and a0.dim() == 4 and a0.size(1) == a1.size(1) * " + group
                + (bias ? " and a2.dtype == " + TensorConverters.FLOAT + " and a2.dim() == 1 and a2.size(0) == a1.size(0)" : "")
                // multiply-adds: input elements x output channels x kernel area / (groups x stride area)
                + " and a0.numel() * a1.size(0) * a1.size(2) * a1.size(3) >= " + PACKED_MIN_MACS * group * strides[0] * strides[1]
                + " and not torch.is_grad_enabled()";
        return f.withPackedFusing(1, pack, guard, "return ops.mkldnn._convolution_pointwise(a0, pw, " + (bias ? "a2" : "None") + ", "
                + geometry + ", " + ScriptForm.Packed.UNARY + ", [], None)");
    }

    /**
     * ConvTranspose (every opset) as torch's transposed convolution. The full output
     * {@code stride·(in - 1) + (kernel - 1)·dilation + 1} is cut by the begin/end pads and extended at the end by
     * output_padding. With output_shape (its last k values) or SAME_* auto_pad (output in·stride) the pads are derived
     * from the total {@code full + output_padding - output}: SAME_UPPER puts total/2 at the beginning, otherwise the
     * beginning gets total - total/2 (ONNX ConvTranspose spec; a negative total extends the output with zeros at the end).
     * When that is torch's form (symmetric padding p, extra end padding {@code < max(stride, dilation)}) torch's own
     * padding and output_padding are used; otherwise the full result is cropped or padded.
     */
    private static GraphOp convTranspose(OnnxNode n, ConversionContext c) {
        n.allowOnly("auto_pad", "dilations", "group", "kernel_shape", "output_padding", "output_shape", "pads", "strides");
        int k = spatialRank(n);
        String autoPad = autoPad(n);
        long[] outShape = n.getInts("output_shape", null);
        boolean bias = !n.input(2).isEmpty();
        long group = n.getInt("group", 1);
        StringBuilder b = new StringBuilder(window(n, null)).append(lines("op = " + attrList(n, "output_padding", 0)));
        if (outShape != null || autoPad.startsWith("SAME")) {
            if (outShape != null) {
                b.append(lines("os = " + TorchScriptOp.ints(outShape), "os = os[len(os) - k:]"));
            }
            b.append(lines("pb = annotate(List[int], [])",
                    "pe = annotate(List[int], [])",
                    "for i in range(k):",
                    "  t = st[i] * (a0.size(i + 2) - 1) + op[i] + (ks[i] - 1) * dl[i] + 1 - "
                            + (outShape != null ? "os[i]" : "a0.size(i + 2) * st[i]"),
                    "  pb.append(" + (autoPad.equals("SAME_UPPER") ? "t // 2" : "t - t // 2") + ")",
                    "  pe.append(t - pb[i] - op[i])"));
        } else {
            b.append(pads(n)).append(lines("for i in range(k):", "  pe[i] = pe[i] - op[i]"));
        }
        // pe now counts output_padding (pe - output_padding): the output is full - pb - pe; torch's form is padding
        // pb with output_padding q = pb - pe
        String body = b.append(lines("direct = True",
                "q = annotate(List[int], [])",
                "for i in range(k):",
                "  q.append(pb[i] - pe[i])",
                "  if pb[i] < 0 or q[i] < 0 or q[i] >= max(st[i], dl[i]):",
                "    direct = False")).toString()
                + lines("if direct:",
                "  return torch.convolution(a0, a1, " + (bias ? "a2" : "None") + ", st, pb, dl, True, q, " + group + ")",
                "y = torch.convolution(a0, a1, None, st, [0] * k, dl, True, [0] * k, " + group + ")",
                padList("pl", "-pb[i]", "-pe[i]").strip(),
                "y = torch.constant_pad_nd(y, pl, 0.)",
                bias ? "return y + a2.reshape([-1] + [1] * k)" : "return y");
        return checked(n, k, n.getInts("kernel_shape", null), TorchScriptOp.of(n, bias ? 3 : 2, 1, body));
    }

    // ---- pools -----------------------------------------------------------------------------------------------

    private static long[] requireKernel(OnnxNode n) {
        long[] kernel = n.getInts("kernel_shape", null);
        if (kernel == null || kernel.length == 0) {
            throw OnnxImportException.atNode(n, "attribute 'kernel_shape' is required");
        }
        return kernel;
    }

    /**
     * MaxPool (every opset; Indices from 8, ceil_mode and dilations from 10): torch's max_pool{1,2,3}d. Symmetric
     * pads within half the kernel use torch's padding; others pad the input with -inf (the minimum for integers)
     * first. The optional Indices output is ONNX's flat index into the whole input tensor, row-major (storage_order 0)
     * or with the spatial axes column-major (storage_order 1): torch's per-plane index is unravelled, shifted back by
     * explicit padding, and ravelled again with the plane offset.
     */
    private static GraphOp maxPool(OnnxNode n, ConversionContext c) {
        n.allowOnly("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides");
        long[] kernel = requireKernel(n);
        int k = spatialRank(n);
        if (k > 3) {
            throw OnnxImportException.atNode(n, k + " spatial axes are not supported (1 to 3)");
        }
        long order = n.getInt("storage_order", 0);
        if (order != 0 && order != 1) {
            throw OnnxImportException.atNode(n, "attribute 'storage_order' = " + order + " is not 0 or 1");
        }
        boolean indices = n.outputs().size() > 1 && !n.output(1).isEmpty();
        boolean ceil = n.getInt("ceil_mode", 0) != 0;
        long[] fixed = fixedPads(n, k, Arrays.stream(kernel).min().getAsLong() / 2);
        if (fixed != null && !indices && Arrays.equals(n.getInts("dilations", ones(k, 1)), ones(k, 1))) {
            // torch's form: libtorch's max_pool called directly
            long[] strides = n.getInts("strides", ones(k, 1));
            // DJL calls torch's max_pool1d/2d/3d (by the input's rank), dilation 1
            String call = "(a0, " + ScriptForm.ints(kernel) + ", " + ScriptForm.ints(strides) + ", " + ScriptForm.ints(fixed)
                    + ", " + ScriptForm.ints(ones(k, 1)) + ", " + ScriptForm.py(ceil) + ")";
            return checked(n, k, null, GraphOp.scripted(in -> new NDArray[] {in[0].getNDArrayInternal().maxPool(new Shape(kernel),
                    new Shape(strides), new Shape(fixed), ceil)}, ScriptForm.of(1, "return torch.max_pool" + k + "d" + call)));
        }
        StringBuilder b = new StringBuilder(window(n, kernel)).append(pads(n)).append(directIf("ks[i] // 2")).append(lines(
                "x = a0",
                "p = pb",
                "if not direct:",
                indent(padList("pl", "pb[i]", "pe[i]")),
                "  x = torch.constant_pad_nd(a0, pl, float(\"-inf\") if a0.is_floating_point() else float(torch.min(a0)))",
                "  p = [0] * k"));
        String call = "torch.max_pool" + k + "d" + (indices ? "_with_indices" : "") + "(x, ks, st, p, dl, "
                + (ceil ? "True" : "False") + ")";
        if (!indices) {
            return checked(n, k, null, TorchScriptOp.of(n, 1, 1, b.append("return ").append(call).toString()));
        }
        b.append(lines("r = " + call,
                "q = r[1]",
                "cs = annotate(List[Tensor], [])",
                "for j in range(k):",
                "  i = k - 1 - j",
                "  cs.insert(0, torch.remainder(q, x.size(i + 2)) - (pb[i] - p[i]))",
                "  q = torch.div(q, x.size(i + 2), rounding_mode=\"floor\")",
                "f = torch.arange(a0.size(0) * a0.size(1), device=q.device).reshape([a0.size(0), a0.size(1)] + [1] * k)",
                "for j in range(k):",
                "  i = " + (order == 0 ? "j" : "k - 1 - j"),
                "  f = f * a0.size(i + 2) + cs[i]",
                "return (r[0], f)"));
        return checked(n, k, null, TorchScriptOp.of(n, 1, 2, b.toString()));
    }

    /**
     * TorchScript setting {@code s}, the window sums of tensor {@code v} (shaped like a0) by a convolution with a
     * kernel of ones (so dilations and any padding work), with zero padding pb/pe plus, in ceil_mode, the extension
     * the last window needs (windows starting in the end padding are dropped, as torch does). With
     * {@code countPads} non-null it also sets {@code m}, the number of counted positions per window: input positions,
     * and the pads too when countPads (count_include_pad), never the ceil_mode extension.
     */
    private static String sumPool(String v, boolean ceil, Boolean countPads) {
        String s = lines("ex = annotate(List[int], [])",
                "for i in range(k):",
                "  e = (ks[i] - 1) * dl[i] + 1",
                "  n = a0.size(i + 2) + pb[i] + pe[i]",
                ceil ? "  o = (n - e + st[i] - 1) // st[i] + 1" : "  o = (n - e) // st[i] + 1",
                "  if (o - 1) * st[i] >= a0.size(i + 2) + pb[i]:",
                "    o = o - 1",
                "  ex.append(max(0, (o - 1) * st[i] + e - n))",
                padList("pl", "pb[i]", "pe[i] + ex[i]").strip(),
                "w = a0.new_ones([1, 1] + ks)",
                "s = torch.constant_pad_nd(" + v + ".reshape([-1, 1] + a0.size()[2:]), pl, 0.)",
                "s = torch.convolution(s, w, None, st, [0] * k, dl, False, [0] * k, 1)",
                "s = s.reshape([a0.size(0), a0.size(1)] + s.size()[2:])");
        if (countPads == null) {
            return s;
        }
        String m = countPads
                ? lines(padList("pm", "pb[i]", "pe[i]").strip(),
                        padList("px", "0", "ex[i]").strip(),
                        "m = torch.constant_pad_nd(torch.constant_pad_nd(a0.new_ones([1, 1] + a0.size()[2:]), pm, 1.), px, 0.)")
                : lines("m = torch.constant_pad_nd(a0.new_ones([1, 1] + a0.size()[2:]), pl, 0.)");
        return s + m + lines("m = torch.convolution(m, w, None, st, [0] * k, dl, False, [0] * k, 1)");
    }

    /**
     * AveragePool (every opset; count_include_pad from 7, ceil_mode from 10, dilations from 19): torch's
     * avg_pool{1,2,3}d (ceil_mode, count_include_pad) when the pads are symmetric and at most half the kernel and there
     * are no dilations; otherwise window sums over the zero-padded input divided by the counted positions
     * ({@link #sumPool}). In ceil_mode count_include_pad counts the pads but not the positions past them, as torch
     * does (ONNX Runtime divides by the whole kernel there).
     */
    private static GraphOp averagePool(OnnxNode n, ConversionContext c) {
        n.allowOnly("auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides");
        long[] kernel = requireKernel(n);
        int k = spatialRank(n);
        if (k > 3) {
            throw OnnxImportException.atNode(n, k + " spatial axes are not supported (1 to 3)");
        }
        boolean ceil = n.getInt("ceil_mode", 0) != 0;
        boolean include = n.getInt("count_include_pad", 0) != 0;
        String py = ceil ? "True" : "False";
        long[] fixed = fixedPads(n, k, 0);
        if (fixed != null && Arrays.equals(n.getInts("dilations", ones(k, 1)), ones(k, 1))) {
            // no padding (count_include_pad is moot): libtorch's avg_pool called directly
            long[] strides = n.getInts("strides", ones(k, 1));
            // DJL calls torch's avg_pool1d/2d/3d with count_include_pad = True (and no divisor override)
            String call = "(a0, " + ScriptForm.ints(kernel) + ", " + ScriptForm.ints(strides) + ", " + ScriptForm.ints(fixed)
                    + ", " + ScriptForm.py(ceil) + ", True" + (k > 1 ? ", None)" : ")");
            return checked(n, k, null, GraphOp.scripted(in -> new NDArray[] {in[0].getNDArrayInternal().avgPool(new Shape(kernel),
                    new Shape(strides), new Shape(fixed), ceil, true)}, ScriptForm.of(1, "return torch.avg_pool" + k + "d" + call)));
        }
        String body = window(n, kernel) + pads(n) + directIf("ks[i] // 2") + lines(
                "if direct and dl == [1] * k:",
                "  return torch.avg_pool" + k + "d(a0, ks, st, pb, " + py + ", " + (include ? "True" : "False")
                        + (k > 1 ? ", None)" : ")"))
                + sumPool("a0", ceil, include) + "return s / m";
        return checked(n, k, null, TorchScriptOp.of(n, 1, 1, body));
    }

    /**
     * LpPool (p a float in opset 1, an int from 2; pads from 11, ceil_mode and dilations from 18):
     * {@code (sum over the window of |x|^p)^(1/p)}, padding counting as zeros, with dilations and ceil_mode as for
     * AveragePool ({@link #sumPool}).
     */
    private static GraphOp lpPool(OnnxNode n, double p) {
        n.allowOnly("auto_pad", "ceil_mode", "dilations", "kernel_shape", "p", "pads", "strides");
        long[] kernel = requireKernel(n);
        int k = spatialRank(n);
        if (k > 3) {
            throw OnnxImportException.atNode(n, k + " spatial axes are not supported (1 to 3)");
        }
        String body = window(n, kernel) + pads(n) + lines("v = torch.pow(torch.abs(a0), " + TorchScriptOp.literal(p) + ")")
                + sumPool("v", n.getInt("ceil_mode", 0) != 0, null) + "return torch.pow(s, " + TorchScriptOp.literal(1 / p) + ")";
        return checked(n, k, null, TorchScriptOp.of(n, 1, 1, body));
    }

    /** GlobalLpPool (opsets 1, 2): the p-norm over the spatial axes, kept as ones (linalg_vector_norm). */
    private static GraphOp globalLpPool(OnnxNode n, double p) {
        n.allowOnly("p");
        return TorchScriptOp.of(n, 1, 1, lines("dims = annotate(List[int], [])",
                "for i in range(a0.dim() - 2):",
                "  dims.append(i + 2)",
                "return torch.linalg_vector_norm(a0, " + TorchScriptOp.literal(p) + ", dims, True)"));
    }

    // ---- normalisation, dropout ----------------------------------------------------------------------------------

    /** InstanceNormalization (opsets 1, 6) as torch.nn.InstanceNorm runs it: instance_norm with per-channel scale and bias. */
    private static GraphOp instanceNorm(OnnxNode n, ConversionContext c) {
        n.allowOnly("epsilon", "consumed_inputs");
        return TorchScriptOp.of(n, 3, 1, "return torch.instance_norm(a0, a1, a2, None, None, True, 0.1, "
                + TorchScriptOp.literal(n.getFloat("epsilon", 1e-5f)) + ", True)");
    }

    /**
     * GroupNormalization as torch.nn.GroupNorm runs it (group_norm). Opset 21 scale and bias are per channel, as
     * torch's; opset 18 had them per group, so each value is repeated for the C / num_groups channels of its group.
     */
    private static GraphOp groupNorm(OnnxNode n, boolean perChannel) {
        n.allowOnly("epsilon", "num_groups", "stash_type");
        long groups = n.getInt("num_groups", 0);
        if (groups < 1) {
            throw OnnxImportException.atNode(n, "attribute 'num_groups' (a positive int) is required");
        }
        if (n.getInt("stash_type", 1) != 1) {
            throw OnnxImportException.atNode(n, "attribute 'stash_type' = " + n.getInt("stash_type", 1)
                    + " is not supported (only 1, float32)");
        }
        String scale = perChannel ? "a1" : "torch.repeat_interleave(a1, a0.size(1) // " + groups + ")";
        String bias = perChannel ? "a2" : "torch.repeat_interleave(a2, a0.size(1) // " + groups + ")";
        return TorchScriptOp.of(n, 3, 1, "return torch.group_norm(a0, " + groups + ", " + scale + ", " + bias + ", "
                + TorchScriptOp.literal(n.getFloat("epsilon", 1e-5f)) + ", True)");
    }

    /**
     * LRN (opsets 1, 13): {@code y = x / (bias + alpha / size · sum of x² over channels
     * [c - floor((size-1)/2), c + ceil((size-1)/2)])^beta}; the channel sum is an average pool of the squares
     * (torch.nn.LocalResponseNorm's form, with ONNX's window placement for even sizes).
     */
    private static GraphOp lrn(OnnxNode n, ConversionContext c) {
        n.allowOnly("alpha", "beta", "bias", "size");
        long size = n.getInt("size", 0);
        if (size < 1) {
            throw OnnxImportException.atNode(n, "attribute 'size' (a positive int) is required");
        }
        long front = (size - 1) / 2;
        return TorchScriptOp.of(n, 1, 1, lines(
                "q = (a0 * a0).reshape([a0.size(0), 1, a0.size(1), -1])",
                "q = torch.constant_pad_nd(q, [0, 0, " + front + ", " + (size - 1 - front) + "], 0.)",
                "q = torch.avg_pool2d(q, [" + size + ", 1], [1, 1], [0, 0], False, True, None).reshape(a0.size())",
                "return a0 / torch.pow(q * " + TorchScriptOp.literal(n.getFloat("alpha", 1e-4f)) + " + "
                        + TorchScriptOp.literal(n.getFloat("bias", 1f)) + ", "
                        + TorchScriptOp.literal(n.getFloat("beta", 0.75f)) + ")"));
    }

    /**
     * Dropout (opsets 1-13). In inference the output is the input and the mask all true. It drops, by torch's
     * native_dropout (zero with probability ratio, scale the rest by 1 / (1 - ratio), mask = kept), in a training
     * forward of the block and, as the spec says, whenever the training_mode input (opset 12+) is true at run time.
     * ratio is the attribute before opset 12 and the optional input from 12 on (default 0.5). The mask is bool from
     * opset 10, the data type before. seed is accepted but libtorch's generator draws the mask; is_test (opsets 1, 6)
     * is ignored: the block's training flag decides.
     */
    private static GraphOp dropout(OnnxNode n, ConversionContext c) {
        n.allowOnly("ratio", "seed", "is_test", "consumed_inputs");
        boolean ratioInput = c.opset() >= 12 && !n.input(1).isEmpty();
        boolean modeInput = c.opset() >= 12 && !n.input(2).isEmpty();
        boolean mask = n.outputs().size() > 1 && !n.output(1).isEmpty();
        boolean boolMask = c.opset() >= 10;
        String ratio = ratioInput ? "float(a1)" : TorchScriptOp.literal(n.getFloat("ratio", 0.5f));
        TorchScriptOp drop = TorchScriptOp.of(n, ratioInput ? 2 : 1, 2, lines("r = torch.native_dropout(a0, " + ratio + ", True)",
                "return (r[0], r[1])"));
        List<Integer> argList = new ArrayList<>(List.of(0));
        if (ratioInput) {
            argList.add(1);
        }
        if (modeInput) {
            argList.add(2);
        }
        String mode = modeInput ? "a" + (argList.size() - 1) : null;
        java.util.function.Function<Boolean, String> body = training -> ScriptForm.lines(
                "on = " + ScriptForm.py(training),
                modeInput ? "if not on:\n  on = bool(torch.reshape(" + mode + ".to(11), [-1])[0])" : "",
                "if not on:",
                mask ? "  return (a0, torch.ones(a0.size(), dtype=" + (boolMask ? "11" : "a0.dtype")
                        + ", layout=None, device=a0.device, pin_memory=None))" : "  return a0",
                "r = torch.native_dropout(a0, " + ratio + ", True)",
                mask ? "return (r[0], r[1]" + (boolMask ? "" : ".to(a0.dtype)") + ")" : "return r[0]");
        ScriptForm form = ScriptForm.of(argList.stream().mapToInt(Integer::intValue).toArray(), mask ? 2 : 1, body.apply(false))
                .withTrain(body.apply(true));
        return new GraphOp() {
            @Override
            public ScriptForm script() {
                return form;
            }

            @Override
            public NDArray[] apply(NDArray[] in) {
                return apply(in, false);
            }

            @Override
            public NDArray[] apply(NDArray[] in, boolean training) {
                boolean on = training || modeInput && in[2] != null && in[2].toType(DataType.BOOLEAN, false).toBooleanArray()[0];
                if (!on) {
                    return mask ? new NDArray[] {in[0], in[0].getManager().ones(in[0].getShape(),
                            boolMask ? DataType.BOOLEAN : in[0].getDataType(), in[0].getDevice())} : new NDArray[] {in[0]};
                }
                NDArray[] out = drop.apply(ratioInput ? new NDArray[] {in[0], in[1]} : new NDArray[] {in[0]});
                NDArray m = boolMask ? out[1] : out[1].toType(in[0].getDataType(), false);
                return mask ? new NDArray[] {out[0], m} : new NDArray[] {out[0]};
            }
        };
    }

    /**
     * Batch norm as torch.nn.BatchNorm: libtorch's {@code batch_norm}, which torch's module calls, in eval form
     * (running statistics) for an inference forward and in train form for a training forward: normalise with
     * the batch mean and biased variance over every axis but 1, then update the running statistics in place
     * with the unbiased variance, {@code running = (1 - m)·running + m·batch} where torch's momentum
     * {@code m = 1 - momentum} of ONNX (ONNX's default 0.9 is torch's 0.1). Autograd flows through the batch
     * statistics; the running statistics are non-trainable parameters, so the update reaches the block.
     * See torch/nn/modules/batchnorm.py (_BatchNorm.forward) and the ONNX BatchNormalization spec.
     */
    private static GraphOp batchNorm(OnnxNode n, ConversionContext c) {
        n.allowOnly("epsilon", "momentum", "training_mode", "spatial", "is_test", "consumed_inputs");
        if (n.getInt("training_mode", 0) != 0) {
            throw OnnxImportException.atNode(n, "attribute 'training_mode' = 1 is not supported (the block's training flag selects the form)");
        }
        if (n.getInt("spatial", 1) != 1) {
            throw OnnxImportException.atNode(n, "attribute 'spatial' = 0 is not supported");
        }
        if (n.outputs().size() > 1) {
            throw OnnxImportException.atNode(n, "outputs running_mean/var (training form) are not supported");
        }
        float eps = n.getFloat("epsilon", 1e-5f);
        float onnxMomentum = n.getFloat("momentum", 0.9f);
        if (!(onnxMomentum >= 0f && onnxMomentum <= 1f)) {
            throw OnnxImportException.atNode(n, "attribute 'momentum' = " + onnxMomentum + " is outside [0, 1]");
        }
        // DJL's batchNorm is torch.nn.functional.batch_norm: torch's batch_norm with momentum 1 - momentum computed
        // in float32, cudnn_enabled as libtorch's global context (true unless turned off)
        String call = "torch.batch_norm(a0, a1, a2, a3, a4, %s, " + ScriptForm.f(1f - onnxMomentum) + ", " + ScriptForm.f(eps) + ", True)";
        ScriptForm form = ScriptForm.of(5, "return " + String.format(call, "False")).withTrain("return " + String.format(call, "True"));
        return new GraphOp() {
            @Override
            public ScriptForm script() {
                return form;
            }

            @Override
            public NDArray[] apply(NDArray[] in) {
                return apply(in, false);
            }

            @Override
            public NDArray[] apply(NDArray[] in, boolean training) {
                // DJL's batchNorm takes the MXNet/ONNX momentum and hands libtorch 1 - momentum
                return new NDArray[] {in[0].getNDArrayInternal()
                        .batchNorm(in[0], in[3], in[4], in[1], in[2], -1, onnxMomentum, eps, training).singletonOrThrow()};
            }
        };
    }
}
