package io.github.torchact.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The machinery all patterns share: constants that go with a match, report order, the fusion switch's inputs. */
class PatternFuserTest {

    @Test
    void constantNodesGoWithTheMatchOnlyIfNothingElseReadsThem() {
        FusionFixture g = new FusionFixture();
        g.node("Abs", "m", "x");
        g.node("Add", "d", "m", g.constantNode("one", 1));
        g.node("Div", "y", "x", "d");
        g.node("Add", "z", "y", "one");
        g.output("z");
        // "one" is also read by the last Add: its Constant node stays
        g.assertFusesTo("softsign()", "x", "y", "Constant", "Add");
    }

    @Test
    void constantActivationInputIsKept() {
        FusionFixture g = new FusionFixture();
        g.constantNode("x", 0.5);
        g.node("Sigmoid", "s", "x");
        g.node("Mul", "y", "x", "s");
        g.output("y").assertFusesTo("silu()", "x", "y", "Constant");
    }

    @Test
    void fusionsAreReportedInGraphOrder() {
        FusionFixture g = new FusionFixture();
        g.node("Sigmoid", "s", "x");
        g.node("Mul", "h", "x", "s");
        g.node("Tanh", "t", "h");
        g.node("Sub", "y", "h", "t");
        List<OnnxNode> out = g.output("y").fuse();
        assertEquals(2, out.size(), out.toString());
        assertTrue(g.fusions.get(0).startsWith("silu() <- [Sigmoid_0, Mul_1]"), g.fusions.toString());
        assertTrue(g.fusions.get(1).startsWith("tanhshrink() <- [Tanh_2, Sub_3]"), g.fusions.toString());
    }

    @Test
    void customDomainNodesAreNotAnchors() {
        FusionFixture g = new FusionFixture();
        g.node("Sigmoid", "s", "x");
        g.nodes.add(OnnxNode.of(OnnxMl.NodeProto.newBuilder().setName("custom").setDomain("com.example")
                .setOpType("Mul").addInput("x").addInput("s").addOutput("y").build(), 1, null));
        g.output("y").assertNotFused();
    }
}
