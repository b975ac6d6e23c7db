package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

/** mish as PyTorch's exporters write it before opset 18's Mish: {@code x · Tanh(Softplus(x))}, either order. */
final class MishPattern {

    private MishPattern() {}

    static void register(FusionRegistry r) {
        r.register("Mul", 1, MishPattern::match);
    }

    static FusionMatch match(OnnxNode mul, FusionGraph g) {
        for (int k = 0; k < 2; k++) {
            String x = mul.input(k);
            OnnxNode tanh = g.prod(mul.input(1 - k), "Tanh");
            OnnxNode softplus = tanh == null ? null : g.prod(tanh.input(0), "Softplus");
            if (softplus != null && softplus.input(0).equals(x)) {
                return FusionMatch.catalog(Catalog.MISH.defaults(), x, mul, tanh, softplus);
            }
        }
        return null;
    }
}
