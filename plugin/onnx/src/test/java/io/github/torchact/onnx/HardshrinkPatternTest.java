package io.github.torchact.onnx;

import static io.github.torchact.onnx.FusionFixture.intAttr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.List;

class HardshrinkPatternTest {

    /** Where(Or(Cast(x > λ), Cast(x < negLambda)), x, 0), as the TorchScript exporter writes hardshrink(λ = 0.5). */
    private static FusionFixture hardshrink(double negLambda) {
        FusionFixture g = new FusionFixture();
        g.node("Greater", "gt", "x", g.scalar("l", 0.5));
        g.node("Cast", List.of(intAttr("to", 9)), "gtb", "gt");
        g.node("Less", "lt", "x", g.scalar("nl", negLambda));
        g.node("Cast", List.of(intAttr("to", 9)), "ltb", "lt");
        g.node("Or", "o", "gtb", "ltb");
        g.node("Where", "y", "o", "x", g.scalar("zero", 0));
        return g.output("y");
    }

    @Test
    void fusesWithTheNanRepair() {
        OnnxNode fused = hardshrink(-0.5).assertFusesTo("hardshrink(lambd=0.5)", "x", "y#kernel", "IsNaN", "Where");
        // NaN gives the graph's 0: Where(IsNaN(x), zero, kernel)
        FusionFixture g = hardshrink(-0.5);
        OnnxNode where = g.fuse().get(2);
        assertEquals(List.of("y" + PatternFuser.NAN_REPAIR + "mask", "zero", fused.output(0)), where.inputs());
        assertEquals(List.of("y"), where.outputs());
    }

    @Test
    void asymmetricThresholdsDoNotFuse() {
        hardshrink(-0.4).assertNotFused();
    }

    @Test
    void comparisonUsedOutsideDoesNotFuse() {
        hardshrink(-0.5).output("lt").assertNotFused();
    }
}
