package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;

/** NDArray helpers with ONNX (numpy) broadcasting where DJL's PyTorch engine does not broadcast. */
final class Nd {

    private Nd() {}

    /** The numpy broadcast of two shapes. */
    static Shape broadcast(Shape a, Shape b) {
        int n = Math.max(a.dimension(), b.dimension());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long da = i < n - a.dimension() ? 1 : a.get(i - (n - a.dimension()));
            long db = i < n - b.dimension() ? 1 : b.get(i - (n - b.dimension()));
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** {@code cond ? a : b} elementwise, all three broadcast together. */
    static NDArray where(NDArray cond, NDArray a, NDArray b) {
        Shape s = broadcast(broadcast(cond.getShape(), a.getShape()), b.getShape());
        NDArray c = cond.getShape().equals(s) ? cond : cond.broadcast(s);
        NDArray x = a.getShape().equals(s) ? a : a.broadcast(s);
        NDArray y = b.getShape().equals(s) ? b : b.broadcast(s);
        return NDArrays.where(c, x, y);
    }

    /** A scalar of {@code like}'s type and device. */
    static NDArray scalar(NDArray like, double v) {
        return like.getManager().create(v).toType(like.getDataType(), false).toDevice(like.getDevice(), false);
    }

    /** The elements of a small integer tensor (a shape, axes, sizes, indices) computed at run time, read to the host. */
    static long[] longs(NDArray a) {
        return a.getDataType() == ai.djl.ndarray.types.DataType.INT64 ? a.toLongArray()
                : a.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
    }

    /** {@code axis} made non-negative for rank {@code rank}. */
    static int axis(long axis, int rank, OnnxNode node, String attr) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(node.describe() + ": " + attr + " " + axis + " out of range for rank " + rank);
        }
        return (int) a;
    }
}
