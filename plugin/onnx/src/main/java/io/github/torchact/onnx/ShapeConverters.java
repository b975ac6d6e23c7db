package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/** Flatten, Reshape, Transpose, Squeeze, Unsqueeze, Split, Concat, Shape. Shapes and axes must be constants. */
final class ShapeConverters {

    private ShapeConverters() {}

    static void register(ConverterRegistry r) {
        r.register("", "Flatten", 1, (n, c) -> {
            n.allowOnly("axis");
            long axis = n.getInt("axis", 1);
            return GraphOp.scripted(in -> {
                Shape s = in[0].getShape();
                int a = axis < 0 ? (int) axis + s.dimension() : (int) axis;
                if (a < 0 || a > s.dimension()) {
                    throw new IllegalArgumentException(n.describe() + ": axis " + axis + " out of range for rank " + s.dimension());
                }
                long rows = 1;
                for (int i = 0; i < a; i++) {
                    rows *= s.get(i);
                }
                return new NDArray[] {in[0].reshape(rows, rows == 0 ? 0 : s.size() / rows)};
            }, ScriptForm.of(1, ScriptForm.lines(
                    "a = " + axis,
                    "if a < 0:",
                    "  a = a + a0.dim()",
                    "rows = 1",
                    "for i in range(a):",
                    "  rows = rows * a0.size(i)",
                    "return torch.reshape(a0, [rows, 0 if rows == 0 else a0.numel() // rows])")));
        });
        r.register("", "Reshape", 5, (n, c) -> {
            n.allowOnly("allowzero");
            boolean allowZero = n.getInt("allowzero", 0) != 0;
            TensorValue shape = n.input(1).isEmpty() ? null : c.constant(n.input(1));
            ScriptForm form;
            if (shape != null) {
                // the target shape written in, 0 copying the input's dimension (unless allowzero)
                long[] t = shape.toLongs();
                StringBuilder list = new StringBuilder("[");
                for (int i = 0; i < t.length; i++) {
                    list.append(i == 0 ? "" : ", ").append(t[i] == 0 && !allowZero ? "a0.size(" + i + ")" : String.valueOf(t[i]));
                }
                form = ScriptForm.of(1, "return torch.reshape(a0, " + list.append("])"));
            } else {
                form = ScriptForm.of(2, ScriptForm.lines(intList("t", "a1"),
                        allowZero ? "" : "for i in range(len(t)):\n  if t[i] == 0:\n    t[i] = a0.size(i)",
                        "return torch.reshape(a0, t)"));
            }
            return GraphOp.scripted(in -> {
                long[] t = Nd.longs(in[1]);
                for (int i = 0; i < t.length; i++) {
                    if (t[i] == 0 && !allowZero) {
                        if (i >= in[0].getShape().dimension()) {
                            throw new IllegalArgumentException(n.describe() + ": shape " + Arrays.toString(t)
                                    + " copies dimension " + i + " of an input of rank " + in[0].getShape().dimension());
                        }
                        t[i] = in[0].getShape().get(i);
                    }
                }
                return new NDArray[] {in[0].reshape(new Shape(t))};
            }, form);
        });
        r.register("", "Transpose", 1, (n, c) -> {
            n.allowOnly("perm");
            long[] perm = n.getInts("perm", null);
            // DJL's transpose is permute (the axes reversed when no perm is given)
            String body = perm != null ? "return torch.permute(a0, " + ScriptForm.ints(perm) + ")"
                    : ScriptForm.lines("p = annotate(List[int], [])", "for i in range(a0.dim()):", "  p.append(a0.dim() - 1 - i)",
                            "return torch.permute(a0, p)");
            return GraphOp.scripted(in -> {
                if (perm == null) {
                    return new NDArray[] {in[0].transpose()};
                }
                return new NDArray[] {in[0].transpose(Arrays.stream(perm).mapToInt(v -> (int) v).toArray())};
            }, ScriptForm.of(1, body));
        });
        r.register("", "Squeeze", 1, (n, c) -> squeeze(n, c, n.getInts("axes", null), true));
        r.register("", "Squeeze", 13, (n, c) -> squeeze(n, c, null, false));
        r.register("", "Unsqueeze", 1, (n, c) -> unsqueeze(n, c, n.getInts("axes", null), true));
        r.register("", "Unsqueeze", 13, (n, c) -> unsqueeze(n, c, null, false));
        r.register("", "Concat", 4, (n, c) -> {
            n.allowOnly("axis");
            long axis = n.getInt("axis", Long.MIN_VALUE);
            if (axis == Long.MIN_VALUE) {
                throw OnnxImportException.atNode(n, "attribute 'axis' is required");
            }
            int k = n.inputs().size();
            StringBuilder list = new StringBuilder("[");
            for (int i = 0; i < k; i++) {
                list.append(i == 0 ? "a" : ", a").append(i);
            }
            // DJL's concat: torch.cat, or a copy of a single input
            String body = k == 1 ? "return torch.clone(a0)" : "return torch.cat(" + list + "], " + axis + ")";
            return GraphOp.scripted(in -> {
                int a = Nd.axis(axis, in[0].getShape().dimension(), n, "axis");
                return new NDArray[] {NDArrays.concat(new NDList(in), a)};
            }, ScriptForm.of(k, body));
        });
        r.register("", "Split", 2, (n, c) -> split(n, c, n.getInts("split", null), true));
        r.register("", "Split", 13, (n, c) -> split(n, c, null, false));
        r.register("", "Split", 18, (n, c) -> split(n, c, null, false));
        r.register("", "Shape", 1, (n, c) -> shape(n, false));
        r.register("", "Shape", 15, (n, c) -> shape(n, true));
        r.register("", "Constant", 1, (n, c) -> {
            TensorValue v = n.constantValue(n.output(0));
            // the importer folds every Constant into the block's constants; this op is never run
            return in -> {
                throw new IllegalStateException(n.describe() + " (" + v + ") should have been folded at import");
            };
        });
    }

    /** Shape (15: the dims from {@code start} to {@code end}, clamped as Python slicing does). */
    private static GraphOp shape(OnnxNode n, boolean range) {
        n.allowOnly(range ? new String[] {"start", "end"} : new String[0]);
        long start = n.getInt("start", 0);
        long end = n.getInt("end", Long.MAX_VALUE);
        return GraphOp.scripted(in -> {
            long[] dims = in[0].getShape().getShape();
            int r = dims.length;
            int s = (int) Math.max(0, Math.min(r, start < 0 ? start + r : start));
            int e = (int) Math.max(0, Math.min(r, end < 0 ? end + r : end));
            return new NDArray[] {in[0].getManager().create(Arrays.copyOfRange(dims, s, Math.max(s, e)))};
        }, ScriptForm.of(1, ScriptForm.lines(
                "r = a0.dim()",
                "s = " + start,
                "if s < 0:",
                "  s = s + r",
                "s = max(0, min(r, s))",
                "e = " + end,
                "if e < 0:",
                "  e = e + r",
                "e = max(0, min(r, e))",
                "return torch.tensor(a0.size()[s:max(s, e)], dtype=" + TensorConverters.LONG + ", device=a0.device)")));
    }

    /** TorchScript setting {@code var} to the elements of the int tensor {@code t} as a List[int]. */
    static String intList(String var, String t) {
        return ScriptForm.lines(var + " = annotate(List[int], [])",
                "_t_" + var + " = torch.reshape(" + t + ", [-1])",
                "for _i in range(_t_" + var + ".size(0)):",
                "  " + var + ".append(int(_t_" + var + "[_i]))");
    }

    /**
     * TorchScript setting {@code var} (a List[int]) to the axes: the attribute, input 1 when it is a constant (written
     * in), else input 1 read at run time as a1; {@code null} when there are none.
     */
    private static String axesScript(OnnxNode n, ConversionContext c, long[] attrAxes, String var) {
        if (attrAxes != null) {
            return var + " = annotate(List[int], " + ScriptForm.ints(attrAxes) + ")";
        }
        if (n.input(1).isEmpty()) {
            return null;
        }
        TensorValue v = c.constant(n.input(1));
        return v != null ? var + " = annotate(List[int], " + ScriptForm.ints(v.toLongs()) + ")" : intList(var, "a1");
    }

    /** The script form's arguments: x, and input 1 when it is read at run time. */
    private static int[] axesArgs(OnnxNode n, ConversionContext c, long[] attrAxes) {
        return attrAxes == null && !n.input(1).isEmpty() && c.constant(n.input(1)) == null ? new int[] {0, 1} : new int[] {0};
    }

    /** The axes of Squeeze/Unsqueeze: the attribute (before 13), else input 1 read at run time (absent: null). */
    private static long[] axes(long[] attr, NDArray[] in) {
        return attr != null ? attr : in.length > 1 && in[1] != null ? Nd.longs(in[1]) : null;
    }

    private static GraphOp squeeze(OnnxNode n, ConversionContext c, long[] attrAxes, boolean attr) {
        n.allowOnly(attr ? new String[] {"axes"} : new String[0]);
        String axes = axesScript(n, c, attrAxes, "ax");
        // DJL squeezes given axes by a reshape to the remaining dimensions
        String body = axes == null ? "return torch.squeeze(a0)" : ScriptForm.lines(axes,
                "r = a0.dim()",
                "sh = annotate(List[int], [])",
                "for i in range(r):",
                "  keep = True",
                "  for a in ax:",
                "    if a == i or a + r == i:",
                "      keep = False",
                "  if keep:",
                "    sh.append(a0.size(i))",
                "return torch.reshape(a0, sh)");
        return GraphOp.scripted(squeezeEval(n, attrAxes), ScriptForm.of(axesArgs(n, c, attrAxes), 1, body));
    }

    private static GraphOp squeezeEval(OnnxNode n, long[] attrAxes) {
        return in -> {
            NDArray x = in[0];
            long[] axes = axes(attrAxes, in);
            if (axes == null) {
                return new NDArray[] {x.squeeze()};
            }
            int[] ax = new int[axes.length];
            for (int i = 0; i < ax.length; i++) {
                ax[i] = Nd.axis(axes[i], x.getShape().dimension(), n, "axes");
            }
            return new NDArray[] {x.squeeze(ax)};
        };
    }

    private static GraphOp unsqueeze(OnnxNode n, ConversionContext c, long[] attrAxes, boolean attr) {
        n.allowOnly(attr ? new String[] {"axes"} : new String[0]);
        if (attr ? attrAxes == null : n.input(1).isEmpty()) {
            throw OnnxImportException.atNode(n, "needs axes");
        }
        // DJL's expandDims is unsqueeze, once per axis in ascending order
        String body = ScriptForm.lines(axesScript(n, c, attrAxes, "ax"),
                "rank = a0.dim() + len(ax)",
                "na = annotate(List[int], [])",
                "for a in ax:",
                "  na.append(a + rank if a < 0 else a)",
                "na.sort()",
                "x = a0",
                "for a in na:",
                "  x = torch.unsqueeze(x, a)",
                "return x");
        return GraphOp.scripted(unsqueezeEval(n, attrAxes), ScriptForm.of(axesArgs(n, c, attrAxes), 1, body));
    }

    private static GraphOp unsqueezeEval(OnnxNode n, long[] attrAxes) {
        return in -> {
            NDArray x = in[0];
            long[] axes = axes(attrAxes, in);
            int rank = x.getShape().dimension() + axes.length;
            int[] ax = new int[axes.length];
            for (int i = 0; i < ax.length; i++) {
                ax[i] = Nd.axis(axes[i], rank, n, "axes");
            }
            Arrays.sort(ax);
            for (int a : ax) {
                x = x.expandDims(a);
            }
            return new NDArray[] {x};
        };
    }

    private static GraphOp split(OnnxNode n, ConversionContext c, long[] attrSizes, boolean attr) {
        n.allowOnly(attr ? new String[] {"axis", "split"} : new String[] {"axis", "num_outputs"});
        long axis = n.getInt("axis", 0);
        int outs = n.outputs().size();
        long numOutputs = n.getInt("num_outputs", outs);
        if (numOutputs != outs) {
            throw OnnxImportException.atNode(n, "attribute 'num_outputs' = " + numOutputs + " but the node has " + outs + " outputs");
        }
        // DJL's split is split_with_sizes (one output: the input itself)
        String parts;
        int[] args = {0};
        TensorValue sizes = attr || n.input(1).isEmpty() ? null : c.constant(n.input(1));
        if (attr ? attrSizes != null : sizes != null) {
            parts = "parts = annotate(List[int], " + ScriptForm.ints(attr ? attrSizes : sizes.toLongs()) + ")";
        } else if (!attr && !n.input(1).isEmpty()) {
            parts = intList("parts", "a1");
            args = new int[] {0, 1};
        } else {
            parts = ScriptForm.lines("chunk = (ln + " + outs + " - 1) // " + outs,
                    "parts = annotate(List[int], [])",
                    "for i in range(" + outs + "):",
                    "  parts.append(min(chunk, ln - i * chunk))");
        }
        StringBuilder ret = new StringBuilder("return (");
        for (int i = 0; i < outs; i++) {
            ret.append(i == 0 ? "y[0]" : ", y[" + i + "]");
        }
        String body = ScriptForm.lines("a = " + axis, "if a < 0:", "  a = a + a0.dim()", "ln = a0.size(a)", parts,
                outs == 1 ? "return a0" : "y = torch.split_with_sizes(a0, parts, a)\n" + ret + ")");
        return GraphOp.scripted(splitEval(n, attrSizes, attr, axis, outs), ScriptForm.of(args, outs, body));
    }

    private static GraphOp splitEval(OnnxNode n, long[] attrSizes, boolean attr, long axis, int outs) {
        return in -> {
            NDArray x = in[0];
            int a = Nd.axis(axis, x.getShape().dimension(), n, "axis");
            long len = x.getShape().get(a);
            long[] parts = attr ? attrSizes : in.length > 1 && in[1] != null ? Nd.longs(in[1]) : null;
            if (parts == null) {
                long chunk = (len + outs - 1) / outs;
                parts = new long[outs];
                for (int i = 0; i < outs; i++) {
                    parts[i] = Math.min(chunk, len - i * chunk);
                }
            }
            if (parts.length != outs || Arrays.stream(parts).sum() != len) {
                throw new IllegalArgumentException(n.describe() + ": split sizes " + Arrays.toString(parts)
                        + " do not cover axis " + a + " of length " + len + " in " + outs + " outputs");
            }
            long[] idx = new long[outs - 1];
            long acc = 0;
            for (int i = 0; i < outs - 1; i++) {
                acc += parts[i];
                idx[i] = acc;
            }
            NDList l = x.split(idx, a);
            return l.toArray(new NDArray[0]);
        };
    }
}
