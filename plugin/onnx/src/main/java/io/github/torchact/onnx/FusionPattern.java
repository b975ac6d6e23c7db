package io.github.torchact.onnx;

/**
 * Recognises one exporter form of an activation at its anchor (the node whose output is the activation's);
 * registered per (anchor op type, since-opset) in a {@link FusionRegistry}.
 */
@FunctionalInterface
interface FusionPattern {

    /** The match ending at {@code anchor}, or null. */
    FusionMatch match(OnnxNode anchor, FusionGraph graph);
}
