package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

import java.util.Map;

/**
 * glu as PyTorch's exporters write it: {@code Split(x, axis)} into two equal halves a, b (sizes as the
 * {@code split} input or attribute, or absent), then {@code a · Sigmoid(b)}, either order.
 */
final class GluPattern {

    private GluPattern() {}

    static void register(FusionRegistry r) {
        r.register("Mul", 1, GluPattern::match);
    }

    static FusionMatch match(OnnxNode mul, FusionGraph g) {
        OnnxNode sig = g.prod(mul.input(1), "Sigmoid");
        String a = mul.input(0);
        if (sig == null) {
            sig = g.prod(mul.input(0), "Sigmoid");
            a = mul.input(1);
        }
        if (sig == null) {
            return null;
        }
        OnnxNode split = g.producer(a);
        if (split == null || !split.opType().equals("Split") || split != g.producer(sig.input(0))
                || split.outputs().size() != 2 || !split.output(0).equals(a) || !split.output(1).equals(sig.input(0))) {
            return null;
        }
        if (split.inputs().size() > 1 && !split.input(1).isEmpty()) {
            TensorValue sizes = g.constant(split.input(1));
            if (sizes == null || sizes.toLongs()[0] != sizes.toLongs()[1]) {
                return null;
            }
        }
        long[] sizesAttr = split.has("split") ? split.getInts("split", null) : null;
        if (sizesAttr != null && sizesAttr[0] != sizesAttr[1]) {
            return null;
        }
        // an odd length makes torch's glu fail and ONNX's Split uneven: the block reports it at run time
        return FusionMatch.catalog(Catalog.GLU.params(Map.of("dim", split.getInt("axis", 0))), split.input(0), mul, sig,
                split);
    }
}
