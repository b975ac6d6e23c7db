package io.github.torchact.spec;

import io.github.torchact.kernel.Kernel;

/** Checks that an input shape (and weight count) suits an activation, before any computation. */
@FunctionalInterface
public interface ShapeCheck {

    /**
     * Throws {@link IllegalArgumentException}, in PyTorch's wording where it has one, if {@code shape}
     * does not suit these parameters.
     *
     * @param p the parameter values
     * @param shape the input shape
     * @param weightCount the number of elements of the learnable weight (0 when there is none)
     */
    void check(Params p, long[] shape, long weightCount);

    /** Accepts every shape. */
    ShapeCheck ANY = (p, shape, w) -> {};


    /** {@code dim} must name a dimension of the input. */
    ShapeCheck DIM_IN_RANGE = (p, shape, w) -> Kernel.normalizeDim(p.getInt("dim"), shape.length);

    /** GLU: the halved dimension must have even size. */
    ShapeCheck GLU = (p, shape, w) -> {
        if (shape.length == 0) {
            throw new IllegalArgumentException("glu does not support scalars because halving size must be even");
        }
        int d = Kernel.normalizeDim(p.getInt("dim"), shape.length);
        if (shape[d] % 2 != 0) {
            throw new IllegalArgumentException("Halving dimension must be even, but dimension " + d
                    + " is size " + shape[d]);
        }
    };

    /** Softmax2d: a (C, H, W) or (N, C, H, W) input. */
    ShapeCheck THREE_OR_FOUR_D = (p, shape, w) -> {
        if (shape.length != 3 && shape.length != 4) {
            throw new IllegalArgumentException(
                    "Softmax2d: expected input to be 3D or 4D, got " + shape.length + "D instead");
        }
    };

    /** PReLU-style weights: one shared value, or one per channel on axis 1. */
    ShapeCheck CHANNELS = (p, shape, w) -> {
        if (w == 1) {
            return;
        }
        if (shape.length == 0) {
            throw new IllegalArgumentException("Not allow zero-dim input tensor.");
        }
        long channels = shape.length > 1 ? shape[1] : 1;
        if (channels != w) {
            throw new IllegalArgumentException("Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                    + w + " and channel size = " + channels + ".");
        }
    };
}
