package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;

/**
 * A converted node: NDArray operations from its inputs (parameters and constants included; an omitted
 * optional input is null) to its outputs. Runs on the input's engine; on PyTorch it is differentiable.
 */
@FunctionalInterface
public interface GraphOp {

    NDArray[] apply(NDArray[] inputs);
}
