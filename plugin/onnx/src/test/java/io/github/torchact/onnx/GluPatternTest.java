package io.github.torchact.onnx;

import static io.github.torchact.onnx.FusionFixture.intAttr;
import static io.github.torchact.onnx.FusionFixture.intsAttr;

import ai.onnx.proto.OnnxMl;

import org.junit.jupiter.api.Test;

import java.util.List;

class GluPatternTest {

    private static FusionFixture glu(List<OnnxMl.AttributeProto> splitAttrs, String... splitInputs) {
        FusionFixture g = new FusionFixture();
        OnnxMl.NodeProto split = OnnxMl.NodeProto.newBuilder().setName("Split_0").setOpType("Split")
                .addAllInput(List.of(splitInputs)).addOutput("a").addOutput("b").addAllAttribute(splitAttrs).build();
        g.nodes.add(OnnxNode.of(split, 0, null));
        g.node("Sigmoid", "s", "b");
        g.node("Mul", "y", "a", "s");
        return g.output("y");
    }

    @Test
    void fusesEqualHalvesWithTheSplitsAxis() {
        glu(List.of(intAttr("axis", -1)), "x").assertFusesTo("glu(dim=-1)", "x", "y");
        glu(List.of(intAttr("axis", 1), intsAttr("split", 3, 3)), "x").assertFusesTo("glu(dim=1)", "x", "y");
        FusionFixture g = glu(List.of(intAttr("axis", 0)), "x", "sizes");
        g.consts.put("sizes", Constants.longs("sizes", new long[] {2}, 4, 4));
        g.assertFusesTo("glu(dim=0)", "x", "y");
    }

    @Test
    void unequalHalvesDoNotFuse() {
        glu(List.of(intAttr("axis", 1), intsAttr("split", 2, 4)), "x").assertNotFused();
        FusionFixture g = glu(List.of(intAttr("axis", 0)), "x", "sizes");
        g.consts.put("sizes", Constants.longs("sizes", new long[] {2}, 3, 5));
        g.assertNotFused();
    }

    @Test
    void halfUsedOutsideDoesNotFuse() {
        glu(List.of(intAttr("axis", -1)), "x").output("b").assertNotFused();
    }
}
