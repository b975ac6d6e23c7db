package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.Kernel;

/**
 * An input shape seen as contiguous [n, c, s] around the channel axis 1 (s: product of the trailing
 * dimensions), with a learnable tensor of one value shared by all channels or one per channel, as
 * {@code torch.prelu} broadcasts its weight.
 *
 * @param n the leading (batch) size
 * @param c the channel count (1 for 0-d and 1-d inputs)
 * @param s the product of the dimensions after the channel axis
 * @param shared whether the weight has a single element
 */
record ChannelShape(int n, int c, int s, boolean shared) {

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
            return new ChannelShape(1, 1, numel, weightCount == 1);
        }
        int s = n == 0 || c == 0 ? 0 : numel / (n * c);
        return new ChannelShape(n, c, s, weightCount == 1);
    }

    int numel() {
        return n * c * s;
    }

    /** The channel of flat index i. */
    int channel(int i) {
        return (i / s) % c;
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
