package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;

/**
 * A converted node: NDArray operations from its inputs (parameters and constants included; an omitted
 * optional input is null) to its outputs. Runs on the input's engine; on PyTorch it is differentiable.
 */
@FunctionalInterface
public interface GraphOp {

    /** The node in inference form (what a block forward with {@code training = false} runs). */
    NDArray[] apply(NDArray[] inputs);

    /**
     * The node in a forward pass with the block's {@code training} flag. Only ops whose torch module behaves
     * differently in train() mode (BatchNormalization) override this; the rest ignore the flag.
     */
    default NDArray[] apply(NDArray[] inputs, boolean training) {
        return apply(inputs);
    }
}
