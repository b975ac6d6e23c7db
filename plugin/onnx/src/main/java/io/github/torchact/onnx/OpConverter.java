package io.github.torchact.onnx;

/** Turns one ONNX node into a {@link GraphOp}, checking its attributes; registered per (domain, op, since-version). */
@FunctionalInterface
public interface OpConverter {

    /** Converts {@code node}; errors name the node. */
    GraphOp convert(OnnxNode node, ConversionContext ctx);
}
