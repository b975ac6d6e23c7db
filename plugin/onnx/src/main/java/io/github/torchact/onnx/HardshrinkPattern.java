package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * hardshrink as PyTorch's exporters write it: {@code Where(Or(x > λ, x < -λ), x, 0)}, each comparison possibly
 * through a Cast to bool. Followed by {@code Where(IsNaN(x), 0, ·)}: the graph gives 0 on NaN, torch's kernel NaN.
 */
final class HardshrinkPattern {

    private static final int BOOL = 9;

    private HardshrinkPattern() {}

    static void register(FusionRegistry r) {
        r.register("Where", 1, HardshrinkPattern::match);
    }

    static FusionMatch match(OnnxNode where, FusionGraph g) {
        OnnxNode or = g.prod(where.input(0), "Or");
        if (or == null || !g.isConst(where.input(2), 0)) {
            return null;
        }
        String x = where.input(1);
        OnnxNode gt = comparison(g, or.input(0), "Greater");
        OnnxNode lt = comparison(g, or.input(1), "Less");
        if (gt == null || lt == null || !gt.input(0).equals(x) || !lt.input(0).equals(x)) {
            return null;
        }
        Double l = g.scalar(gt.input(1));
        if (l == null || l < 0 || !g.isConst(lt.input(1), -l)) {
            return null;
        }
        Set<OnnxNode> all = new LinkedHashSet<>(List.of(or, gt, lt));
        for (String in : or.inputs()) {
            OnnxNode cast = g.prod(in, "Cast");
            if (cast != null) {
                all.add(cast);
            }
        }
        return FusionMatch.catalog(Catalog.HARDSHRINK.params(Map.of("lambd", l)), x, where, all).nanToZero(where.input(2));
    }

    /** The comparison {@code op} producing {@code v}, looking through a Cast to bool. */
    private static OnnxNode comparison(FusionGraph g, String v, String op) {
        OnnxNode cast = g.prod(v, "Cast");
        return cast != null && cast.getInt("to", 0) == BOOL ? g.prod(cast.input(0), op) : g.prod(v, op);
    }
}
