package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

import java.util.Map;

/**
 * softmin as PyTorch's exporters write it: {@code Softmax(Neg(x), axis)}. Only from opset 13, where Softmax is over
 * one axis as torch's; before, it flattens the trailing axes.
 */
final class SoftminPattern {

    private SoftminPattern() {}

    static void register(FusionRegistry r) {
        r.register("Softmax", 13, SoftminPattern::match);
    }

    static FusionMatch match(OnnxNode softmax, FusionGraph g) {
        OnnxNode neg = g.prod(softmax.input(0), "Neg");
        return neg == null ? null : FusionMatch.catalog(Catalog.SOFTMIN.params(Map.of("dim", softmax.getInt("axis", -1))),
                neg.input(0), softmax, neg);
    }
}
