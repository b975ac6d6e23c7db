package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/** Arithmetic, comparison, logic, Where, Cast and reductions; numpy broadcasting as in ONNX. */
final class ElementwiseConverters {

    private ElementwiseConverters() {}

    static void register(ConverterRegistry r) {
        binary(r, "Add", 7, NDArray::add);
        binary(r, "Sub", 7, NDArray::sub);
        binary(r, "Mul", 7, NDArray::mul);
        binary(r, "Div", 7, (a, b) -> {
            if (a.getDataType().isInteger() && b.getDataType().isInteger()) {
                // ONNX integer Div truncates toward zero
                NDArray q = a.toType(DataType.FLOAT64, false).div(b.toType(DataType.FLOAT64, false));
                return Nd.where(q.lt(0), q.ceil(), q.floor()).toType(a.getDataType(), false);
            }
            return a.div(b);
        });
        binary(r, "Pow", 7, NDArray::pow);
        binary(r, "Greater", 7, NDArray::gt);
        binary(r, "Less", 7, NDArray::lt);
        binary(r, "Equal", 7, NDArray::eq);
        binary(r, "GreaterOrEqual", 12, NDArray::gte);
        binary(r, "LessOrEqual", 12, NDArray::lte);
        binary(r, "Or", 7, NDArray::logicalOr);
        binary(r, "And", 7, NDArray::logicalAnd);
        binary(r, "Xor", 7, NDArray::logicalXor);
        binary(r, "Max", 8, NDArray::maximum);
        binary(r, "Min", 8, NDArray::minimum);
        unary(r, "Neg", 6, NDArray::neg);
        unary(r, "Abs", 6, NDArray::abs);
        unary(r, "Sqrt", 6, NDArray::sqrt);
        unary(r, "Log", 6, NDArray::log);
        unary(r, "Exp", 6, NDArray::exp);
        unary(r, "Reciprocal", 6, a -> a.getManager().create(1f).toType(a.getDataType(), false).div(a));
        unary(r, "Not", 1, NDArray::logicalNot);
        r.register("", "Where", 9, (n, c) -> {
            n.allowOnly();
            return in -> new NDArray[] {Nd.where(in[0], in[1], in[2])};
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
            return in -> new NDArray[] {in[0].toType(t, false)};
        });
        for (String op : new String[] {"ReduceMean", "ReduceMax", "ReduceSum", "ReduceMin"}) {
            // axes moved from attribute to input: ReduceSum at 13, the others at 18
            long inputSince = op.equals("ReduceSum") ? 13 : 18;
            r.register("", op, 1, (n, c) -> reduce(n, c, op, false));
            r.register("", op, inputSince, (n, c) -> reduce(n, c, op, true));
        }
    }

    private static void binary(ConverterRegistry r, String op, long since, BinaryOperator<NDArray> f) {
        r.register("", op, since, (n, c) -> {
            n.allowOnly();
            if (n.inputs().size() != 2) {
                throw OnnxImportException.atNode(n, "expects 2 inputs, has " + n.inputs().size());
            }
            return in -> new NDArray[] {f.apply(in[0], in[1])};
        });
    }

    private static void unary(ConverterRegistry r, String op, long since, UnaryOperator<NDArray> f) {
        r.register("", op, since, (n, c) -> {
            n.allowOnly();
            return in -> new NDArray[] {f.apply(in[0])};
        });
    }

    private static GraphOp reduce(OnnxNode n, ConversionContext c, String op, boolean axesInput) {
        long[] axes;
        if (axesInput) {
            n.allowOnly("keepdims", "noop_with_empty_axes");
            axes = n.input(1).isEmpty() ? new long[0] : c.requireConstant(n, 1, "axes").toLongs();
        } else {
            n.allowOnly("keepdims", "axes");
            axes = n.getInts("axes", new long[0]);
        }
        boolean keep = n.getInt("keepdims", 1) != 0;
        boolean noop = n.getInt("noop_with_empty_axes", 0) != 0;
        return in -> {
            NDArray x = in[0];
            int rank = x.getShape().dimension();
            if (axes.length == 0 && noop) {
                return new NDArray[] {x};
            }
            int[] ax = new int[axes.length == 0 ? rank : axes.length];
            for (int i = 0; i < ax.length; i++) {
                ax[i] = axes.length == 0 ? i : Nd.axis(axes[i], rank, n, "axes");
            }
            return new NDArray[] {reduceAxes(x, ax, keep, op)};
        };
    }

    /**
     * Reduction over several axes. DJL's PyTorch engine reduces one axis per call, so the reduced axes are moved
     * to the end and merged into one (the reduction torch does over contiguous dims), then restored if kept.
     */
    static NDArray reduceAxes(NDArray x, int[] axes, boolean keep, String op) {
        int rank = x.getShape().dimension();
        boolean[] red = new boolean[rank];
        for (int a : axes) {
            red[a] = true;
        }
        int[] perm = new int[rank];
        int j = 0;
        long[] keptShape = new long[rank];
        java.util.List<Long> outDims = new java.util.ArrayList<>();
        long merged = 1;
        for (int i = 0; i < rank; i++) {
            if (!red[i]) {
                perm[j++] = i;
                outDims.add(x.getShape().get(i));
            }
            keptShape[i] = red[i] ? 1 : x.getShape().get(i);
        }
        for (int i = 0; i < rank; i++) {
            if (red[i]) {
                perm[j++] = i;
                merged *= x.getShape().get(i);
            }
        }
        long[] flat = new long[outDims.size() + 1];
        for (int i = 0; i < outDims.size(); i++) {
            flat[i] = outDims.get(i);
        }
        flat[flat.length - 1] = merged;
        NDArray t = x.transpose(perm).reshape(flat);
        int last = flat.length - 1;
        NDArray y;
        switch (op) {
            case "ReduceMean": y = t.mean(new int[] {last}); break;
            case "ReduceMax": y = t.max(new int[] {last}); break;
            case "ReduceMin": y = t.min(new int[] {last}); break;
            default: y = t.sum(new int[] {last});
        }
        return keep ? y.reshape(keptShape) : y;
    }
}
