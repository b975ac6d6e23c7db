package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.KernelArgs;

import java.lang.reflect.Array;

/**
 * An input shape seen as contiguous [n, c, s] around the channel axis 1 (s: product of the trailing
 * dimensions), with a learnable tensor of one value shared by all channels or one per channel, as
 * {@code torch.prelu} broadcasts its weight.
 *
 * @param n the leading (batch) size
 * @param c the channel count (1 for 0-d and 1-d inputs)
 * @param s the product of the dimensions after the channel axis
 * @param shared whether the weight has a single element
 * @param rank the input's number of dimensions
 */
record ChannelShape(int n, int c, int s, boolean shared, int rank) {

    /** Checks the shape against the weight, with PyTorch's messages. */
    static ChannelShape of(String op, long[] shape, int weightCount) {
        int numel = Kernel.numel(shape);
        int c = shape.length > 1 ? (int) shape[1] : 1;
        int n = shape.length > 0 ? (int) shape[0] : 1;
        if (weightCount < 1) {
            throw new IllegalArgumentException(op + ": weight must have at least one element");
        }
        if (weightCount != 1) {
            if (shape.length == 0) {
                throw new IllegalArgumentException(op + ": Not allow zero-dim input tensor.");
            }
            if (c != weightCount) {
                throw new IllegalArgumentException(op + ": Mismatch of parameter numbers and input channel size. "
                        + "Found parameter numbers = " + weightCount + " and channel size = " + c + ".");
            }
        }
        if (shape.length < 2) {
            return new ChannelShape(1, 1, numel, weightCount == 1, shape.length);
        }
        int s = numel == 0 ? 0 : numel / (n * c);
        return new ChannelShape(n, c, s, weightCount == 1, shape.length);
    }

    int numel() {
        return n * c * s;
    }

    /** The channel of flat index i. */
    int channel(int i) {
        return (i / s) % c;
    }

    /**
     * A forward's checks ({@link Kernel}'s contracts): arrays non-null, one learnable tensor named
     * {@code weight}, the shape against it, lengths, and overlap.
     */
    static ChannelShape forward(String op, String weight, Object x, long[] shape, Object[] weights, Object y) {
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNullElements(weights, "weights");
        KernelArgs.nonNull(y, "y");
        checkWeights(op, weight, weights.length, 1);
        ChannelShape cs = of(op, shape, Array.getLength(weights[0]));
        checkLength("x", Array.getLength(x), cs.numel());
        checkLength("y", Array.getLength(y), cs.numel());
        KernelArgs.checkForward(x, cs.numel(), weights, y, cs.numel());
        return cs;
    }

    /** A backward's checks, as {@link #forward}. */
    static ChannelShape backward(String op, String weight, Object x, long[] shape, Object[] weights, Object gy,
            Object gx, Object[] gw) {
        KernelArgs.nonNull(x, "x");
        KernelArgs.nonNullElements(weights, "weights");
        KernelArgs.nonNull(gy, "gy");
        KernelArgs.nonNull(gx, "gx");
        KernelArgs.nonNullElements(gw, "gw");
        checkWeights(op, weight, weights.length, 1);
        checkWeights(op, weight + " gradient", gw.length, 1);
        int c = Array.getLength(weights[0]);
        ChannelShape cs = of(op, shape, c);
        int m = cs.numel();
        checkLength("x", Array.getLength(x), m);
        checkLength("gy", Array.getLength(gy), m);
        checkLength("gx", Array.getLength(gx), m);
        checkLength("gw[0]", Array.getLength(gw[0]), c);
        KernelArgs.checkBackward(x, m, weights, gy, m, gx, m, gw);
        return cs;
    }

    static void checkWeights(String op, String name, int arrays, int expected) {
        if (arrays != expected) {
            throw new IllegalArgumentException(op + " takes exactly one learnable tensor (" + name + "), got " + arrays);
        }
    }

    static void checkLength(String what, int length, int expected) {
        if (length < expected) {
            throw new IllegalArgumentException(what + " has " + length + " elements, needs " + expected);
        }
    }
}
