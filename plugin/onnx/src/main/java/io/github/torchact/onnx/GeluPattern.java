package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Exact gelu as PyTorch's exporters write it before opset 20's Gelu: {@code x · 0.5 · (1 + Erf(x / √2))}, the three
 * factors multiplied in any order, the Erf's argument also as {@code x · √½}.
 */
final class GeluPattern {

    private GeluPattern() {}

    static void register(FusionRegistry r) {
        r.register("Mul", 1, GeluPattern::match);
    }

    /** The product {@code x · 0.5 · (1 + inner)} both gelu forms share. */
    static final class HalfProduct {
        final String x;
        /** The value added to 1. */
        final String inner;
        /** The Mul nodes and the Add. */
        final Set<OnnxNode> nodes;

        private HalfProduct(String x, String inner, Set<OnnxNode> nodes) {
            this.x = x;
            this.inner = inner;
            this.nodes = nodes;
        }

        /**
         * {@code x · 0.5 · (1 + inner)} ending at {@code mul}, {@code inner} the output of an {@code innerOp} node, or
         * null. The Add is recognised by its operands, not by being an Add: x itself is often one (a bias added before
         * the activation).
         */
        static HalfProduct at(OnnxNode mul, FusionGraph g, String innerOp) {
            List<String> leaves = new ArrayList<>();
            Set<OnnxNode> muls = new LinkedHashSet<>();
            g.factors(mul.output(0), leaves, muls, 2);
            if (leaves.size() != 3) {
                return null;
            }
            String half = null;
            OnnxNode add = null;
            String inner = null;
            for (String l : leaves) {
                OnnxNode a = g.prod(l, "Add");
                String in = a == null ? null : g.otherThanConst(a, 1.0);
                if (add == null && in != null && g.prod(in, innerOp) != null) {
                    add = a;
                    inner = in;
                } else if (half == null && g.isConst(l, 0.5)) {
                    half = l;
                }
            }
            if (half == null || add == null) {
                return null;
            }
            List<String> rest = new ArrayList<>(leaves);
            rest.remove(half);
            rest.remove(add.output(0));
            if (rest.size() != 1) {
                return null;
            }
            muls.add(add);
            return new HalfProduct(rest.get(0), inner, muls);
        }
    }

    static FusionMatch match(OnnxNode mul, FusionGraph g) {
        HalfProduct p = HalfProduct.at(mul, g, "Erf");
        OnnxNode erf = p == null ? null : g.prod(p.inner, "Erf");
        if (erf == null) {
            return null;
        }
        OnnxNode div = g.prod(erf.input(0), "Div");
        OnnxNode scale = g.prod(erf.input(0), "Mul");
        OnnxNode arg;
        if (div != null && div.input(0).equals(p.x) && g.isConst(div.input(1), Math.sqrt(2))) {
            arg = div;
        } else if (scale != null && p.x.equals(g.otherThanConst(scale, Math.sqrt(0.5)))) {
            arg = scale;
        } else {
            return null;
        }
        Set<OnnxNode> all = new LinkedHashSet<>(p.nodes);
        all.add(erf);
        all.add(arg);
        return FusionMatch.catalog(Catalog.GELU.defaults(), p.x, mul, all);
    }
}
