package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

/**
 * hardswish as PyTorch's exporters write it before opset 14's HardSwish: {@code x · HardSigmoid(x, alpha = 1/6,
 * beta = 0.5)}, either order (ONNX's default alpha 0.2 is not torch's hardsigmoid).
 */
final class HardswishPattern {

    private HardswishPattern() {}

    static void register(FusionRegistry r) {
        r.register("Mul", 1, HardswishPattern::match);
    }

    static FusionMatch match(OnnxNode mul, FusionGraph g) {
        for (int k = 0; k < 2; k++) {
            String x = mul.input(k);
            OnnxNode hs = g.prod(mul.input(1 - k), "HardSigmoid");
            if (hs != null && hs.input(0).equals(x) && ActivationConverters.close(hs.getFloat("alpha", 0.2f), 1.0 / 6)
                    && hs.getFloat("beta", 0.5f) == 0.5f) {
                return FusionMatch.catalog(Catalog.HARDSWISH.defaults(), x, mul, hs);
            }
        }
        return null;
    }
}
