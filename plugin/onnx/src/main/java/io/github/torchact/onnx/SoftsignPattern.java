package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

/** softsign as PyTorch's exporters write it: {@code x / (Abs(x) + 1)}. */
final class SoftsignPattern {

    private SoftsignPattern() {}

    static void register(FusionRegistry r) {
        r.register("Div", 1, SoftsignPattern::match);
    }

    static FusionMatch match(OnnxNode div, FusionGraph g) {
        String x = div.input(0);
        OnnxNode add = g.prod(div.input(1), "Add");
        String abs = add == null ? null : g.otherThanConst(add, 1.0);
        OnnxNode absNode = abs == null ? null : g.prod(abs, "Abs");
        if (absNode == null || !absNode.input(0).equals(x)) {
            return null;
        }
        return FusionMatch.catalog(Catalog.SOFTSIGN.defaults(), x, div, add, absNode);
    }
}
