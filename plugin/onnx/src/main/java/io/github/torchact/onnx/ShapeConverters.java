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
            return in -> {
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
            };
        });
        r.register("", "Reshape", 5, (n, c) -> {
            n.allowOnly("allowzero");
            boolean allowZero = n.getInt("allowzero", 0) != 0;
            return in -> {
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
            };
        });
        r.register("", "Transpose", 1, (n, c) -> {
            n.allowOnly("perm");
            long[] perm = n.getInts("perm", null);
            return in -> {
                if (perm == null) {
                    return new NDArray[] {in[0].transpose()};
                }
                return new NDArray[] {in[0].transpose(Arrays.stream(perm).mapToInt(v -> (int) v).toArray())};
            };
        });
        r.register("", "Squeeze", 1, (n, c) -> squeeze(n, n.getInts("axes", null), true));
        r.register("", "Squeeze", 13, (n, c) -> squeeze(n, null, false));
        r.register("", "Unsqueeze", 1, (n, c) -> unsqueeze(n, n.getInts("axes", null), true));
        r.register("", "Unsqueeze", 13, (n, c) -> unsqueeze(n, null, false));
        r.register("", "Concat", 4, (n, c) -> {
            n.allowOnly("axis");
            long axis = n.getInt("axis", Long.MIN_VALUE);
            if (axis == Long.MIN_VALUE) {
                throw OnnxImportException.atNode(n, "attribute 'axis' is required");
            }
            return in -> {
                int a = Nd.axis(axis, in[0].getShape().dimension(), n, "axis");
                return new NDArray[] {NDArrays.concat(new NDList(in), a)};
            };
        });
        r.register("", "Split", 2, (n, c) -> split(n, n.getInts("split", null), true));
        r.register("", "Split", 13, (n, c) -> split(n, null, false));
        r.register("", "Split", 18, (n, c) -> split(n, null, false));
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
        return in -> {
            long[] dims = in[0].getShape().getShape();
            int r = dims.length;
            int s = (int) Math.max(0, Math.min(r, start < 0 ? start + r : start));
            int e = (int) Math.max(0, Math.min(r, end < 0 ? end + r : end));
            return new NDArray[] {in[0].getManager().create(Arrays.copyOfRange(dims, s, Math.max(s, e)))};
        };
    }

    /** The axes of Squeeze/Unsqueeze: the attribute (before 13), else input 1 read at run time (absent: null). */
    private static long[] axes(long[] attr, NDArray[] in) {
        return attr != null ? attr : in.length > 1 && in[1] != null ? Nd.longs(in[1]) : null;
    }

    private static GraphOp squeeze(OnnxNode n, long[] attrAxes, boolean attr) {
        n.allowOnly(attr ? new String[] {"axes"} : new String[0]);
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

    private static GraphOp unsqueeze(OnnxNode n, long[] attrAxes, boolean attr) {
        n.allowOnly(attr ? new String[] {"axes"} : new String[0]);
        if (attr ? attrAxes == null : n.input(1).isEmpty()) {
            throw OnnxImportException.atNode(n, "needs axes");
        }
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

    private static GraphOp split(OnnxNode n, long[] attrSizes, boolean attr) {
        n.allowOnly(attr ? new String[] {"axis", "split"} : new String[] {"axis", "num_outputs"});
        long axis = n.getInt("axis", 0);
        int outs = n.outputs().size();
        long numOutputs = n.getInt("num_outputs", outs);
        if (numOutputs != outs) {
            throw OnnxImportException.atNode(n, "attribute 'num_outputs' = " + numOutputs + " but the node has " + outs + " outputs");
        }
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
