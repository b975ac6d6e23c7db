package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounds the tensors a graph computes before libtorch allocates them: the node-by-node evaluation of the import-time
 * trial run and of constant folding asks {@link #before} ahead of each node. For ops whose output can be much larger
 * than their inputs (Expand, Tile, ConstantOfShape, Range, Resize/Upsample, Pad, OneHot, Concat, Conv/ConvTranspose and
 * pools with pads, MatMul/Gemm, broadcasting elementwise ops, Einsum, Gather/GatherND, the recurrent ops) the output's
 * element count is computed from the input shapes and the values of the small integer inputs (shapes, repeats, pads,
 * sizes, depth; 1024 values at most), with saturating arithmetic; every other op is bounded by its inputs (outputs ×
 * its largest input). A node whose output would exceed {@link ImportOptions#maxTensorElements()}, or that would take
 * the elements computed so far past {@link ImportOptions#maxTrialElements()}, is refused with an
 * {@link OnnxImportException} naming it, its input shapes and the option; nothing is allocated.
 */
final class OutputSizeGuard {

    private static final int MAX_READ = 1024;
    private static final Set<String> BROADCAST = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Mod", "And", "Or", "Xor",
            "BitwiseAnd", "BitwiseOr", "BitwiseXor", "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "Where",
            "Max", "Min", "Sum", "Mean", "PRelu");
    private static final Set<String> WINDOWED = Set.of("Conv", "MaxPool", "AveragePool", "LpPool");

    private final long maxElements;
    private final long maxTotal;
    private long total;

    private OutputSizeGuard(long maxElements, long maxTotal) {
        this.maxElements = maxElements;
        this.maxTotal = maxTotal;
    }

    /** The guard of one import: its tensor and trial-run limits; folding and the trial run count against one total. */
    static OutputSizeGuard of(ImportOptions o) {
        return new OutputSizeGuard(o.maxTensorElements(), o.maxTrialElements());
    }

    /**
     * Refuses {@code n} if what it would compute from {@code in} exceeds a limit; also when the bound cannot be computed
     * for an op that can grow (an operand of the wrong rank, a shape operand of more than 1024 values).
     */
    void before(OnnxNode n, NDArray[] in) {
        long out;
        try {
            out = elements(n, in);
        } catch (RuntimeException e) {
            throw OnnxImportException.atNode(n, "cannot bound the size of its output from inputs " + shapes(in) + ": " + e, e);
        }
        if (out > maxElements) {
            throw OnnxImportException.atNode(n, "would compute a tensor of " + (out == Long.MAX_VALUE ? "more than 2^63" : out)
                    + " elements from inputs " + shapes(in) + ", more than the limit " + maxElements
                    + " (ImportOptions.optMaxTensorElements)");
        }
        long bound = n.outputs().size() > 1 && !grows(n.opType()) ? sat(out, n.outputs().size()) : out;
        if (add(total, bound) > maxTotal) {
            throw OnnxImportException.atNode(n, "would take the tensors the import computes (trial run and constant folding) to "
                    + add(total, bound) + " elements, more than the limit " + maxTotal + " (ImportOptions.optMaxTrialElements); inputs "
                    + shapes(in));
        }
    }

    /** Counts what {@code n} computed. */
    void after(NDArray[] out) {
        for (NDArray a : out) {
            if (a != null) {
                total = add(total, a.getShape().size());
            }
        }
    }

    private static boolean grows(String op) {
        return BROADCAST.contains(op) || WINDOWED.contains(op) || Set.of("Expand", "Tile", "ConstantOfShape", "Range", "Resize",
                "Upsample", "Pad", "OneHot", "Concat", "ConvTranspose", "MatMul", "Gemm", "Einsum", "Gather", "GatherND", "LSTM",
                "GRU", "RNN").contains(op);
    }

    /** The element count of {@code n}'s largest output (saturated at Long.MAX_VALUE). */
    static long elements(OnnxNode n, NDArray[] in) {
        String op = n.domain().isEmpty() ? n.opType() : "";
        long[] x = shape(in, 0);
        if (BROADCAST.contains(op)) {
            long[] s = new long[0];
            for (int i = 0; i < in.length; i++) {
                if (in[i] != null) {
                    s = broadcast(s, shape(in, i));
                }
            }
            return numel(s);
        }
        if (WINDOWED.contains(op)) {
            // floor((d + pads - extent) / stride) + 1 <= d + pads for extent, stride >= 1 (ceil_mode included)
            long[] pads = n.getInts("pads", new long[0]);
            long out = sat(x[0], op.equals("Conv") ? shape(in, 1)[0] : x[1]);
            for (int i = 2; i < x.length; i++) {
                int k = i - 2;
                long p = pads.length == 2 * (x.length - 2) ? add(pads[k], pads[k + x.length - 2]) : 0;
                out = sat(out, Math.max(1, add(x[i], Math.max(0, p))));
            }
            return out;
        }
        switch (op) {
            case "Expand":
                return numel(broadcast(x, ints(in, 1)));
            case "Tile": {
                long[] r = ints(in, 1);
                long out = 1;
                for (int i = 0; i < x.length; i++) {
                    out = sat(out, sat(x[i], i < r.length ? r[i] : 1));
                }
                return out;
            }
            case "ConstantOfShape":
                return numel(ints(in, 0));
            case "Range": {
                double start = number(in, 0);
                double limit = number(in, 1);
                double delta = number(in, 2);
                double len = delta == 0 ? 0 : Math.ceil((limit - start) / delta);
                return len >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, (long) len);
            }
            case "Pad":
                return pad(n, in, x);
            case "Resize":
            case "Upsample":
                return resize(n, in, x);
            case "OneHot":
                return sat(numel(x), Math.max(0, (long) Math.abs(number(in, 1))));
            case "Concat": {
                long out = 0;
                for (int i = 0; i < in.length; i++) {
                    out = add(out, numel(shape(in, i)));
                }
                return out;
            }
            case "ConvTranspose":
                return convTranspose(n, in, x);
            case "MatMul":
                return matMul(x, shape(in, 1));
            case "Gemm": {
                long[] b = shape(in, 1);
                return sat(n.getInt("transA", 0) != 0 ? x[1] : x[0], n.getInt("transB", 0) != 0 ? b[0] : b[1]);
            }
            case "Einsum":
                return einsum(n.getString("equation", ""), in);
            case "Gather": {
                long[] idx = shape(in, 1);
                int axis = (int) Math.floorMod(n.getInt("axis", 0), Math.max(1, x.length));
                long out = numel(idx);
                for (int i = 0; i < x.length; i++) {
                    out = i == axis ? out : sat(out, x[i]);
                }
                return out;
            }
            case "GatherND": {
                long[] idx = shape(in, 1);
                long b = n.getInt("batch_dims", 0);
                long last = idx[idx.length - 1];
                long out = numel(Arrays.copyOf(idx, idx.length - 1));
                for (long i = b + last; i < x.length; i++) {
                    out = sat(out, x[(int) i]);
                }
                return out;
            }
            case "LSTM":
            case "GRU":
            case "RNN": {
                long steps = x.length == 3 && x[2] > 0 ? numel(x) / x[2] : numel(x);
                long dirs = "bidirectional".equals(n.getString("direction", "forward")) ? 2 : 1;
                return sat(sat(steps, dirs), n.getInt("hidden_size", 1));
            }
            default: {
                long out = 0;
                for (int i = 0; i < in.length; i++) {
                    out = Math.max(out, in[i] == null ? 0 : in[i].getShape().size());
                }
                return out;
            }
        }
    }

    /** Pad-1/2 take pads as an attribute, Pad-11 as input 1, Pad-18 optional axes as input 3. */
    private static long pad(OnnxNode n, NDArray[] in, long[] x) {
        long[] pads = n.has("paddings") ? n.getInts("paddings", null) : n.has("pads") ? n.getInts("pads", null) : ints(in, 1);
        long[] axes = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            axes[i] = i;
        }
        if (in.length > 3 && in[3] != null) {
            axes = ints(in, 3);
        }
        long[] out = x.clone();
        for (int k = 0; k < axes.length && 2 * axes.length == pads.length; k++) {
            int a = (int) Math.floorMod(axes[k], Math.max(1, x.length));
            out[a] = Math.max(0, add(out[a], add(pads[k], pads[k + axes.length])));
        }
        return numel(out);
    }

    /** Resize-10 and Upsample-9 take (X, scales); Resize-11 on (X, roi, scales, sizes). */
    private static long resize(OnnxNode n, NDArray[] in, long[] x) {
        int scalesIn = in.length == 2 ? 1 : 2;
        long[] axes = n.getInts("axes", null);
        if (axes == null) {
            axes = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                axes[i] = i;
            }
        }
        long[] out = x.clone();
        if (in.length > 3 && in[3] != null && in[3].size() > 0) {
            long[] sizes = ints(in, 3);
            double ratio = 0;
            for (int k = 0; k < axes.length && k < sizes.length; k++) {
                int a = (int) Math.floorMod(axes[k], Math.max(1, x.length));
                ratio = Math.max(ratio, x[a] == 0 ? 0 : (double) sizes[k] / x[a]);
                out[a] = sizes[k];
            }
            if (!"stretch".equals(n.getString("keep_aspect_ratio_policy", "stretch"))) {
                // the policy applies one ratio to every resized axis: at most the largest one
                for (long ax : axes) {
                    int a = (int) Math.floorMod(ax, Math.max(1, x.length));
                    out[a] = (long) Math.min(Long.MAX_VALUE, Math.ceil(x[a] * ratio));
                }
            }
        } else if (in.length > scalesIn && in[scalesIn] != null) {
            double[] scales = doubles(in, scalesIn);
            for (int k = 0; k < axes.length && k < scales.length; k++) {
                int a = (int) Math.floorMod(axes[k], Math.max(1, x.length));
                double d = Math.ceil(x[a] * Math.abs(scales[k]));
                out[a] = d >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) d;
            }
        }
        return numel(out);
    }

    private static long convTranspose(OnnxNode n, NDArray[] in, long[] x) {
        long[] w = shape(in, 1);
        long out = sat(x[0], sat(w[1], n.getInt("group", 1)));
        long[] outputShape = n.getInts("output_shape", null);
        long[] strides = n.getInts("strides", new long[0]);
        long[] dil = n.getInts("dilations", new long[0]);
        long[] outPad = n.getInts("output_padding", new long[0]);
        for (int i = 2; i < x.length; i++) {
            int k = i - 2;
            long d;
            if (outputShape != null && k < outputShape.length) {
                d = outputShape[k];
            } else {
                // stride * (in - 1) + output_padding + (kernel - 1) * dilation + 1 before pads are taken off, or
                // stride * in with auto_pad SAME: at most stride * in + output_padding + (kernel - 1) * dilation + 1
                long s = k < strides.length ? strides[k] : 1;
                long di = k < dil.length ? dil[k] : 1;
                long op = k < outPad.length ? outPad[k] : 0;
                d = add(add(sat(s, Math.max(0, x[i])), op), add(sat(Math.max(0, w[i] - 1), di), 1));
            }
            out = sat(out, Math.max(0, d));
        }
        return out;
    }

    private static long matMul(long[] a, long[] b) {
        long[] a2 = a.length == 1 ? new long[] {1, a[0]} : a;
        long[] b2 = b.length == 1 ? new long[] {b[0], 1} : b;
        long[] batch = broadcast(Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
        return sat(numel(batch), sat(a2[a2.length - 2], b2[b2.length - 1]));
    }

    /** The output of an einsum equation: the product of the sizes of its output letters (and broadcast ellipsis). */
    private static long einsum(String equation, NDArray[] in) {
        String eq = equation.replace(" ", "");
        int arrow = eq.indexOf("->");
        String[] terms = (arrow < 0 ? eq : eq.substring(0, arrow)).split(",", -1);
        Map<Character, Long> size = new HashMap<>();
        Map<Character, Integer> seen = new HashMap<>();
        long[] ellipsis = new long[0];
        for (int t = 0; t < terms.length && t < in.length; t++) {
            long[] s = shape(in, t);
            String term = terms[t];
            int dots = term.indexOf("...");
            int letters = term.length() - (dots < 0 ? 0 : 3);
            int ell = s.length - letters;
            int d = 0;
            for (int i = 0; i < term.length(); i++) {
                if (i == dots) {
                    ellipsis = broadcast(ellipsis, Arrays.copyOfRange(s, d, d + Math.max(0, ell)));
                    d += Math.max(0, ell);
                    i += 2;
                    continue;
                }
                char c = term.charAt(i);
                size.merge(c, s[d++], Math::max);
                seen.merge(c, 1, Integer::sum);
            }
        }
        List<Character> out = new ArrayList<>();
        boolean withEllipsis;
        if (arrow >= 0) {
            String o = eq.substring(arrow + 2);
            withEllipsis = o.contains("...");
            o.replace("...", "").chars().forEach(c -> out.add((char) c));
        } else {
            withEllipsis = true;
            seen.forEach((c, k) -> {
                if (k == 1) {
                    out.add(c);
                }
            });
        }
        long e = withEllipsis ? numel(ellipsis) : 1;
        for (char c : out) {
            e = sat(e, size.getOrDefault(c, 1L));
        }
        return e;
    }

    // ---- operands and saturating arithmetic --------------------------------------------------------------------------

    private static long[] shape(NDArray[] in, int i) {
        return in[i].getShape().getShape();
    }

    /** The values of a small integer (or float) operand, or a failure when it is absent or large. */
    private static long[] ints(NDArray[] in, int i) {
        NDArray a = in[i];
        if (a.size() > MAX_READ) {
            throw new IllegalArgumentException("operand " + i + " is not small");
        }
        if (a.getDataType().isFloating()) {
            double[] d = doubles(in, i);
            long[] out = new long[d.length];
            for (int k = 0; k < d.length; k++) {
                out[k] = (long) d[k];
            }
            return out;
        }
        return a.getDataType() == DataType.INT64 ? a.toLongArray() : a.toType(DataType.INT64, false).toLongArray();
    }

    private static double[] doubles(NDArray[] in, int i) {
        NDArray a = in[i];
        if (a.size() > MAX_READ) {
            throw new IllegalArgumentException("operand " + i + " is not small");
        }
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double number(NDArray[] in, int i) {
        return doubles(in, i)[0];
    }

    /** Numpy broadcasting of two shapes; a dimension pair that does not broadcast keeps the larger (an upper bound). */
    private static long[] broadcast(long[] a, long[] b) {
        long[] out = new long[Math.max(a.length, b.length)];
        for (int i = 0; i < out.length; i++) {
            long da = i < out.length - a.length ? 1 : a[i - (out.length - a.length)];
            long db = i < out.length - b.length ? 1 : b[i - (out.length - b.length)];
            out[i] = da == 1 ? db : db == 1 ? da : Math.max(da, db);
        }
        return out;
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = sat(n, Math.max(0, d));
        }
        return n;
    }

    private static long sat(long a, long b) {
        if (a <= 0 || b <= 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static long add(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : s;
    }

    private static List<String> shapes(NDArray[] in) {
        List<String> s = new ArrayList<>();
        for (NDArray a : in) {
            s.add(a == null ? "-" : Arrays.toString(a.getShape().getShape()));
        }
        return s;
    }
}
