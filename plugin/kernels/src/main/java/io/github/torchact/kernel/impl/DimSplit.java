package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.KernelArgs;
import io.github.torchact.kernel.parallel.ChunkedExecutor;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.kernel.parallel.RangeTask;

/**
 * A contiguous row-major shape seen as libtorch's softmax kernels see it: {@code [outer, size,
 * inner]} around dimension {@code dim}. A 0-d tensor is viewed as {@code [1]}, as
 * {@code softmax_cpu_out} does.
 *
 * @param outer the product of the sizes before {@code dim}
 * @param size the size of {@code dim}
 * @param inner the product of the sizes after {@code dim} (the stride of {@code dim})
 * @param numel the number of elements
 * @param lastDim whether {@code dim} is the last dimension, where libtorch takes its
 *     {@code _lastdim} kernels (a 3-D input with a trailing size-1 dimension does not)
 */
record DimSplit(int outer, int size, int inner, int numel, boolean lastDim) {

    /** Splits {@code shape} around {@code dim} (negative counts from the end). */
    static DimSplit of(long[] shape, long dim) {
        int numel = Kernel.numel(shape);
        if (shape.length == 0) {
            Kernel.normalizeDim(dim, 0);
            return new DimSplit(1, 1, 1, numel, true);
        }
        int d = Kernel.normalizeDim(dim, shape.length);
        long outer = 1;
        long inner = 1;
        for (int i = 0; i < d; i++) {
            outer *= shape[i];
        }
        for (int i = d + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        return new DimSplit((int) outer, (int) shape[d], (int) inner, numel, d == shape.length - 1);
    }

    /**
     * Work per element relative to a memory-bound copy (an exp each, plus a few passes), for {@link
     * Parallelism#splits(int, int)}.
     */
    private static final int COST = 4;

    /**
     * Runs {@code task} over the outer indices [0, outer): split across {@link Parallelism#threads()}
     * when the tensor is large enough, else on the calling thread. Outer slices are independent, so
     * the split never changes a bit.
     */
    void runOuter(RangeTask task) {
        if (Parallelism.splits(numel, COST)) {
            ChunkedExecutor.run(outer, Parallelism.threads(), task);
        } else {
            task.run(0, outer);
        }
    }

    /** Output elements per group in {@link #grouped}: 8 KiB of float32, still in L1 when swept. */
    private static final int GROUP = 2048;

    /**
     * Runs {@code rows} over the outer indices [from, to) in groups of about {@link #GROUP} output
     * elements ({@code outSlice} per outer index), at least two indices (the softmax family's rows run
     * in pairs), then {@code sweep} over each group's output index
     * range [first, end) while it is in cache: how the kernels make their NaNs canonical.
     */
    static void grouped(int from, int to, long outSlice, RangeTask rows, RangeTask sweep) {
        int g = (int) Math.max(2, GROUP / Math.max(1, outSlice));
        for (int o = from; o < to; o += g) {
            int e = Math.min(to, o + g);
            rows.run(o, e);
            sweep.run((int) (o * outSlice), (int) (e * outSlice));
        }
    }

    /** Elements per outer index: {@code size · inner}. */
    long slice() {
        return (long) size * inner;
    }

    /** Throws unless an array named {@code name} holds at least {@code numel} elements. */
    static void checkLength(int length, int numel, String name) {
        if (length < numel) {
            throw new IllegalArgumentException(
                    name + " has " + length + " elements, the shape needs " + numel);
        }
    }

    /** The split of {@code shape} at {@code dim} for a forward, after the null, length and overlap checks of {@link Kernel}'s contracts. */
    static DimSplit checkedForward(long[] shape, long dim, Object x, Object[] weights, Object y) {
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNullElements(weights, "weights");
        KernelArgs.nonNull(y, "y");
        DimSplit s = checkedSplit(shape, dim, java.lang.reflect.Array.getLength(x), java.lang.reflect.Array.getLength(y));
        KernelArgs.checkForward(x, s.numel(), weights, y, s.numel());
        return s;
    }

    /** As {@link #checkedForward} for a backward; {@code x} is the input or, from the output, y. */
    static DimSplit checkedBackward(long[] shape, long dim, Object x, Object[] weights, Object gy, Object gx, Object[] gw) {
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNullElements(weights, "weights");
        KernelArgs.nonNull(gy, "gy");
        KernelArgs.nonNull(gx, "gx");
        KernelArgs.nonNullElements(gw, "gw");
        DimSplit s = checkedSplit(shape, dim, java.lang.reflect.Array.getLength(x), java.lang.reflect.Array.getLength(gx));
        checkLength(java.lang.reflect.Array.getLength(gy), s.numel(), "gy");
        KernelArgs.checkBackward(x, s.numel(), weights, gy, s.numel(), gx, s.numel(), gw);
        return s;
    }

    private static DimSplit checkedSplit(long[] shape, long dim, int inLength, int outLength) {
        DimSplit s = of(shape, dim);
        checkLength(inLength, s.numel(), "x");
        checkLength(outLength, s.numel(), "output");
        return s;
    }
}
