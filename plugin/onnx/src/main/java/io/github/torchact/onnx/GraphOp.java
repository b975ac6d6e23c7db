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

    /**
     * The node as TorchScript running the same libtorch operators as {@link #apply} (for the compiled forward,
     * {@link GraphCompiler}), or null when it has none; a graph with such a node runs node by node.
     */
    default ScriptForm script() {
        return null;
    }

    /**
     * What the import report says the node became (e.g. {@code catalog softmax(dim=-1)}), or null for the
     * report's default by kind ({@code NDArray op}, {@code TorchScript op}).
     */
    default String reportLabel() {
        return null;
    }

    /** {@code op} (its NDArray evaluation and training behaviour) with {@code form} as its TorchScript form. */
    static GraphOp scripted(GraphOp op, ScriptForm form) {
        return scripted(op, form, null);
    }

    /** As {@link #scripted(GraphOp, ScriptForm)}, labelled {@code label} in the import report. */
    static GraphOp scripted(GraphOp op, ScriptForm form, String label) {
        return new GraphOp() {
            @Override
            public NDArray[] apply(NDArray[] inputs) {
                return op.apply(inputs);
            }

            @Override
            public NDArray[] apply(NDArray[] inputs, boolean training) {
                return op.apply(inputs, training);
            }

            @Override
            public ScriptForm script() {
                return form;
            }

            @Override
            public String reportLabel() {
                return label;
            }

            @Override
            public String toString() {
                return op.toString();
            }
        };
    }
}
