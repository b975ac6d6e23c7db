package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

import java.util.Map;

/**
 * softshrink as PyTorch's exporters write it: {@code Where(x > λ, x - λ, 0) + Where(x < -λ, x + λ, 0)}. Followed by
 * {@code Where(IsNaN(x), 0, ·)}: the graph gives 0 on NaN, torch's kernel NaN.
 */
final class SoftshrinkPattern {

    private SoftshrinkPattern() {}

    static void register(FusionRegistry r) {
        r.register("Add", 1, SoftshrinkPattern::match);
    }

    static FusionMatch match(OnnxNode add, FusionGraph g) {
        OnnxNode w1 = g.prod(add.input(0), "Where");
        OnnxNode w2 = g.prod(add.input(1), "Where");
        if (w1 == null || w2 == null || !g.isConst(w1.input(2), 0) || !g.isConst(w2.input(2), 0)) {
            return null;
        }
        OnnxNode gt = g.prod(w1.input(0), "Greater");
        OnnxNode sub = g.prod(w1.input(1), "Sub");
        OnnxNode lt = g.prod(w2.input(0), "Less");
        OnnxNode plus = g.prod(w2.input(1), "Add");
        if (gt == null || sub == null || lt == null || plus == null) {
            return null;
        }
        String x = gt.input(0);
        Double l = g.scalar(gt.input(1));
        if (l == null || l < 0 || !sub.input(0).equals(x) || !g.isConst(sub.input(1), l) || !lt.input(0).equals(x)
                || !g.isConst(lt.input(1), -l) || !x.equals(g.otherThanConst(plus, l))) {
            return null;
        }
        return FusionMatch.catalog(Catalog.SOFTSHRINK.params(Map.of("lambd", l)), x, add, w1, w2, gt, sub, lt, plus)
                .nanToZero(w1.input(2));
    }
}
