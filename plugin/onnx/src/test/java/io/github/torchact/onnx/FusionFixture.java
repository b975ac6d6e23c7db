package io.github.torchact.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small ONNX graph built node by node, run through the standard fusion patterns. */
final class FusionFixture {

    final List<OnnxNode> nodes = new ArrayList<>();
    final Map<String, TensorValue> consts = new LinkedHashMap<>();
    final List<String> outputs = new ArrayList<>();
    long opset = 17;
    List<String> fusions;

    /** Adds {@code op(inputs) -> output} with {@code attrs}; returns the output's name. */
    String node(String op, List<OnnxMl.AttributeProto> attrs, String output, String... inputs) {
        OnnxMl.NodeProto.Builder b = OnnxMl.NodeProto.newBuilder().setName(op + "_" + nodes.size()).setOpType(op)
                .addAllInput(List.of(inputs)).addOutput(output).addAllAttribute(attrs);
        nodes.add(OnnxNode.of(b.build(), nodes.size(), null));
        return output;
    }

    String node(String op, String output, String... inputs) {
        return node(op, List.of(), output, inputs);
    }

    /** A float32 scalar initializer {@code name}. */
    String scalar(String name, double v) {
        consts.put(name, Constants.floats(name, new long[0], (float) v));
        return name;
    }

    /** A float32 scalar produced by a Constant node (as the TorchScript exporter writes constants). */
    String constantNode(String name, double v) {
        node("Constant", List.of(floatAttr("value_float", v)), name);
        consts.put(name, Constants.floats(name, new long[0], (float) v));
        return name;
    }

    FusionFixture output(String v) {
        outputs.add(v);
        return this;
    }

    static OnnxMl.AttributeProto floatAttr(String name, double v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF((float) v).build();
    }

    static OnnxMl.AttributeProto intAttr(String name, long v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(v)
                .build();
    }

    static OnnxMl.AttributeProto intsAttr(String name, long... v) {
        OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long e : v) {
            b.addInts(e);
        }
        return b.build();
    }

    /** The node list after fusion; {@link #fusions} holds the report lines. */
    List<OnnxNode> fuse() {
        PatternFuser f = new PatternFuser(nodes, consts, outputs, opset, FusionRegistry.standard());
        List<OnnxNode> out = f.run();
        fusions = f.fusions();
        return out;
    }

    /**
     * Asserts that the graph becomes one fused node {@code label} reading {@code x} and writing {@code y}, and that
     * {@code kept} nodes (by op type, in order) are all that is left beside it.
     */
    OnnxNode assertFusesTo(String label, String x, String y, String... kept) {
        List<OnnxNode> out = fuse();
        assertEquals(1, fusions.size(), fusions.toString());
        assertTrue(fusions.get(0).startsWith(label + " <- "), fusions.get(0));
        OnnxNode fused = out.stream().filter(n -> n.domain().equals(OnnxNode.TORCHACT_DOMAIN)).findFirst().orElseThrow();
        assertEquals(x, fused.input(0));
        assertEquals(List.of(y), fused.outputs());
        List<String> rest = new ArrayList<>();
        out.stream().filter(n -> n != fused).forEach(n -> rest.add(n.opType()));
        assertEquals(List.of(kept), rest, out.toString());
        return fused;
    }

    /** Asserts that nothing fuses and the node list is unchanged. */
    void assertNotFused() {
        List<OnnxNode> before = List.copyOf(nodes);
        List<OnnxNode> out = fuse();
        assertTrue(fusions.isEmpty(), fusions.toString());
        assertEquals(before, out);
    }
}
