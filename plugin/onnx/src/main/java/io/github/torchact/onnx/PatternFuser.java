package io.github.torchact.onnx;

import ai.onnx.proto.OnnxMl;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognises the subgraphs PyTorch's ONNX exporters emit for activations that ONNX lacks (or that an older
 * opset lacks) and replaces each by one catalog activation node. Constants are compared with a relative
 * tolerance of 1e-6 (they are stored as float32: √2 is 1.41421353816986). A match requires every
 * intermediate value to be used only inside the pattern.
 *
 * <p>Patterns (x = the activation's input; exporter output as listed in /work/shared/REFERENCE.md):
 * gelu: x·0.5·(1 + Erf(x/√2)) in any Mul order; gelu_tanh: x·0.5·(1 + Tanh(√(2/π)·(x + 0.044715·x³)))
 * with x³ as Mul chain or Pow(x, 3); silu: x·Sigmoid(x); mish: x·Tanh(Softplus(x)); hardswish:
 * x·HardSigmoid(x, 1/6, 0.5); softplus(β): Softplus(x·β)/β, and with the dynamo exporter's threshold
 * branch Where(x·β > t, x, Softplus(x·β)/β); softsign: x/(|x| + 1); logsigmoid: Log(Sigmoid(x)) (fused
 * into torch's stable form: finite where the ONNX graph gives -inf); tanhshrink: x - Tanh(x); softmin:
 * Softmax(-x) (opset ≥ 13); glu: Split(x) halves a·Sigmoid(b); hardshrink: Where(x > λ or x < -λ, x, 0);
 * softshrink: Where(x > λ, x - λ, 0) + Where(x < -λ, x + λ, 0). The two shrinks are followed by
 * Where(IsNaN(x), 0, ·), so that NaN gives 0 as in the graph (torch's kernels give NaN).
 */
final class PatternFuser {

    /** One fusion: the catalog activation and the ONNX nodes it replaced. */
    static final class Fusion {
        final Params params;
        final List<String> replaced;

        Fusion(Params params, List<String> replaced) {
            this.params = params;
            this.replaced = replaced;
        }

        @Override
        public String toString() {
            return params + " <- " + replaced;
        }
    }

    private final List<OnnxNode> nodes;
    private final Map<String, TensorValue> consts;
    private final Set<String> graphOutputs;
    private final long opset;
    private final Map<String, OnnxNode> producer = new HashMap<>();
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();
    private final List<Fusion> fusions = new ArrayList<>();

    PatternFuser(List<OnnxNode> nodes, Map<String, TensorValue> consts, List<String> graphOutputs, long opset) {
        this.nodes = nodes;
        this.consts = consts;
        this.graphOutputs = new HashSet<>(graphOutputs);
        this.opset = opset;
        for (OnnxNode n : nodes) {
            n.outputs().forEach(o -> producer.put(o, n));
            n.inputs().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
        }
    }

    List<Fusion> fusions() {
        return fusions;
    }

    /** The node list with every match replaced by one fused node. */
    List<OnnxNode> run() {
        Set<OnnxNode> removed = new HashSet<>();
        Map<OnnxNode, OnnxNode> replacementAt = new HashMap<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            OnnxNode anchor = nodes.get(i);
            if (removed.contains(anchor) || !anchor.domain().isEmpty()) {
                continue;
            }
            Match m = match(anchor);
            if (m == null || !internal(m) || Collections.disjoint(m.nodes, removed) == false) {
                continue;
            }
            List<OnnxNode> replaced = new ArrayList<>(m.nodes);
            // Constants feeding only this pattern go with it (but the zero the NaN repair reuses)
            for (OnnxNode n : m.nodes) {
                for (String in : n.inputs()) {
                    OnnxNode p = producer.get(in);
                    if (p != null && p.opType().equals("Constant") && !m.nodes.contains(p) && !in.equals(m.nanZero)
                            && consumers.get(in).stream().allMatch(m.nodes::contains) && !graphOutputs.contains(in)) {
                        replaced.add(p);
                    }
                }
            }
            replaced.sort((a, b) -> Integer.compare(nodes.indexOf(a), nodes.indexOf(b)));
            removed.addAll(replaced);
            String out = anchor.output(0);
            OnnxNode fused = OnnxNode.fused(m.params, List.of(m.x), m.nanZero == null ? out : out + "#kernel", replaced);
            replacementAt.put(anchor, fused);
            if (m.nanZero != null) {
                nanRepair.put(fused, nanRepair(fused, m.x, m.nanZero, out));
            }
            fusions.add(new Fusion(m.params, fused.replaced()));
        }
        List<OnnxNode> out = new ArrayList<>();
        for (OnnxNode n : nodes) {
            if (replacementAt.containsKey(n)) {
                OnnxNode f = replacementAt.get(n);
                out.add(f);
                out.addAll(nanRepair.getOrDefault(f, List.of()));
            } else if (!removed.contains(n)) {
                out.add(n);
            }
        }
        Collections.reverse(fusions);
        return out;
    }

    private static final class Match {
        final Params params;
        final String x;
        final Set<OnnxNode> nodes;
        final OnnxNode anchor;
        /** For shrink patterns: the graph's constant 0 that NaN inputs become (see {@link #nanRepair}), else null. */
        String nanZero;

        Match(Params params, String x, Set<OnnxNode> nodes, OnnxNode anchor) {
            this.params = params;
            this.x = x;
            this.nodes = nodes;
            this.anchor = anchor;
        }
    }

    /** Infix of the values and nodes of the NaN repair after a fused shrink. */
    static final String NAN_REPAIR = "#nan-to-zero:";
    private final Map<OnnxNode, List<OnnxNode>> nanRepair = new HashMap<>();

    /**
     * The exported hardshrink/softshrink graphs are Where chains whose comparisons are false for NaN, so they give 0 on
     * NaN (as ONNX Runtime does), where torch's hardshrink/softshrink kernels propagate NaN. After the fused catalog
     * activation (output {@code fused.output(0)}), {@code Where(IsNaN(x), zero, shrink(x))} with the graph's own
     * constant 0 makes the fused form equal the graph on NaN too (and on every other value, where it is the kernel's).
     */
    static List<OnnxNode> nanRepair(OnnxNode fused, String x, String zero, String out) {
        String isNan = out + NAN_REPAIR + "mask";
        OnnxMl.NodeProto mask = OnnxMl.NodeProto.newBuilder().setName(out + NAN_REPAIR + "IsNaN").setOpType("IsNaN")
                .addInput(x).addOutput(isNan).build();
        OnnxMl.NodeProto where = OnnxMl.NodeProto.newBuilder().setName(out + NAN_REPAIR + "Where").setOpType("Where")
                .addInput(isNan).addInput(zero).addInput(fused.output(0)).addOutput(out).build();
        return List.of(OnnxNode.of(mask, 0, null), OnnxNode.of(where, 0, null));
    }

    /** Every value produced inside the match, except the anchor's output, is used only inside it. */
    private boolean internal(Match m) {
        for (OnnxNode n : m.nodes) {
            if (n == m.anchor) {
                continue;
            }
            for (String o : n.outputs()) {
                if (graphOutputs.contains(o)) {
                    return false;
                }
                for (OnnxNode c : consumers.getOrDefault(o, List.of())) {
                    if (!m.nodes.contains(c)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private Match match(OnnxNode a) {
        switch (a.opType()) {
            case "Mul": return firstNonNull(geluFamily(a), product2(a), glu(a));
            case "Div": return firstNonNull(softsign(a), softplusBeta(a));
            case "Where": return firstNonNull(softplusThreshold(a), hardshrink(a));
            case "Log": return logsigmoid(a);
            case "Sub": return tanhshrink(a);
            case "Softmax": return softmin(a);
            case "Add": return softshrink(a);
            default: return null;
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... v) {
        for (T t : v) {
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    // ---- graph queries -------------------------------------------------------------------------------------

    private OnnxNode prod(String v, String op) {
        OnnxNode p = producer.get(v);
        return p != null && p.domain().isEmpty() && p.opType().equals(op) ? p : null;
    }

    private Double scalar(String v) {
        TensorValue t = consts.get(v);
        return t != null && t.size() == 1 && t.dataType().isFloating() ? t.toDoubles()[0] : null;
    }

    private boolean isConst(String v, double expected) {
        Double s = scalar(v);
        return s != null && ActivationConverters.close(s, expected);
    }

    private boolean singleUse(String v) {
        return consumers.getOrDefault(v, List.of()).size() == 1 && !graphOutputs.contains(v);
    }

    /** The factors of a product: Mul nodes whose result is used once are expanded (depth ≤ 3). */
    private void factors(String v, List<String> leaves, Set<OnnxNode> muls, int depth) {
        OnnxNode m = prod(v, "Mul");
        if (m != null && depth > 0 && (muls.isEmpty() || singleUse(v))) {
            muls.add(m);
            factors(m.input(0), leaves, muls, depth - 1);
            factors(m.input(1), leaves, muls, depth - 1);
        } else {
            leaves.add(v);
        }
    }

    private Match fused(String name, Map<String, ? extends Number> values, String x, OnnxNode anchor, OnnxNode... parts) {
        Set<OnnxNode> s = new LinkedHashSet<>();
        for (OnnxNode p : parts) {
            if (p == null) {
                return null;
            }
            s.add(p);
        }
        s.add(anchor);
        return new Match(Catalog.get(name).params(values), x, s, anchor);
    }

    // ---- patterns -----------------------------------------------------------------------------------------

    /** x · 0.5 · (1 + Erf(x/√2)) or x · 0.5 · (1 + Tanh(√(2/π)(x + 0.044715 x³))). */
    private Match geluFamily(OnnxNode anchor) {
        List<String> leaves = new ArrayList<>();
        Set<OnnxNode> muls = new LinkedHashSet<>();
        factors(anchor.output(0), leaves, muls, 2);
        if (leaves.size() != 3) {
            return null;
        }
        String half = null;
        OnnxNode add = null;
        for (String l : leaves) {
            if (half == null && isConst(l, 0.5)) {
                half = l;
            } else if (add == null && prod(l, "Add") != null) {
                add = prod(l, "Add");
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
        String x = rest.get(0);
        String inner = otherThanConst(add, 1.0);
        if (inner == null) {
            return null;
        }
        Set<OnnxNode> all = new LinkedHashSet<>(muls);
        all.add(add);
        OnnxNode erf = prod(inner, "Erf");
        if (erf != null) {
            OnnxNode div = prod(erf.input(0), "Div");
            if (div != null && div.input(0).equals(x) && isConst(div.input(1), Math.sqrt(2))) {
                all.add(erf);
                all.add(div);
                return new Match(Catalog.get("gelu").defaults(), x, all, anchor);
            }
            OnnxNode mul = prod(erf.input(0), "Mul");
            if (mul != null && x.equals(otherThanConst(mul, Math.sqrt(0.5)))) {
                all.add(erf);
                all.add(mul);
                return new Match(Catalog.get("gelu").defaults(), x, all, anchor);
            }
            return null;
        }
        OnnxNode tanh = prod(inner, "Tanh");
        if (tanh == null) {
            return null;
        }
        all.add(tanh);
        List<String> scaled = new ArrayList<>();
        Set<OnnxNode> m2 = new LinkedHashSet<>();
        factors(tanh.input(0), scaled, m2, 1);
        if (scaled.size() != 2) {
            return null;
        }
        String poly = isConst(scaled.get(0), Math.sqrt(2 / Math.PI)) ? scaled.get(1)
                : isConst(scaled.get(1), Math.sqrt(2 / Math.PI)) ? scaled.get(0) : null;
        OnnxNode sum = poly == null ? null : prod(poly, "Add");
        if (sum == null) {
            return null;
        }
        all.addAll(m2);
        all.add(sum);
        String cubic = sum.input(0).equals(x) ? sum.input(1) : sum.input(1).equals(x) ? sum.input(0) : null;
        if (cubic == null) {
            return null;
        }
        List<String> cf = new ArrayList<>();
        Set<OnnxNode> m3 = new LinkedHashSet<>();
        factors(cubic, cf, m3, 3);
        all.addAll(m3);
        int xs = 0;
        boolean coef = false;
        for (String f : cf) {
            OnnxNode pow = prod(f, "Pow");
            if (f.equals(x)) {
                xs++;
            } else if (!coef && isConst(f, 0.044715)) {
                coef = true;
            } else if (pow != null && pow.input(0).equals(x) && isConst(pow.input(1), 3)) {
                xs += 3;
                all.add(pow);
            } else {
                return null;
            }
        }
        if (xs != 3 || !coef) {
            return null;
        }
        // the cube x·x·x expands Mul nodes whose inputs include x more than once: all are in m3
        return new Match(Catalog.get("gelu_tanh").defaults(), x, all, anchor);
    }

    /** The non-constant input of a binary node whose other input is the constant {@code c}. */
    private String otherThanConst(OnnxNode n, double c) {
        if (n.inputs().size() != 2) {
            return null;
        }
        if (isConst(n.input(1), c)) {
            return n.input(0);
        }
        if (isConst(n.input(0), c)) {
            return n.input(1);
        }
        return null;
    }

    /** x · f(x) with f = Sigmoid (silu), Tanh(Softplus) (mish), HardSigmoid(1/6, 0.5) (hardswish). */
    private Match product2(OnnxNode mul) {
        for (int k = 0; k < 2; k++) {
            String x = mul.input(k);
            String g = mul.input(1 - k);
            OnnxNode sig = prod(g, "Sigmoid");
            if (sig != null && sig.input(0).equals(x)) {
                return fused("silu", Map.of(), x, mul, sig);
            }
            OnnxNode tanh = prod(g, "Tanh");
            OnnxNode sp = tanh == null ? null : prod(tanh.input(0), "Softplus");
            if (sp != null && sp.input(0).equals(x)) {
                return fused("mish", Map.of(), x, mul, tanh, sp);
            }
            OnnxNode hs = prod(g, "HardSigmoid");
            if (hs != null && hs.input(0).equals(x) && ActivationConverters.close(hs.getFloat("alpha", 0.2f), 1.0 / 6)
                    && hs.getFloat("beta", 0.5f) == 0.5f) {
                return fused("hardswish", Map.of(), x, mul, hs);
            }
        }
        return null;
    }

    /** Split(x, 2 equal halves) → a · Sigmoid(b). */
    private Match glu(OnnxNode mul) {
        OnnxNode sig = prod(mul.input(1), "Sigmoid");
        String a = mul.input(0);
        if (sig == null) {
            sig = prod(mul.input(0), "Sigmoid");
            a = mul.input(1);
        }
        if (sig == null) {
            return null;
        }
        OnnxNode split = producer.get(a);
        if (split == null || !split.opType().equals("Split") || split != producer.get(sig.input(0))
                || split.outputs().size() != 2 || !split.output(0).equals(a) || !split.output(1).equals(sig.input(0))) {
            return null;
        }
        if (split.inputs().size() > 1 && !split.input(1).isEmpty()) {
            TensorValue sizes = consts.get(split.input(1));
            if (sizes == null || sizes.toLongs()[0] != sizes.toLongs()[1]) {
                return null;
            }
        }
        long[] sizesAttr = split.has("split") ? split.getInts("split", null) : null;
        if (sizesAttr != null && sizesAttr[0] != sizesAttr[1]) {
            return null;
        }
        // an odd length makes torch's glu fail and ONNX's Split uneven: the block reports it at run time
        return fused("glu", Map.of("dim", split.getInt("axis", 0)), split.input(0), mul, sig, split);
    }

    /** x / (|x| + 1). */
    private Match softsign(OnnxNode div) {
        String x = div.input(0);
        OnnxNode add = prod(div.input(1), "Add");
        String abs = add == null ? null : otherThanConst(add, 1.0);
        OnnxNode absNode = abs == null ? null : prod(abs, "Abs");
        if (absNode == null || !absNode.input(0).equals(x)) {
            return null;
        }
        return fused("softsign", Map.of(), x, div, add, absNode);
    }

    /** Softplus(x · β) / β (TorchScript exporter; torch's threshold is not in the graph: default 20 is used). */
    private Match softplusBeta(OnnxNode div) {
        Double beta = scalar(div.input(1));
        OnnxNode sp = prod(div.input(0), "Softplus");
        OnnxNode mul = sp == null ? null : prod(sp.input(0), "Mul");
        if (beta == null || mul == null) {
            return null;
        }
        String x = otherThanConst(mul, beta);
        if (x == null) {
            return null;
        }
        return fused("softplus", Map.of("beta", beta, "threshold", 20.0), x, div, sp, mul);
    }

    /** Where(x·β > t, x, Softplus(x·β)/β): the dynamo exporter's softplus with its threshold. */
    private Match softplusThreshold(OnnxNode where) {
        OnnxNode gt = prod(where.input(0), "Greater");
        OnnxNode div = prod(where.input(2), "Div");
        if (gt == null || div == null) {
            return null;
        }
        Match inner = softplusBeta(div);
        Double t = scalar(gt.input(1));
        if (inner == null || t == null || !where.input(1).equals(inner.x)) {
            return null;
        }
        OnnxNode mul = producer.get(gt.input(0));
        if (!inner.nodes.contains(mul)) {
            return null;
        }
        Set<OnnxNode> all = new LinkedHashSet<>(inner.nodes);
        all.add(gt);
        all.add(where);
        return new Match(inner.params.with("threshold", t), inner.x, all, where);
    }

    /** Log(Sigmoid(x)). */
    private Match logsigmoid(OnnxNode log) {
        OnnxNode sig = prod(log.input(0), "Sigmoid");
        return sig == null ? null : fused("logsigmoid", Map.of(), sig.input(0), log, sig);
    }

    /** x - Tanh(x). */
    private Match tanhshrink(OnnxNode sub) {
        OnnxNode tanh = prod(sub.input(1), "Tanh");
        return tanh == null || !tanh.input(0).equals(sub.input(0)) ? null : fused("tanhshrink", Map.of(), sub.input(0), sub, tanh);
    }

    /** Softmax(-x, axis) from opset 13 (one-axis semantics). */
    private Match softmin(OnnxNode softmax) {
        OnnxNode neg = prod(softmax.input(0), "Neg");
        if (neg == null || opset < 13) {
            return null;
        }
        return fused("softmin", Map.of("dim", softmax.getInt("axis", -1)), neg.input(0), softmax, neg);
    }

    /** A boolean comparison, looking through a Cast to bool. */
    private OnnxNode comparison(String v, String op) {
        OnnxNode cast = prod(v, "Cast");
        if (cast != null && cast.getInt("to", 0) == 9) {
            OnnxNode c = prod(cast.input(0), op);
            return c;
        }
        return prod(v, op);
    }

    /** Where(Or(x > λ, x < -λ), x, 0). */
    private Match hardshrink(OnnxNode where) {
        OnnxNode or = prod(where.input(0), "Or");
        if (or == null || !isConst(where.input(2), 0)) {
            return null;
        }
        String x = where.input(1);
        OnnxNode gt = comparison(or.input(0), "Greater");
        OnnxNode lt = comparison(or.input(1), "Less");
        if (gt == null || lt == null || !gt.input(0).equals(x) || !lt.input(0).equals(x)) {
            return null;
        }
        Double l = scalar(gt.input(1));
        if (l == null || l < 0 || !isConst(lt.input(1), -l)) {
            return null;
        }
        Set<OnnxNode> all = new LinkedHashSet<>(List.of(where, or, gt, lt));
        for (String in : or.inputs()) {
            OnnxNode cast = prod(in, "Cast");
            if (cast != null) {
                all.add(cast);
            }
        }
        Match m = new Match(Catalog.get("hardshrink").params(Map.of("lambd", l)), x, all, where);
        m.nanZero = where.input(2);
        return m;
    }

    /** Where(x > λ, x - λ, 0) + Where(x < -λ, x + λ, 0). */
    private Match softshrink(OnnxNode add) {
        OnnxNode w1 = prod(add.input(0), "Where");
        OnnxNode w2 = prod(add.input(1), "Where");
        if (w1 == null || w2 == null || !isConst(w1.input(2), 0) || !isConst(w2.input(2), 0)) {
            return null;
        }
        OnnxNode gt = prod(w1.input(0), "Greater");
        OnnxNode sub = prod(w1.input(1), "Sub");
        OnnxNode lt = prod(w2.input(0), "Less");
        OnnxNode plus = prod(w2.input(1), "Add");
        if (gt == null || sub == null || lt == null || plus == null) {
            return null;
        }
        String x = gt.input(0);
        Double l = scalar(gt.input(1));
        if (l == null || l < 0 || !sub.input(0).equals(x) || !isConst(sub.input(1), l) || !lt.input(0).equals(x)
                || !isConst(lt.input(1), -l) || !x.equals(otherThanConst(plus, l))) {
            return null;
        }
        Match m = fused("softshrink", Map.of("lambd", l), x, add, w1, w2, gt, sub, lt, plus);
        if (m != null) {
            m.nanZero = w1.input(2);
        }
        return m;
    }
}
