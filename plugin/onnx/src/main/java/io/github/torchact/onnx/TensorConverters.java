package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Indexing, slicing and tensor creation: Gather, GatherElements, GatherND, ScatterND, ScatterElements (and the old
 * Scatter), Slice, Expand, Tile, Range, ConstantOfShape, Trilu, Pad, Resize (and Upsample), CumSum, Einsum, TopK,
 * ArgMax/ArgMin, OneHot, DepthToSpace/SpaceToDepth, Size.
 *
 * <p>Each op is a TorchScript function of the node's inputs ({@link Script}), so shapes, indices, axes, pads,
 * scales and the like may be computed at run time, integer and bool tensors keep ONNX's dtypes, and autograd is
 * libtorch's. Where an op is what torch exports for one of its own functions (Gather from index_select, Slice from
 * slicing, Pad from F.pad, Resize from F.interpolate, CumSum, TopK, ...), the function calls that torch operator,
 * so an exported model is recomputed by the same kernel. Indices may be negative (counted from the end) as ONNX
 * allows from opset 11.
 */
final class TensorConverters {

    /** torch ScalarType codes (c10/core/ScalarType.h) as TorchScript writes dtypes. */
    static final int LONG = 4;
    static final int DOUBLE = 7;
    static final int FLOAT = 6;

    private TensorConverters() {}

    static void register(ConverterRegistry r) {
        r.register("", "Gather", 1, TensorConverters::gather);
        r.register("", "GatherElements", 11, TensorConverters::gatherElements);
        r.register("", "GatherND", 11, TensorConverters::gatherNd);
        r.register("", "ScatterND", 11, (n, c) -> scatterNd(n, c, 11));
        r.register("", "ScatterND", 16, (n, c) -> scatterNd(n, c, 16));
        r.register("", "ScatterND", 18, (n, c) -> scatterNd(n, c, 18));
        r.register("", "Scatter", 9, (n, c) -> scatterElements(n, c, 11));
        r.register("", "ScatterElements", 11, (n, c) -> scatterElements(n, c, 11));
        r.register("", "ScatterElements", 16, (n, c) -> scatterElements(n, c, 16));
        r.register("", "ScatterElements", 18, (n, c) -> scatterElements(n, c, 18));
        r.register("", "Slice", 1, (n, c) -> slice(n, c, true));
        r.register("", "Slice", 10, (n, c) -> slice(n, c, false));
        r.register("", "Expand", 8, TensorConverters::expand);
        r.register("", "Tile", 1, (n, c) -> tile(n, c, true));
        r.register("", "Tile", 6, (n, c) -> tile(n, c, false));
        r.register("", "Range", 11, TensorConverters::range);
        r.register("", "ConstantOfShape", 9, TensorConverters::constantOfShape);
        r.register("", "Trilu", 14, TensorConverters::trilu);
        for (long v : new long[] {1, 2, 11, 18, 19}) {
            r.register("", "Pad", v, (n, c) -> pad(n, c, v));
        }
        for (long v : new long[] {10, 11, 13, 18, 19}) {
            r.register("", "Resize", v, (n, c) -> resize(n, c, v));
        }
        r.register("", "Upsample", 9, (n, c) -> resize(n, c, 10));
        r.register("", "CumSum", 11, TensorConverters::cumSum);
        r.register("", "Einsum", 12, TensorConverters::einsum);
        r.register("", "TopK", 1, (n, c) -> topK(n, c, 1));
        r.register("", "TopK", 10, (n, c) -> topK(n, c, 10));
        r.register("", "TopK", 11, (n, c) -> topK(n, c, 11));
        r.register("", "ArgMax", 1, (n, c) -> argExtreme(n, c, "argmax"));
        r.register("", "ArgMin", 1, (n, c) -> argExtreme(n, c, "argmin"));
        r.register("", "OneHot", 9, TensorConverters::oneHot);
        r.register("", "DepthToSpace", 1, TensorConverters::depthToSpace);
        r.register("", "SpaceToDepth", 1, TensorConverters::spaceToDepth);
        r.register("", "Size", 1, (n, c) -> {
            n.allowOnly();
            return GraphOp.scripted(in -> new NDArray[] {in[0].getManager().create(in[0].getShape().size()).toDevice(in[0].getDevice(), false)},
                    ScriptForm.of(1, "return torch.tensor(a0.numel(), dtype=" + LONG + ", device=a0.device)"));
        });
    }

    /**
     * A TorchScript op over some of the node's inputs. {@link #in} names input {@code i} in the function
     * ({@code in_<i>}); an omitted optional input is simply never named, so the body decides at import which inputs
     * it reads. The lines accumulate into the body. Two bodies are built: the node-by-node one reads every list and
     * scalar operand ({@link #ints}, {@link #floats}, {@link #intValue}) from its tensor at run time (one module serves
     * every node with the same attributes), and the script form for the compiled forward has those whose input is an
     * import-time constant written in as literals (the values the tensor holds, so the same operators run on the same
     * values).
     */
    static final class Script {
        private final OnnxNode node;
        private final ConversionContext ctx;
        // inputs named in shared lines; inputs read only as lists or scalars (all / those not constant at import)
        private final java.util.TreeSet<Integer> direct = new java.util.TreeSet<>();
        private final java.util.TreeSet<Integer> listed = new java.util.TreeSet<>();
        private final java.util.TreeSet<Integer> listedAtRunTime = new java.util.TreeSet<>();
        private final List<String> generic = new ArrayList<>();
        private final List<String> special = new ArrayList<>();

        Script(OnnxNode node, ConversionContext ctx) {
            this.node = node;
            this.ctx = ctx;
            in(0);
        }

        /** The TorchScript name of input {@code i}. */
        String in(int i) {
            direct.add(i);
            return name(i);
        }

        private static String name(int i) {
            return "in_" + i;
        }

        /** Whether optional input {@code i} is given. */
        boolean has(int i) {
            return !node.input(i).isEmpty();
        }

        /** Input {@code i}'s value when it is an import-time constant, else null. */
        private TensorValue constant(int i) {
            return ctx == null || !has(i) ? null : ctx.constant(node.input(i));
        }

        Script line(String... ls) {
            generic.addAll(Arrays.asList(ls));
            special.addAll(Arrays.asList(ls));
            return this;
        }

        /** {@code read} in the node-by-node body; in the script form {@code literal} when input i is constant, else read. */
        private Script operand(int i, String[] read, String literal) {
            listed.add(i);
            generic.addAll(Arrays.asList(read));
            if (literal != null) {
                special.add(literal);
            } else {
                listedAtRunTime.add(i);
                special.addAll(Arrays.asList(read));
            }
            return this;
        }

        /** {@code var = List[int]} holding the elements of (int or float) tensor input {@code i}. */
        Script ints(String var, int i) {
            TensorValue v = constant(i);
            String literal = null;
            if (v != null) {
                double[] d = v.toDoubles();
                long[] l = v.dataType().isFloating() ? null : v.toLongs();
                long[] asInt = new long[d.length];
                for (int k = 0; k < d.length; k++) {
                    asInt[k] = l != null ? l[k] : (long) d[k]; // int(t[k]) truncates, as the cast does
                }
                literal = var + " = annotate(List[int], " + TorchScriptOp.ints(asInt) + ")";
            }
            return operand(i, listLines(var, "int", name(i)), literal);
        }

        Script floats(String var, int i) {
            TensorValue v = constant(i);
            String literal = null;
            if (v != null && (v.dataType().isFloating() || v.dataType() == DataType.INT32 || v.dataType() == DataType.INT8
                    || v.dataType() == DataType.UINT8)) {
                StringBuilder b = new StringBuilder("[");
                double[] d = v.toDoubles();
                for (int k = 0; k < d.length; k++) {
                    b.append(k == 0 ? "" : ", ").append(TorchScriptOp.literal(d[k]));
                }
                literal = var + " = annotate(List[float], " + b + "])";
            }
            return operand(i, listLines(var, "float", name(i)), literal);
        }

        /** {@code var = int(input i)} (a one-element tensor). */
        Script intValue(String var, int i) {
            TensorValue v = constant(i);
            String literal = v != null && v.size() == 1 && !v.dataType().isFloating() ? var + " = " + v.toLongs()[0] : null;
            return operand(i, new String[] {var + " = int(" + name(i) + ")"}, literal);
        }

        /** {@code var = List[kind]} holding the elements of the tensor expression {@code t}. */
        Script list(String var, String kind, String t) {
            return line(listLines(var, kind, t));
        }

        private static String[] listLines(String var, String kind, String t) {
            return new String[] {var + " = annotate(List[" + kind + "], [])",
                "_t_" + var + " = torch.reshape(" + t + ", [-1])",
                "for _i in range(_t_" + var + ".size(0)):",
                "  " + var + ".append(" + kind + "(_t_" + var + "[_i]))"};
        }

        /** {@code var = List[int]} holding an import-time list. */
        Script ints(String var, long[] values) {
            return line(var + " = annotate(List[int], " + TorchScriptOp.ints(values) + ")");
        }

        /** {@code var} = {@code value} made non-negative for rank {@code rank} (an expression). */
        Script axis(String var, String value, String rank) {
            return line(var + " = " + value, "if " + var + " < 0:", "  " + var + " = " + var + " + " + rank);
        }

        /** Every axis of {@code list} made non-negative for rank {@code rank}. */
        Script axes(String list, String rank) {
            return line("for _j in range(len(" + list + ")):", "  if " + list + "[_j] < 0:",
                    "    " + list + "[_j] = " + list + "[_j] + " + rank);
        }

        /** {@code var = [0, 1, ..., rank - 1]}. */
        Script allAxes(String var, String rank) {
            return line(var + " = annotate(List[int], [])", "for _j in range(" + rank + "):", "  " + var + ".append(_j)");
        }

        /** The op: the accumulated body (ending in {@code return}) over the named inputs, and its script form. */
        GraphOp build(int outputs) {
            java.util.TreeSet<Integer> all = new java.util.TreeSet<>(direct);
            all.addAll(listed);
            for (int i : all) {
                if (!has(i)) {
                    throw OnnxImportException.atNode(node, "input " + i + " is required");
                }
            }
            java.util.TreeSet<Integer> compiled = new java.util.TreeSet<>(direct);
            compiled.addAll(listedAtRunTime);
            int[] idx = all.stream().mapToInt(Integer::intValue).toArray();
            int[] args = compiled.stream().mapToInt(Integer::intValue).toArray();
            TorchScriptOp op = TorchScriptOp.of(node, idx.length, outputs, prelude(idx) + String.join("\n", generic));
            ScriptForm form = ScriptForm.of(args, outputs, prelude(args) + String.join("\n", special));
            return GraphOp.scripted(in -> {
                NDArray[] a = new NDArray[idx.length];
                for (int k = 0; k < idx.length; k++) {
                    a[k] = in[idx[k]];
                }
                return op.apply(a);
            }, form);
        }

        /** {@code in_<i> = a<k>} for each argument. */
        private static String prelude(int[] inputs) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < inputs.length; k++) {
                b.append(name(inputs[k])).append(" = a").append(k).append('\n');
            }
            return b.toString();
        }
    }

    /** Lines setting {@code var} to {@code indices} as int64, negative entries counted from the end of a length-{@code d} axis. */
    private static String[] wrapIndices(String var, String indices, String d) {
        return new String[] {var + " = " + indices + ".to(" + LONG + ")",
            var + " = torch.where(torch.lt(" + var + ", 0), " + var + " + " + d + ", " + var + ")"};
    }

    /** Gather: index_select along {@code axis} with the indices' shape in place of that axis (a scalar index drops it). */
    private static GraphOp gather(OnnxNode n, ConversionContext c) {
        n.allowOnly("axis");
        Script s = new Script(n, c);
        String x = s.in(0);
        return s.axis("ax", String.valueOf(n.getInt("axis", 0)), x + ".dim()")
                .line("d = " + x + ".size(ax)").line(wrapIndices("i", s.in(1), "d"))
                .line("y = torch.index_select(" + x + ", ax, torch.reshape(i, [-1]))",
                        "return torch.reshape(y, " + x + ".size()[:ax] + i.size() + " + x + ".size()[ax + 1:])")
                .build(1);
    }

    /** GatherElements: torch.gather along {@code axis}. */
    private static GraphOp gatherElements(OnnxNode n, ConversionContext c) {
        n.allowOnly("axis");
        Script s = new Script(n, c);
        String x = s.in(0);
        return s.axis("ax", String.valueOf(n.getInt("axis", 0)), x + ".dim()")
                .line(wrapIndices("i", s.in(1), x + ".size(ax)"))
                .line("return torch.gather(" + x + ", ax, i)").build(1);
    }

    /**
     * Lines computing {@code lin}, the row-major linear index into the {@code k} data axes from {@code first} on
     * addressed by the last axis of the indices {@code i} (negative entries wrapped), and {@code m}, their extent product.
     */
    private static String[] linearIndex(String x, String i, String first) {
        return new String[] {
            "q = " + i + ".dim()",
            "k = " + i + ".size(q - 1)",
            "ii = " + i + ".to(" + LONG + ")",
            "lin = torch.zeros_like(torch.select(ii, q - 1, 0))",
            "m = 1",
            "for j in range(k):",
            "  d = " + x + ".size(" + first + " + j)",
            "  ij = torch.select(ii, q - 1, j)",
            "  lin = lin * d + torch.where(torch.lt(ij, 0), ij + d, ij)",
            "  m = m * d"};
    }

    /**
     * GatherND (batch_dims from opset 12): the index tuples in the last axis of the indices address slices of the
     * data after the batch axes; gathered as one index_select over the data flattened to (batch · addressed, rest).
     */
    private static GraphOp gatherNd(OnnxNode n, ConversionContext c) {
        n.allowOnly("batch_dims");
        long b = n.getInt("batch_dims", 0);
        Script s = new Script(n, c);
        String x = s.in(0);
        String i = s.in(1);
        return s.line("b = " + b).line(linearIndex(x, i, "b")).line(
                "nb = 1",
                "for j in range(b):",
                "  nb = nb * " + x + ".size(j)",
                "lin = torch.reshape(lin, [nb, -1]) + torch.reshape(torch.arange(nb, device=" + x + ".device) * m, [nb, 1])",
                "rest = " + x + ".size()[b + k:]",
                "y = torch.index_select(torch.reshape(" + x + ", [nb * m] + rest), 0, torch.reshape(lin, [-1]))",
                "return torch.reshape(y, " + i + ".size()[:q - 1] + rest)").build(1);
    }

    /** The ONNX scatter reduction as a libtorch reduce name (index_reduce / scatter_reduce), or null for none. */
    private static String reduction(OnnxNode n, long since) {
        n.allowOnly(since >= 16 ? new String[] {"reduction", "axis"} : new String[] {"axis"});
        String red = n.getString("reduction", "none");
        switch (red) {
            case "none": return null;
            case "add": return "sum";
            case "mul": return "prod";
            case "max": case "min":
                if (since >= 18) {
                    return "a" + red;
                }
                // fall through
            default:
                throw OnnxImportException.atNode(n, "attribute 'reduction' = '" + red + "' is not supported at opset "
                        + since + " (none, add, mul" + (since >= 18 ? ", max, min" : "") + ")");
        }
    }

    /**
     * ScatterND: the update slices written (or combined by {@code reduction}) at the index tuples, as torch's
     * index_put for {@code x[idx] = v} does: one index_copy / index_add / index_reduce over the data flattened to
     * (addressed, rest), duplicates combined in order.
     */
    private static GraphOp scatterNd(OnnxNode n, ConversionContext c, long since) {
        String red = reduction(n, since);
        if (n.has("axis")) {
            throw OnnxImportException.atNode(n, "attribute 'axis' is not supported");
        }
        Script s = new Script(n, c);
        String x = s.in(0);
        String write = red == null ? "torch.index_copy(xf, 0, lin, u)"
                : red.equals("sum") ? "torch.index_add(xf, 0, lin, u)"
                : "torch.index_reduce(xf, 0, lin, u, \"" + red + "\")";
        return s.line(linearIndex(x, s.in(1), "0")).line(
                "rest = " + x + ".size()[k:]",
                "xf = torch.reshape(" + x + ", [m] + rest)",
                "u = torch.reshape(" + s.in(2) + ", [-1] + rest)",
                "lin = torch.reshape(lin, [-1])",
                "return torch.reshape(" + write + ", " + x + ".size())").build(1);
    }

    /** ScatterElements (and opset 9's Scatter): torch.scatter, scatter_add or scatter_reduce (including the data). */
    private static GraphOp scatterElements(OnnxNode n, ConversionContext c, long since) {
        String red = reduction(n, since);
        Script s = new Script(n, c);
        String x = s.in(0);
        String call = red == null ? "torch.scatter(" + x + ", ax, i, " + s.in(2) + ")"
                : red.equals("sum") ? "torch.scatter_add(" + x + ", ax, i, " + s.in(2) + ")"
                : "torch.scatter_reduce(" + x + ", ax, i, " + s.in(2) + ", \"" + red + "\")";
        return s.axis("ax", String.valueOf(n.getInt("axis", 0)), x + ".dim()")
                .line(wrapIndices("i", s.in(1), x + ".size(ax)")).line("return " + call).build(1);
    }

    /**
     * Slice (attributes before opset 10, inputs after; steps from 10). Per axis, as ONNX clamps: a negative start
     * or end counts from the end; for a positive step start and end clamp to [0, d], for a negative step start to
     * [0, d - 1] and end to [-1, d - 1] (so INT64_MAX / INT64_MIN mean "to the end"). A positive step is torch's
     * slice; a negative step slices the flipped axis.
     */
    private static GraphOp slice(OnnxNode n, ConversionContext c, boolean attrs) {
        Script s = new Script(n, c);
        String x = s.in(0);
        if (attrs) {
            n.allowOnly("starts", "ends", "axes");
            long[] starts = n.getInts("starts", null);
            long[] ends = n.getInts("ends", null);
            if (starts == null || ends == null) {
                throw OnnxImportException.atNode(n, "attributes 'starts' and 'ends' are required");
            }
            s.ints("st", starts).ints("en", ends);
            if (n.has("axes")) {
                s.ints("axes", n.getInts("axes", null));
            }
        } else {
            n.allowOnly();
            s.ints("st", 1).ints("en", 2);
            if (s.has(3)) {
                s.ints("axes", 3);
            }
            if (s.has(4)) {
                s.ints("steps", 4);
            }
        }
        if (!(attrs ? n.has("axes") : s.has(3))) {
            s.allAxes("axes", "len(st)");
        }
        if (attrs || !s.has(4)) {
            s.line("steps = annotate(List[int], [])", "for _j in range(len(st)):", "  steps.append(1)");
        }
        return s.line("y = " + x, "r = y.dim()").axes("axes", "r").line(
                "for j in range(len(st)):",
                "  ax = axes[j]",
                "  d = y.size(ax)",
                "  b = st[j]",
                "  e = en[j]",
                "  step = steps[j]",
                "  if b < 0:",
                "    b = b + d",
                "  if e < 0:",
                "    e = e + d",
                "  if step > 0:",
                "    y = torch.slice(y, ax, min(max(b, 0), d), min(max(e, 0), d), step)",
                "  else:",
                "    b = min(max(b, 0), d - 1)",
                "    e = min(max(e, -1), d - 1)",
                "    y = torch.slice(torch.flip(y, [ax]), ax, d - 1 - b, d - 1 - e, -step)",
                "return y").build(1);
    }

    /** Expand: torch's expand to the numpy broadcast of the input's shape and the given shape. */
    private static GraphOp expand(OnnxNode n, ConversionContext c) {
        n.allowOnly();
        Script s = new Script(n, c);
        String x = s.in(0);
        return s.ints("shape", 1).line(
                "r = max(len(shape), " + x + ".dim())",
                "out = annotate(List[int], [])",
                "for j in range(r):",
                "  ds = 1",
                "  dx = 1",
                "  if j >= r - len(shape):",
                "    ds = shape[j - r + len(shape)]",
                "  if j >= r - " + x + ".dim():",
                "    dx = " + x + ".size(j - r + " + x + ".dim())",
                "  if ds == 1:",
                "    out.append(dx)",
                "  else:",
                "    out.append(ds)",
                "return torch.expand(" + x + ", out)").build(1);
    }

    /** Tile: torch's repeat. Opset 1 repeats one axis (inputs tiles, axis); from 6 every axis (input repeats). */
    private static GraphOp tile(OnnxNode n, ConversionContext c, boolean v1) {
        n.allowOnly();
        Script s = new Script(n, c);
        String x = s.in(0);
        if (v1) {
            s.line("reps = annotate(List[int], [])", "for _j in range(" + x + ".dim()):", "  reps.append(1)")
                    .intValue("_ax", 2).axis("ax", "_ax", x + ".dim()").intValue("_rep", 1).line("reps[ax] = _rep");
        } else {
            s.ints("reps", 1);
        }
        return s.line("return " + x + ".repeat(reps)").build(1);
    }

    /** Range: torch.arange(start, limit, delta) in the inputs' dtype; max(ceil((limit - start) / delta), 0) elements. */
    private static GraphOp range(OnnxNode n, ConversionContext c) {
        n.allowOnly();
        Script s = new Script(n, c);
        String a = s.in(0);
        String opts = "dtype=" + a + ".dtype, layout=None, device=" + a + ".device, pin_memory=None)";
        // torch.arange refuses a step of the wrong sign (or 0) where ONNX's count max(ceil(...), 0) is 0
        return s.line("if bool(torch.le((" + s.in(1) + " - " + a + ") * torch.sign(" + s.in(2) + "), 0)):",
                "  return torch.empty([0], " + opts,
                "return torch.arange(" + a + ".item(), " + s.in(1) + ".item(), " + s.in(2) + ".item(), " + opts).build(1);
    }

    /** ConstantOfShape: torch.full of the run-time shape with the one-element 'value' tensor (default float32 0). */
    private static GraphOp constantOfShape(OnnxNode n, ConversionContext c) {
        n.allowOnly("value");
        TensorValue v = n.has("value") ? n.constantValue(n.output(0)) : Constants.floats(n.output(0), new long[] {1}, 0f);
        if (v.size() != 1) {
            throw OnnxImportException.atNode(n, "attribute 'value' must hold one element, has shape " + Arrays.toString(v.shape()));
        }
        double d = v.toDoubles()[0];
        String literal = v.dataType() == DataType.BOOLEAN ? (d != 0 ? "True" : "False")
                : v.dataType().isFloating() ? TorchScriptOp.literal(d)
                : v.dataType() == DataType.INT64 ? String.valueOf(v.toLongs()[0]) : String.valueOf((long) d);
        Script s = new Script(n, c);
        return s.ints("shape", 0).line("return torch.full(shape, " + literal + ", dtype=" + scalarType(v.dataType(), n)
                + ", layout=None, device=" + s.in(0) + ".device, pin_memory=None)").build(1);
    }

    /** The torch ScalarType code of {@code t}. */
    static int scalarType(DataType t, OnnxNode n) {
        switch (t) {
            case UINT8: return 0;
            case INT8: return 1;
            case INT16: return 2;
            case INT32: return 3;
            case INT64: return LONG;
            case FLOAT16: return 5;
            case FLOAT32: return 6;
            case FLOAT64: return DOUBLE;
            case BOOLEAN: return 11;
            case BFLOAT16: return 15;
            default: throw OnnxImportException.atNode(n, "data type " + t + " is not supported");
        }
    }

    /** Trilu: torch.triu / torch.tril with the optional run-time diagonal offset k. */
    private static GraphOp trilu(OnnxNode n, ConversionContext c) {
        n.allowOnly("upper");
        Script s = new Script(n, c);
        if (s.has(1)) {
            s.intValue("k", 1);
        } else {
            s.line("k = 0");
        }
        return s.line("return torch." + (n.getInt("upper", 1) != 0 ? "triu" : "tril") + "(" + s.in(0) + ", k)").build(1);
    }

    /**
     * Pad: pads {@code [b1.., e1..]} (attribute 'paddings' at opset 1, 'pads' at 2, input from 11) over every axis or,
     * from 18, the given axes; negative pads crop. Constant mode is torch's constant_pad_nd (value attribute before
     * 11, optional input after); reflect, edge and (from 19) wrap gather each padded axis through an index map
     * (reflect without repeating the border, periodically for pads longer than the axis, as numpy.pad), which is
     * what torch's reflection/replication padding computes, on any axis.
     */
    private static GraphOp pad(OnnxNode n, ConversionContext c, long since) {
        if (since < 11) {
            n.allowOnly("mode", since == 1 ? "paddings" : "pads", "value");
        } else {
            n.allowOnly("mode");
        }
        String mode = n.getString("mode", "constant");
        if (!Arrays.asList("constant", "reflect", "edge", "wrap").contains(mode) || mode.equals("wrap") && since < 19) {
            throw OnnxImportException.atNode(n, "attribute 'mode' = '" + mode + "' is not supported (constant, reflect, edge"
                    + (since >= 19 ? ", wrap)" : "; wrap from opset 19)"));
        }
        Script s = new Script(n, c);
        String x = s.in(0);
        if (since < 11) {
            long[] pads = n.getInts(since == 1 ? "paddings" : "pads", null);
            if (pads == null) {
                throw OnnxImportException.atNode(n, "attribute '" + (since == 1 ? "paddings" : "pads") + "' is required");
            }
            s.ints("pads", pads);
        } else {
            s.ints("pads", 1);
        }
        if (since >= 18 && s.has(3)) {
            s.ints("axes", 3);
        } else {
            s.allAxes("axes", x + ".dim()");
        }
        s.line("y = " + x, "r = y.dim()", "na = len(axes)").axes("axes", "r");
        if (mode.equals("constant")) {
            String value = since < 11 ? TorchScriptOp.literal(n.getFloat("value", 0f)) : s.has(2) ? s.in(2) + ".item()" : "0";
            return s.line("p = annotate(List[int], [])",
                    "for j in range(2 * r):",
                    "  p.append(0)",
                    "for j in range(na):",
                    "  p[2 * (r - 1 - axes[j])] = pads[j]",
                    "  p[2 * (r - 1 - axes[j]) + 1] = pads[j + na]",
                    "return torch.constant_pad_nd(y, p, " + value + ")").build(1);
        }
        String map = mode.equals("edge") ? "  i = torch.clamp(i, 0, d - 1)"
                : mode.equals("wrap") ? "  i = torch.remainder(i, d)"
                : "  per = max(2 * (d - 1), 1)\n  i = torch.remainder(i, per)\n  i = torch.where(torch.ge(i, d), per - i, i)";
        return s.line("for j in range(na):",
                "  d = y.size(axes[j])",
                "  i = torch.arange(-pads[j], d + pads[j + na], device=y.device)",
                map,
                "  y = torch.index_select(y, axes[j], i)",
                "return y").build(1);
    }

    /**
     * Resize (opset 10 and Upsample 9: scales, asymmetric, nearest rounds down; from 11 roi, scales or sizes and the
     * coordinate transformation, nearest and cubic attributes; axes from 18; half_pixel_symmetric from 19). Where
     * the node is what torch exports for F.interpolate on an (N, C, spatial...) input (nearest with
     * asymmetric/floor; linear with half_pixel, pytorch_half_pixel or align_corners; bicubic with A = -0.75; a
     * floating input with N and C unresized), torch's upsample kernel runs, with ONNX's scales when given. Otherwise each resized axis is
     * interpolated in turn, in float64, with ONNX's coordinate formulas (the separable form of the ONNX reference,
     * the scaled output length {@code scale · length} a float as there; output sizes from scales ignore the roi, as
     * the reference and onnxruntime do):
     * nearest gathers, linear mixes two taps, cubic four (clamped to the border, or zero and renormalised with
     * exclude_outside); tf_crop_and_resize takes extrapolation_value outside the roi. keep_aspect_ratio_policy
     * not_larger / not_smaller applies the smallest / largest size ratio to every resized axis; antialias is refused.
     */
    private static GraphOp resize(OnnxNode n, ConversionContext c, long since) {
        List<String> known = new ArrayList<>(List.of("mode"));
        if (since >= 11) {
            known.addAll(List.of("coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside", "extrapolation_value", "nearest_mode"));
        }
        if (since >= 18) {
            known.addAll(List.of("antialias", "axes", "keep_aspect_ratio_policy"));
        }
        n.allowOnly(known.toArray(new String[0]));
        String mode = n.getString("mode", "nearest");
        String ctm = since < 11 ? "asymmetric" : n.getString("coordinate_transformation_mode", "half_pixel");
        String nearest = since < 11 ? "floor" : n.getString("nearest_mode", "round_prefer_floor");
        double a = n.getFloat("cubic_coeff_a", -0.75f);
        boolean exclude = n.getInt("exclude_outside", 0) != 0;
        List<String> modes = since < 11 ? List.of("nearest", "linear") : List.of("nearest", "linear", "cubic");
        if (mode.equals("bilinear") && since < 11) {
            mode = "linear";
        }
        refuseUnless(n, "mode", mode, modes);
        List<String> ctms = new ArrayList<>(List.of("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_crop_and_resize"));
        if (since == 11) {
            ctms.add("tf_half_pixel_for_nn");
        }
        if (since >= 19) {
            ctms.add("half_pixel_symmetric");
        }
        refuseUnless(n, "coordinate_transformation_mode", ctm, ctms);
        refuseUnless(n, "nearest_mode", nearest, List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil"));
        if (n.getInt("antialias", 0) != 0) {
            throw OnnxImportException.atNode(n, "attribute 'antialias' = 1 is not supported");
        }
        String policy = n.getString("keep_aspect_ratio_policy", "stretch");
        refuseUnless(n, "keep_aspect_ratio_policy", policy, List.of("stretch", "not_larger", "not_smaller"));
        boolean crop = ctm.equals("tf_crop_and_resize");

        Script s = new Script(n, c);
        String x = s.in(0);
        s.line("r = " + x + ".dim()");
        if (n.has("axes")) {
            s.ints("axes", n.getInts("axes", null)).axes("axes", "r");
        } else {
            s.allAxes("axes", "r");
        }
        s.line("na = len(axes)", "sc = annotate(List[float], [])", "out = annotate(List[int], [])", "given = True");
        if (crop) {
            if (!s.has(1)) {
                throw OnnxImportException.atNode(n, "tf_crop_and_resize needs input 'roi'");
            }
            s.floats("roi", 1);
        }
        int scalesIn = since < 11 ? 1 : 2;
        String[] fromScales = !s.has(scalesIn) ? new String[0]
                : new String[] {"_s = torch.reshape(" + s.in(scalesIn) + ", [-1])",
                    "for j in range(na):",
                    "  sc.append(float(_s[j]))",
                    "  out.append(int(float(" + x + ".size(axes[j])) * sc[j]))"};
        String[] fromSizes = since < 11 || !s.has(3) ? new String[0]
                : new String[] {"given = False", "_z = torch.reshape(" + s.in(3) + ", [-1])",
                    "for j in range(na):",
                    "  out.append(int(_z[j]))",
                    "  sc.append(float(out[j]) / float(" + x + ".size(axes[j])))"};
        if (fromSizes.length > 0 && !policy.equals("stretch")) {
            // not_larger / not_smaller: one scale for every resized axis, sizes rounded half up
            fromSizes = concat(fromSizes, "ks = " + (policy.equals("not_larger") ? "min" : "max") + "(sc)",
                    "for j in range(na):", "  sc[j] = ks", "  out[j] = int(ks * float(" + x + ".size(axes[j])) + 0.5)");
        }
        if (fromScales.length == 0 && fromSizes.length == 0) {
            throw OnnxImportException.atNode(n, "needs input 'scales' or 'sizes'");
        }
        if (fromScales.length > 0 && fromSizes.length > 0) {
            s.line("if " + s.in(3) + ".numel() > 0:").line(indent(fromSizes)).line("else:").line(indent(fromScales));
        } else {
            s.line(fromSizes.length > 0 ? fromSizes : fromScales);
        }
        String kernel = torchKernel(mode, ctm, nearest, a, exclude);
        if (kernel != null) {
            s.line("osz = " + x + ".size()",
                    "fs = annotate(List[float], [])",
                    "for j in range(r):",
                    "  fs.append(1.0)",
                    "for j in range(na):",
                    "  osz[axes[j]] = out[j]",
                    "  fs[axes[j]] = sc[j]",
                    "k = r - 2",
                    "fast = " + x + ".is_floating_point() and k >= " + (mode.equals("cubic") ? 2 : 1) + " and k <= " + (mode.equals("cubic") ? 2 : 3)
                            + " and osz[0] == " + x + ".size(0) and osz[1] == " + x + ".size(1) and fs[0] == 1.0 and fs[1] == 1.0",
                    "for j in range(2, r):",
                    // torch's align_corners uses the integer output size, ONNX the scaled float size
                    "  if " + (ctm.equals("pytorch_half_pixel") ? "osz[j] <= 1"
                            : ctm.equals("align_corners") ? "given and float(osz[j]) != fs[j] * float(" + x + ".size(j))" : "False") + ":",
                    "    fast = False",
                    "if fast:");
            for (int k = 1; k <= 3; k++) {
                if (mode.equals("cubic") && k != 2) {
                    continue;
                }
                s.line("  if k == " + k + ":", "    if given:", "      return " + kernelCall(kernel, x, k, true),
                        "    return " + kernelCall(kernel, x, k, false));
            }
        }
        String coord;
        switch (ctm) {
            case "half_pixel": coord = "(t + 0.5) / s - 0.5"; break;
            case "pytorch_half_pixel": coord = "(t + 0.5) / s - 0.5 if ow != 1.0 else t * 0.0"; break;
            case "align_corners": coord = "t * float(d - 1) / (ow - 1.0) if ow != 1.0 else t * 0.0"; break;
            case "asymmetric": coord = "t / s"; break;
            case "tf_half_pixel_for_nn": coord = "(t + 0.5) / s"; break;
            case "half_pixel_symmetric":
                coord = "(t + 0.5) / s - 0.5 + float(d) / 2.0 * (1.0 - float(o) / ow)";
                break;
            default:
                coord = "t * (roi[na + j] - roi[j]) * float(d - 1) / (ow - 1.0) + roi[j] * float(d - 1) if ow != 1.0"
                        + " else t * 0.0 + (roi[na + j] - roi[j]) * float(d - 1) / 2.0 + roi[j] * float(d - 1)";
        }
        s.line("y = " + x + (mode.equals("nearest") ? "" : ".to(" + DOUBLE + ")"),
                "for j in range(na):",
                "  ax = axes[j]",
                "  d = y.size(ax)",
                "  o = out[j]",
                "  s = sc[j]",
                "  ow = s * float(d)",
                "  if " + (crop ? "False" : "o == d and s == 1.0") + ":",
                "    continue",
                "  t = torch.arange(o, dtype=" + DOUBLE + ", layout=None, device=y.device, pin_memory=None)",
                "  xo = " + coord,
                "  shp = annotate(List[int], [])",
                "  for q in range(r):",
                "    shp.append(o if q == ax else 1)",
                "  f = torch.floor(xo)");
        if (mode.equals("nearest")) {
            String idx;
            switch (nearest) {
                case "round_prefer_floor": idx = "torch.where(torch.eq(xo - f, 0.5), f, torch.round(xo))"; break;
                case "round_prefer_ceil": idx = "torch.where(torch.eq(xo - f, 0.5), f + 1.0, torch.round(xo))"; break;
                case "floor": idx = "f"; break;
                default: idx = "torch.ceil(xo)";
            }
            s.line("  z = torch.index_select(y, ax, torch.clamp(" + idx + ", 0, d - 1).to(" + LONG + "))");
        } else if (mode.equals("linear")) {
            s.line("  w = torch.reshape(xo - f, shp)",
                    "  y0 = torch.index_select(y, ax, torch.clamp(f, 0, d - 1).to(" + LONG + "))",
                    "  y1 = torch.index_select(y, ax, torch.clamp(f + 1.0, 0, d - 1).to(" + LONG + "))",
                    "  z = y0 * (1.0 - w) + y1 * w");
        } else {
            String al = TorchScriptOp.literal(a);
            s.line("  u = xo - f",
                    "  cs = [((" + al + " * (u + 1.0) - 5.0 * " + al + ") * (u + 1.0) + 8.0 * " + al + ") * (u + 1.0) - 4.0 * " + al + ",",
                    "        ((" + al + " + 2.0) * u - (" + al + " + 3.0)) * u * u + 1.0,",
                    "        ((" + al + " + 2.0) * (1.0 - u) - (" + al + " + 3.0)) * (1.0 - u) * (1.0 - u) + 1.0,",
                    "        ((" + al + " * (2.0 - u) - 5.0 * " + al + ") * (2.0 - u) + 8.0 * " + al + ") * (2.0 - u) - 4.0 * " + al + "]");
            if (exclude) {
                s.line("  tot = t * 0.0",
                        "  for q in range(4):",
                        "    tap = f + float(q - 1)",
                        "    cs[q] = torch.where(torch.logical_and(torch.ge(tap, 0.0), torch.le(tap, float(d - 1))), cs[q], t * 0.0)",
                        "    tot = tot + cs[q]",
                        "  for q in range(4):",
                        "    cs[q] = cs[q] / tot");
            }
            s.line("  z = torch.zeros_like(torch.index_select(y, ax, torch.clamp(f, 0, d - 1).to(" + LONG + ")))",
                    "  for q in range(4):",
                    "    z = z + torch.index_select(y, ax, torch.clamp(f + float(q - 1), 0, d - 1).to(" + LONG + ")) * torch.reshape(cs[q], shp)");
        }
        if (crop) {
            s.line("  z = torch.where(torch.reshape(torch.logical_or(torch.lt(xo, 0.0), torch.gt(xo, float(d - 1))), shp), "
                    + TorchScriptOp.literal(n.getFloat("extrapolation_value", 0f)) + ", z)");
        }
        return s.line("  y = z", "return y" + (mode.equals("nearest") ? "" : ".to(" + x + ".dtype)")).build(1);
    }

    private static void refuseUnless(OnnxNode n, String attr, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw OnnxImportException.atNode(n, "attribute '" + attr + "' = '" + value + "' is not supported here " + allowed);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String[] indent(String[] lines) {
        return Arrays.stream(lines).map(l -> "  " + l).toArray(String[]::new);
    }

    /** torch's upsample family for the ONNX combinations torch's exporter writes, or null. */
    private static String torchKernel(String mode, String ctm, String nearest, double a, boolean exclude) {
        boolean torchCoord = ctm.equals("half_pixel") || ctm.equals("pytorch_half_pixel") || ctm.equals("align_corners");
        if (mode.equals("nearest")) {
            return ctm.equals("asymmetric") && nearest.equals("floor") ? "nearest" : null;
        }
        if (!torchCoord || mode.equals("cubic") && (exclude || (float) a != -0.75f)) {
            return null;
        }
        return (mode.equals("cubic") ? "bicubic" : "linear") + (ctm.equals("align_corners") ? ":True" : ":False");
    }

    /** A call of torch's upsample kernel for {@code k} spatial axes, with ONNX's scales or with sizes only. */
    private static String kernelCall(String kernel, String x, int k, boolean scales) {
        String[] kinds = {"", "linear1d", "bilinear2d", "trilinear3d"};
        String[] nearestKinds = {"", "nearest1d", "nearest2d", "nearest3d"};
        StringBuilder size = new StringBuilder("[");
        StringBuilder sc = new StringBuilder();
        for (int j = 0; j < k; j++) {
            size.append(j == 0 ? "" : ", ").append("osz[").append(j + 2).append(']');
            sc.append(", ").append(scales ? "fs[" + (j + 2) + "]" : "None");
        }
        size.append(']');
        if (kernel.equals("nearest")) {
            return "torch.upsample_" + nearestKinds[k] + "(" + x + ", " + size + sc + ")";
        }
        String[] p = kernel.split(":");
        String name = p[0].equals("bicubic") ? "bicubic2d" : kinds[k];
        return "torch.upsample_" + name + "(" + x + ", " + size + ", " + p[1] + sc + ")";
    }

    /** CumSum: torch.cumsum in the input's dtype along the run-time axis; exclusive shifts by one, reverse flips. */
    private static GraphOp cumSum(OnnxNode n, ConversionContext c) {
        n.allowOnly("exclusive", "reverse");
        boolean exclusive = n.getInt("exclusive", 0) != 0;
        boolean reverse = n.getInt("reverse", 0) != 0;
        Script s = new Script(n, c);
        String x = s.in(0);
        s.intValue("_ax", 1).axis("ax", "_ax", x + ".dim()").line("y = " + x);
        if (reverse) {
            s.line("y = torch.flip(y, [ax])");
        }
        s.line("y = torch.cumsum(y, ax, dtype=" + x + ".dtype)");
        if (exclusive) {
            s.line("d = y.size(ax)", "if d > 0:",
                    "  y = torch.cat([torch.zeros_like(torch.narrow(y, ax, 0, 1)), torch.narrow(y, ax, 0, d - 1)], ax)");
        }
        if (reverse) {
            s.line("y = torch.flip(y, [ax])");
        }
        return s.line("return y").build(1);
    }

    /** Einsum: torch.einsum (numpy's implicit output when the equation has no "->"). */
    private static GraphOp einsum(OnnxNode n, ConversionContext c) {
        n.allowOnly("equation");
        String eq = n.getString("equation", "").replace(" ", "");
        if (!eq.matches("[A-Za-z.,\\->]+")) {
            throw OnnxImportException.atNode(n, "attribute 'equation' = '" + eq + "' is not a valid einsum equation");
        }
        Script s = new Script(n, c);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            names.add(s.in(i));
        }
        return s.line("return torch.einsum(\"" + eq + "\", [" + String.join(", ", names) + "])").build(1);
    }

    /** TopK: torch.topk (k an attribute at opset 1, an input from 10; largest and sorted from 11), indices int64. */
    private static GraphOp topK(OnnxNode n, ConversionContext c, long since) {
        n.allowOnly(since == 1 ? new String[] {"axis", "k"} : since == 10 ? new String[] {"axis"} : new String[] {"axis", "largest", "sorted"});
        Script s = new Script(n, c);
        String x = s.in(0);
        if (since == 1) {
            s.line("k = " + n.getInt("k", -1));
        } else {
            s.intValue("k", 1);
        }
        boolean largest = n.getInt("largest", 1) != 0;
        boolean sorted = n.getInt("sorted", 1) != 0;
        return s.axis("ax", String.valueOf(n.getInt("axis", -1)), x + ".dim()")
                .line("y = torch.topk(" + x + ", k, ax, " + py(largest) + ", " + py(sorted) + ")",
                        "return (y[0], y[1])").build(2);
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }

    /** ArgMax / ArgMin: torch's (first index of the extreme), or with select_last_index the last one, int64. */
    private static GraphOp argExtreme(OnnxNode n, ConversionContext c, String op) {
        n.allowOnly("axis", "keepdims", "select_last_index");
        boolean keep = n.getInt("keepdims", 1) != 0;
        boolean last = n.getInt("select_last_index", 0) != 0;
        Script s = new Script(n, c);
        String x = s.in(0);
        s.axis("ax", String.valueOf(n.getInt("axis", 0)), x + ".dim()");
        if (!last) {
            return s.line("return torch." + op + "(" + x + ", ax, " + py(keep) + ")").build(1);
        }
        return s.line("y = torch." + op + "(torch.flip(" + x + ", [ax]), ax, " + py(keep) + ")",
                "return torch.neg(y) + (" + x + ".size(ax) - 1)").build(1);
    }

    /**
     * OneHot: {@code values[1]} where the index (negative counted from depth) equals the position along the new
     * axis, {@code values[0]} elsewhere (also for out-of-range indices); depth cast to int64.
     */
    private static GraphOp oneHot(OnnxNode n, ConversionContext c) {
        n.allowOnly("axis");
        Script s = new Script(n, c);
        String x = s.in(0);
        String v = s.in(2);
        return s.intValue("depth", 1).line("r = " + x + ".dim() + 1")
                .axis("ax", String.valueOf(n.getInt("axis", -1)), "r")
                .line(wrapIndices("i", x, "depth"))
                .line("shp = annotate(List[int], [])",
                        "for q in range(r):",
                        "  shp.append(depth if q == ax else 1)",
                        "pos = torch.reshape(torch.arange(depth, device=" + x + ".device), shp)",
                        "hit = torch.eq(torch.unsqueeze(i, ax), pos)",
                        "return torch.where(hit, torch.select(" + v + ", 0, 1), torch.select(" + v + ", 0, 0))").build(1);
    }

    /** DepthToSpace: DCR (default) or CRD (torch's pixel_shuffle) rearrangement of (N, C, H, W) as reshape/permute. */
    private static GraphOp depthToSpace(OnnxNode n, ConversionContext c) {
        n.allowOnly("blocksize", "mode");
        long bs = n.getInt("blocksize", 0);
        String mode = n.getString("mode", "DCR");
        refuseUnless(n, "mode", mode, List.of("DCR", "CRD"));
        if (bs < 1) {
            throw OnnxImportException.atNode(n, "attribute 'blocksize' must be positive");
        }
        boolean dcr = mode.equals("DCR");
        Script s = new Script(n, c);
        String x = s.in(0);
        return s.line("b = " + bs, "c = " + x + ".size(1) // (b * b)", "h = " + x + ".size(2)", "w = " + x + ".size(3)",
                "y = torch.reshape(" + x + ", [" + x + ".size(0), " + (dcr ? "b, b, c" : "c, b, b") + ", h, w])",
                "y = torch.permute(y, " + (dcr ? "[0, 3, 4, 1, 5, 2]" : "[0, 1, 4, 2, 5, 3]") + ")",
                "return torch.reshape(y, [" + x + ".size(0), c, h * b, w * b])").build(1);
    }

    /** SpaceToDepth: the inverse of DepthToSpace's DCR mode, (N, C, H, W) to (N, C·b², H/b, W/b). */
    private static GraphOp spaceToDepth(OnnxNode n, ConversionContext c) {
        n.allowOnly("blocksize");
        long bs = n.getInt("blocksize", 0);
        if (bs < 1) {
            throw OnnxImportException.atNode(n, "attribute 'blocksize' must be positive");
        }
        Script s = new Script(n, c);
        String x = s.in(0);
        return s.line("b = " + bs, "c = " + x + ".size(1)", "h = " + x + ".size(2) // b", "w = " + x + ".size(3) // b",
                "y = torch.reshape(" + x + ", [" + x + ".size(0), c, h, b, w, b])",
                "y = torch.permute(y, [0, 3, 5, 1, 2, 4])",
                "return torch.reshape(y, [" + x + ".size(0), c * b * b, h, w])").build(1);
    }
}
