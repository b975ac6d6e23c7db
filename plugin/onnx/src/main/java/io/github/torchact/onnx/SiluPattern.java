package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

/** silu as PyTorch's exporters write it (ONNX has no Swish before opset 24): {@code x · Sigmoid(x)}, either order. */
final class SiluPattern {

    private SiluPattern() {}

    static void register(FusionRegistry r) {
        r.register("Mul", 1, SiluPattern::match);
    }

    static FusionMatch match(OnnxNode mul, FusionGraph g) {
        for (int k = 0; k < 2; k++) {
            String x = mul.input(k);
            OnnxNode sig = g.prod(mul.input(1 - k), "Sigmoid");
            if (sig != null && sig.input(0).equals(x)) {
                return FusionMatch.catalog(Catalog.SILU.defaults(), x, mul, sig);
            }
        }
        return null;
    }
}
