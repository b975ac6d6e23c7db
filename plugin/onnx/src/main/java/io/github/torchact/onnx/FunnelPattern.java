package io.github.torchact.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Funnel activation (FReLU of Ma et al., ECCV 2020; the torchact block {@code FunnelReLU}) as PyTorch's exporters
 * write it, fused into one node of {@link FunnelConverters}:
 * <ul>
 *   <li>{@code Max(x, BatchNormalization(Conv(x)))} (BatchNorm kept, e.g. {@code do_constant_folding=False}):
 *       fused node {@value #FUNNEL} with inputs x, conv weight, conv bias, BN scale, bias, mean, variance;
 *   <li>{@code Max(x, Conv(x))} (eval export with BatchNorm folded into the convolution): fused node
 *       {@value #FOLDED} with inputs x, weight, bias.
 * </ul>
 * The Conv must be depthwise as FunnelReLU's: weight (C, 1, k, k) a known tensor, k odd, group = C, stride 1,
 * dilation 1, pads k / 2 on every side, a bias; the BatchNormalization's statistics known tensors and its form
 * the inference one. Either operand order of the Max is accepted.
 */
final class FunnelPattern {

    /** The fused node's type with BatchNorm. */
    static final String FUNNEL = "funnel_relu";
    /** The fused node's type with BatchNorm folded into the convolution. */
    static final String FOLDED = "funnel_relu_folded";

    private FunnelPattern() {}

    static void register(FusionRegistry r) {
        r.register("Max", 1, FunnelPattern::match);
    }

    static FusionMatch match(OnnxNode max, FusionGraph g) {
        if (max.inputs().size() != 2) {
            return null;
        }
        FusionMatch m = match(max, max.input(0), max.input(1), g);
        return m != null ? m : match(max, max.input(1), max.input(0), g);
    }

    private static FusionMatch match(OnnxNode max, String x, String t, FusionGraph g) {
        OnnxNode bn = g.singleUse(t) ? g.producer(t) : null;
        if (bn == null) {
            return null;
        }
        OnnxNode conv = bn;
        boolean withBn = bn.domain().isEmpty() && bn.opType().equals("BatchNormalization");
        if (withBn) {
            if (bn.outputs().size() != 1 || bn.getInt("training_mode", 0) != 0 || bn.getInt("spatial", 1) != 1
                    || !g.singleUse(bn.input(0))) {
                return null;
            }
            for (int i = 1; i <= 4; i++) {
                if (g.constant(bn.input(i)) == null) {
                    return null;
                }
            }
            conv = g.producer(bn.input(0));
        }
        if (conv == null || !conv.domain().isEmpty() || !conv.opType().equals("Conv") || conv.outputs().size() != 1
                || !conv.input(0).equals(x)) {
            return null;
        }
        TensorValue w = g.constant(conv.input(1));
        if (w == null || conv.input(2).isEmpty() || g.constant(conv.input(2)) == null) {
            return null;
        }
        long[] ws = w.shape();
        if (ws.length != 4 || ws[1] != 1 || ws[2] != ws[3] || ws[2] % 2 == 0 || conv.getInt("group", 1) != ws[0]) {
            return null;
        }
        long k = ws[2];
        if (!all(conv.getInts("strides", null), 1) || !all(conv.getInts("dilations", null), 1)
                || !all(conv.getInts("pads", new long[] {0}), k / 2) || !all(conv.getInts("kernel_shape", null), k)
                || !conv.getString("auto_pad", "NOTSET").equals("NOTSET")) {
            return null;
        }
        Map<String, OnnxMl.AttributeProto> attrs = new LinkedHashMap<>();
        attrs.put("channels", OnnxMl.AttributeProto.newBuilder().setName("channels")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(ws[0]).build());
        attrs.put("kernel_size", OnnxMl.AttributeProto.newBuilder().setName("kernel_size")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(k).build());
        List<String> inputs = new ArrayList<>(List.of(x, conv.input(1), conv.input(2)));
        List<OnnxNode> parts = new ArrayList<>(List.of(conv));
        if (withBn) {
            for (String a : new String[] {"epsilon", "momentum"}) {
                float dflt = a.equals("epsilon") ? 1e-5f : 0.9f;
                attrs.put(a, OnnxMl.AttributeProto.newBuilder().setName(a)
                        .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(bn.getFloat(a, dflt)).build());
            }
            inputs.addAll(bn.inputs().subList(1, 5));
            parts.add(bn);
        }
        String type = withBn ? FUNNEL : FOLDED;
        return FusionMatch.op(type, attrs, type + "(channels=" + ws[0] + ", kernel_size=" + k + ")", inputs, max, parts);
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
