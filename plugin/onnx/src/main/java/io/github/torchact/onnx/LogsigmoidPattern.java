package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

/**
 * logsigmoid as PyTorch's exporters write it: {@code Log(Sigmoid(x))}. Fused into torch's stable form, it is finite
 * where the ONNX graph gives -inf (large negative x).
 */
final class LogsigmoidPattern {

    private LogsigmoidPattern() {}

    static void register(FusionRegistry r) {
        r.register("Log", 1, LogsigmoidPattern::match);
    }

    static FusionMatch match(OnnxNode log, FusionGraph g) {
        OnnxNode sig = g.prod(log.input(0), "Sigmoid");
        return sig == null ? null : FusionMatch.catalog(Catalog.LOGSIGMOID.defaults(), sig.input(0), log, sig);
    }
}
