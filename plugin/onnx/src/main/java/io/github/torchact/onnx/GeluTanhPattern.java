package io.github.torchact.onnx;

import io.github.torchact.spec.Catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tanh-approximated gelu as PyTorch's exporters write it before opset 20's Gelu: {@code x · 0.5 · (1 + Tanh(√(2/π) ·
 * (x + 0.044715 · x³)))}, products in any order, x³ as a Mul chain or {@code Pow(x, 3)}.
 */
final class GeluTanhPattern {

    private GeluTanhPattern() {}

    static void register(FusionRegistry r) {
        r.register("Mul", 1, GeluTanhPattern::match);
    }

    static FusionMatch match(OnnxNode mul, FusionGraph g) {
        GeluPattern.HalfProduct p = GeluPattern.HalfProduct.at(mul, g, "Tanh");
        OnnxNode tanh = p == null ? null : g.prod(p.inner, "Tanh");
        if (tanh == null) {
            return null;
        }
        String x = p.x;
        Set<OnnxNode> all = new LinkedHashSet<>(p.nodes);
        all.add(tanh);
        List<String> scaled = new ArrayList<>();
        Set<OnnxNode> scaleMul = new LinkedHashSet<>();
        g.factors(tanh.input(0), scaled, scaleMul, 1);
        if (scaled.size() != 2) {
            return null;
        }
        double c = Math.sqrt(2 / Math.PI);
        String poly = g.isConst(scaled.get(0), c) ? scaled.get(1) : g.isConst(scaled.get(1), c) ? scaled.get(0) : null;
        OnnxNode sum = poly == null ? null : g.prod(poly, "Add");
        if (sum == null) {
            return null;
        }
        all.addAll(scaleMul);
        all.add(sum);
        String cubic = sum.input(0).equals(x) ? sum.input(1) : sum.input(1).equals(x) ? sum.input(0) : null;
        if (cubic == null) {
            return null;
        }
        List<String> factors = new ArrayList<>();
        Set<OnnxNode> cubeMuls = new LinkedHashSet<>();
        g.factors(cubic, factors, cubeMuls, 3);
        all.addAll(cubeMuls); // the cube x·x·x's Mul nodes, whose inputs include x more than once
        int xs = 0;
        boolean coef = false;
        for (String f : factors) {
            OnnxNode pow = g.prod(f, "Pow");
            if (f.equals(x)) {
                xs++;
            } else if (!coef && g.isConst(f, 0.044715)) {
                coef = true;
            } else if (pow != null && pow.input(0).equals(x) && g.isConst(pow.input(1), 3)) {
                xs += 3;
                all.add(pow);
            } else {
                return null;
            }
        }
        return xs == 3 && coef ? FusionMatch.catalog(Catalog.GELU_TANH.defaults(), x, mul, all) : null;
    }
}
