package io.github.torchact.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognises the Funnel activation (FReLU of Ma et al., ECCV 2020; the torchact block {@code FunnelReLU}) as
 * PyTorch's exporters write it, and replaces it by one fused node:
 * <ul>
 *   <li>{@code Max(x, BatchNormalization(Conv(x)))} (BatchNorm kept, e.g. {@code do_constant_folding=False}):
 *       fused node {@value #FUNNEL} with inputs x, conv weight, conv bias, BN scale, bias, mean, variance;
 *   <li>{@code Max(x, Conv(x))} (eval export with BatchNorm folded into the convolution): fused node
 *       {@value #FOLDED} with inputs x, weight, bias.
 * </ul>
 * The Conv must be depthwise as FunnelReLU's: weight (C, 1, k, k) a known tensor, k odd, group = C, stride 1,
 * dilation 1, pads k / 2 on every side, a bias; the BatchNormalization's statistics known tensors and its form
 * the inference one. Every intermediate value must be used only inside the pattern. Either operand order of the
 * Max is accepted.
 */
final class FunnelFuser {

    /** The fused node's type with BatchNorm. */
    static final String FUNNEL = "funnel_relu";
    /** The fused node's type with BatchNorm folded into the convolution. */
    static final String FOLDED = "funnel_relu_folded";

    private final List<OnnxNode> nodes;
    private final Map<String, TensorValue> known;
    private final Set<String> graphOutputs;
    private final Map<String, OnnxNode> producer = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final List<String> fusions = new ArrayList<>();

    FunnelFuser(List<OnnxNode> nodes, Map<String, TensorValue> known, List<String> graphOutputs) {
        this.nodes = nodes;
        this.known = known;
        this.graphOutputs = new HashSet<>(graphOutputs);
        for (OnnxNode n : nodes) {
            n.outputs().forEach(o -> producer.put(o, n));
            n.inputs().forEach(i -> uses.merge(i, 1, Integer::sum));
        }
    }

    /** What each fusion replaced, for the import report. */
    List<String> fusions() {
        return fusions;
    }

    /** The node list with every match replaced by its fused node (at the Max's place). */
    List<OnnxNode> run() {
        Map<OnnxNode, OnnxNode> replacement = new HashMap<>();
        Set<OnnxNode> removed = new HashSet<>();
        for (OnnxNode max : nodes) {
            if (!max.domain().isEmpty() || !max.opType().equals("Max") || max.inputs().size() != 2) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                OnnxNode fused = match(max, max.input(side), max.input(1 - side));
                if (fused != null) {
                    replacement.put(max, fused);
                    fused.replaced().forEach(r -> nodes.stream().filter(n -> n.name().equals(r)).forEach(removed::add));
                    fusions.add(fused.opType() + "(channels=" + fused.getInt("channels", 0) + ", kernel_size="
                            + fused.getInt("kernel_size", 0) + ") <- " + fused.replaced());
                    break;
                }
            }
        }
        List<OnnxNode> out = new ArrayList<>();
        for (OnnxNode n : nodes) {
            if (replacement.containsKey(n)) {
                out.add(replacement.get(n));
            } else if (!removed.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private OnnxNode match(OnnxNode max, String x, String t) {
        OnnxNode bn = onlyUse(t) ? producer.get(t) : null;
        if (bn == null) {
            return null;
        }
        OnnxNode conv = bn;
        boolean withBn = bn.domain().isEmpty() && bn.opType().equals("BatchNormalization");
        if (withBn) {
            if (bn.outputs().size() != 1 || bn.getInt("training_mode", 0) != 0 || bn.getInt("spatial", 1) != 1
                    || !onlyUse(bn.input(0))) {
                return null;
            }
            for (int i = 1; i <= 4; i++) {
                if (!known.containsKey(bn.input(i))) {
                    return null;
                }
            }
            conv = producer.get(bn.input(0));
        }
        if (conv == null || !conv.domain().isEmpty() || !conv.opType().equals("Conv") || conv.outputs().size() != 1
                || !conv.input(0).equals(x)) {
            return null;
        }
        TensorValue w = known.get(conv.input(1));
        if (w == null || conv.input(2).isEmpty() || !known.containsKey(conv.input(2))) {
            return null;
        }
        long[] ws = w.shape();
        if (ws.length != 4 || ws[1] != 1 || ws[2] != ws[3] || ws[2] % 2 == 0 || conv.getInt("group", 1) != ws[0]) {
            return null;
        }
        long k = ws[2];
        if (!all(conv.getInts("strides", null), 1) || !all(conv.getInts("dilations", null), 1)
                || !all(conv.getInts("pads", new long[] {0}), k / 2) || !all(conv.getInts("kernel_shape", null), k)) {
            return null;
        }
        String autoPad = conv.getString("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET")) {
            return null;
        }
        Map<String, OnnxMl.AttributeProto> attrs = new LinkedHashMap<>();
        attrs.put("channels", OnnxMl.AttributeProto.newBuilder().setName("channels")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(ws[0]).build());
        attrs.put("kernel_size", OnnxMl.AttributeProto.newBuilder().setName("kernel_size")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(k).build());
        List<String> inputs = new ArrayList<>(List.of(x, conv.input(1), conv.input(2)));
        List<OnnxNode> replaced = new ArrayList<>(List.of(conv));
        if (withBn) {
            for (String a : new String[] {"epsilon", "momentum"}) {
                float dflt = a.equals("epsilon") ? 1e-5f : 0.9f;
                attrs.put(a, OnnxMl.AttributeProto.newBuilder().setName(a)
                        .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(bn.getFloat(a, dflt)).build());
            }
            inputs.addAll(bn.inputs().subList(1, 5));
            replaced.add(bn);
        }
        replaced.add(max);
        return OnnxNode.fusedOp(withBn ? FUNNEL : FOLDED, inputs, max.output(0), attrs, replaced);
    }

    /** Whether {@code v} is used by exactly one node and is not a graph output. */
    private boolean onlyUse(String v) {
        return uses.getOrDefault(v, 0) == 1 && !graphOutputs.contains(v);
    }

    /** Whether {@code v} is absent or every entry is {@code want}. */
    private static boolean all(long[] v, long want) {
        if (v == null) {
            return true;
        }
        for (long e : v) {
            if (e != want) {
                return false;
            }
        }
        return true;
    }
}
