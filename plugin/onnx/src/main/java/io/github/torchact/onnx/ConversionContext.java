package io.github.torchact.onnx;

/** What a converter may ask while converting one node: the opset and values known at import time. */
public interface ConversionContext {

    /** The opset version of the node's domain. */
    long opset();

    /** The value of {@code name} if it is known at import time (a constant, not a trainable parameter), else null. */
    TensorValue constant(String name);

    /** Input {@code i} of {@code node} as an import-time constant; refused, naming the node, if it is not one. */
    default TensorValue requireConstant(OnnxNode node, int i, String what) {
        String in = node.input(i);
        TensorValue v = in.isEmpty() ? null : constant(in);
        if (v == null) {
            throw OnnxImportException.atNode(node, what + " (input " + i + " '" + in
                    + "') must be a constant or initializer; computed values are not supported");
        }
        return v;
    }
}
