package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

import java.util.Map;

/**
 * softplus with β as PyTorch's exporters write it. TorchScript: {@code Softplus(x · β) / β}; torch's threshold is not
 * in that graph, so the default 20 is used. Dynamo: {@code Where(x · β > t, x, Softplus(x · β) / β)}, the same
 * quotient under the threshold branch, which gives the threshold t.
 */
final class SoftplusPattern {

    private SoftplusPattern() {}

    static void register(FusionRegistry r) {
        r.register("Div", 1, SoftplusPattern::scaled);
        r.register("Where", 1, SoftplusPattern::thresholded);
    }

    /** {@code Softplus(x · β) / β}. */
    static FusionMatch scaled(OnnxNode div, FusionGraph g) {
        Double beta = g.scalar(div.input(1));
        OnnxNode sp = g.prod(div.input(0), "Softplus");
        OnnxNode mul = sp == null ? null : g.prod(sp.input(0), "Mul");
        String x = beta == null || mul == null ? null : g.otherThanConst(mul, beta);
        if (x == null) {
            return null;
        }
        return FusionMatch.catalog(Catalog.SOFTPLUS.params(Map.of("beta", beta, "threshold", 20.0)), x, div, sp, mul);
    }

    /** {@code Where(x · β > t, x, Softplus(x · β) / β)}, the comparison reading the quotient's own product. */
    static FusionMatch thresholded(OnnxNode where, FusionGraph g) {
        OnnxNode gt = g.prod(where.input(0), "Greater");
        OnnxNode div = g.prod(where.input(2), "Div");
        FusionMatch inner = gt == null || div == null ? null : scaled(div, g);
        Double t = gt == null ? null : g.scalar(gt.input(1));
        if (inner == null || t == null || !where.input(1).equals(inner.x())
                || !inner.nodes.contains(g.producer(gt.input(0)))) {
            return null;
        }
        return inner.extended(inner.params.with("threshold", t), where, gt);
    }
}
