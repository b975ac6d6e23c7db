package io.github.torchact.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces the subgraphs PyTorch's ONNX exporters emit for activations that ONNX (or an older opset) lacks by one
 * fused node each, using the patterns of a {@link FusionRegistry} (one class per exporter form, e.g.
 * {@link GeluPattern}). A match requires every intermediate value to be used only inside it; Constant nodes that
 * feed only the match go with it.
 */
final class PatternFuser {

    /** Infix of the values and nodes of the NaN repair after a fused shrink. */
    static final String NAN_REPAIR = "#nan-to-zero:";

    private final List<OnnxNode> nodes;
    private final FusionGraph graph;
    private final FusionRegistry registry;
    private final List<String> fusions = new ArrayList<>();

    PatternFuser(List<OnnxNode> nodes, Map<String, TensorValue> consts, List<String> graphOutputs, long opset,
            FusionRegistry registry) {
        this.nodes = nodes;
        this.graph = new FusionGraph(nodes, consts, graphOutputs, opset);
        this.registry = registry;
    }

    /** What each fusion replaced, in graph order, for the import report. */
    List<String> fusions() {
        return fusions;
    }

    /** The node list with every match replaced by its fused node, at the anchor's place. */
    List<OnnxNode> run() {
        Set<OnnxNode> removed = new HashSet<>();
        Map<OnnxNode, List<OnnxNode>> replacementAt = new HashMap<>();
        // from the end: a match claims its nodes before a pattern ending inside it is tried
        for (int i = nodes.size() - 1; i >= 0; i--) {
            OnnxNode anchor = nodes.get(i);
            if (removed.contains(anchor) || !anchor.domain().isEmpty()) {
                continue;
            }
            FusionMatch m = registry.match(anchor, graph);
            if (m == null || !graph.internal(m.nodes, anchor) || !Collections.disjoint(m.nodes, removed)) {
                continue;
            }
            List<OnnxNode> replaced = new ArrayList<>(m.nodes);
            replaced.addAll(privateConstants(m));
            replaced.sort((a, b) -> Integer.compare(nodes.indexOf(a), nodes.indexOf(b)));
            removed.addAll(replaced);
            String out = anchor.output(0);
            OnnxNode fused = m.fusedNode(m.nanZero == null ? out : out + "#kernel", replaced);
            List<OnnxNode> replacement = new ArrayList<>(List.of(fused));
            if (m.nanZero != null) {
                replacement.addAll(nanRepair(fused, m.x(), m.nanZero, out));
            }
            replacementAt.put(anchor, replacement);
            fusions.add(m.label + " <- " + fused.replaced());
        }
        List<OnnxNode> out = new ArrayList<>();
        for (OnnxNode n : nodes) {
            if (replacementAt.containsKey(n)) {
                out.addAll(replacementAt.get(n));
            } else if (!removed.contains(n)) {
                out.add(n);
            }
        }
        Collections.reverse(fusions);
        return out;
    }

    /** The Constant nodes read only by the match, other than the fused node's inputs and the NaN repair's zero. */
    private Set<OnnxNode> privateConstants(FusionMatch m) {
        Set<OnnxNode> out = new LinkedHashSet<>();
        for (OnnxNode n : m.nodes) {
            for (String in : n.inputs()) {
                OnnxNode p = graph.producer(in);
                if (p != null && p.opType().equals("Constant") && !m.nodes.contains(p) && !in.equals(m.nanZero)
                        && !m.inputs.contains(in) && m.nodes.containsAll(graph.consumers(in)) && !graph.isGraphOutput(in)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

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
}
