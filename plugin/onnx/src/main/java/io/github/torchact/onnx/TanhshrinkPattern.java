package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

/** tanhshrink as PyTorch's exporters write it: {@code x - Tanh(x)}. */
final class TanhshrinkPattern {

    private TanhshrinkPattern() {}

    static void register(FusionRegistry r) {
        r.register("Sub", 1, TanhshrinkPattern::match);
    }

    static FusionMatch match(OnnxNode sub, FusionGraph g) {
        OnnxNode tanh = g.prod(sub.input(1), "Tanh");
        return tanh == null || !tanh.input(0).equals(sub.input(0)) ? null
                : FusionMatch.catalog(Catalog.TANHSHRINK.defaults(), sub.input(0), sub, tanh);
    }
}
