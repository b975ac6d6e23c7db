package io.github.torchact.onnx;

import ai.onnx.proto.OnnxMl;

import io.github.torchact.spec.Params;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link FusionPattern} matched at its anchor: the nodes to replace (the anchor, whose output the fused node
 * takes over, among them) and the fused node's operator and inputs. Either a catalog activation ({@link #params}) or
 * a torchact-domain operator with attributes ({@link #opType}).
 */
final class FusionMatch {

    final OnnxNode anchor;
    final Set<OnnxNode> nodes;
    final List<String> inputs;
    /** The catalog activation, or null for a non-catalog fused operator. */
    final Params params;
    final String opType;
    final Map<String, OnnxMl.AttributeProto> attributes;
    /** How the import report names the fusion (before {@code " <- "} and the replaced nodes). */
    final String label;
    /** For the shrinks: the graph's constant 0 that NaN inputs become (see {@link PatternFuser#nanRepair}), else null. */
    final String nanZero;

    private FusionMatch(OnnxNode anchor, Set<OnnxNode> nodes, List<String> inputs, Params params, String opType,
            Map<String, OnnxMl.AttributeProto> attributes, String label, String nanZero) {
        this.anchor = anchor;
        this.nodes = nodes;
        this.inputs = inputs;
        this.params = params;
        this.opType = opType;
        this.attributes = attributes;
        this.label = label;
        this.nanZero = nanZero;
    }

    /** The catalog activation {@code params} of {@code x} replacing {@code anchor} and {@code parts}; null if a part is null. */
    static FusionMatch catalog(Params params, String x, OnnxNode anchor, OnnxNode... parts) {
        for (OnnxNode p : parts) {
            if (p == null) {
                return null;
            }
        }
        return catalog(params, x, anchor, List.of(parts));
    }

    /** The catalog activation {@code params} of {@code x} replacing {@code anchor} and {@code parts}. */
    static FusionMatch catalog(Params params, String x, OnnxNode anchor, Collection<OnnxNode> parts) {
        Set<OnnxNode> all = new LinkedHashSet<>(parts);
        all.add(anchor);
        return new FusionMatch(anchor, all, List.of(x), params, params.spec().name(), Map.of(), params.toString(), null);
    }

    /** The torchact-domain operator {@code opType} replacing {@code anchor} and {@code parts}. */
    static FusionMatch op(String opType, Map<String, OnnxMl.AttributeProto> attributes, String label, List<String> inputs,
            OnnxNode anchor, Collection<OnnxNode> parts) {
        Set<OnnxNode> all = new LinkedHashSet<>(parts);
        all.add(anchor);
        return new FusionMatch(anchor, all, List.copyOf(inputs), null, opType, attributes, label, null);
    }

    /** The activation's input (a catalog match has one). */
    String x() {
        return inputs.get(0);
    }

    /** This match followed by {@code Where(IsNaN(x), zero, ·)}. */
    FusionMatch nanToZero(String zero) {
        return new FusionMatch(anchor, nodes, inputs, params, opType, attributes, label, zero);
    }

    /** This match with catalog parameters {@code p}, replacing also {@code more} and ending at {@code newAnchor}. */
    FusionMatch extended(Params p, OnnxNode newAnchor, OnnxNode... more) {
        Set<OnnxNode> all = new LinkedHashSet<>(nodes);
        all.addAll(List.of(more));
        all.add(newAnchor);
        return new FusionMatch(newAnchor, all, inputs, p, p.spec().name(), Map.of(), p.toString(), nanZero);
    }

    /** The fused node writing {@code output}, standing for {@code replaced}. */
    OnnxNode fusedNode(String output, List<OnnxNode> replaced) {
        return params != null ? OnnxNode.fused(params, inputs, output, replaced)
                : OnnxNode.fusedOp(opType, inputs, output, attributes, replaced);
    }
}
