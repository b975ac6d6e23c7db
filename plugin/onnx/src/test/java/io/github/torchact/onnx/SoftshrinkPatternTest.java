package io.github.torchact.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.List;

class SoftshrinkPatternTest {

    /** Where(x > λ, x - λ, 0) + Where(x < -λ, x + shift, 0) with λ = 0.25. */
    private static FusionFixture softshrink(double shift) {
        FusionFixture g = new FusionFixture();
        g.scalar("l", 0.25);
        g.scalar("nl", -0.25);
        g.node("Greater", "gt", "x", "l");
        g.node("Sub", "s", "x", "l");
        g.node("Where", "w1", "gt", "s", g.scalar("zero", 0));
        g.node("Less", "lt", "x", "nl");
        g.node("Add", "p", "x", g.scalar("shift", shift));
        g.node("Where", "w2", "lt", "p", "zero");
        g.node("Add", "y", "w1", "w2");
        return g.output("y");
    }

    @Test
    void fusesWithTheNanRepair() {
        softshrink(0.25).assertFusesTo("softshrink(lambd=0.25)", "x", "y#kernel", "IsNaN", "Where");
        List<OnnxNode> out = softshrink(0.25).fuse();
        assertEquals(List.of("y" + PatternFuser.NAN_REPAIR + "mask", "zero", "y#kernel"), out.get(2).inputs());
    }

    @Test
    void wrongShiftDoesNotFuse() {
        softshrink(0.5).assertNotFused();
    }

    @Test
    void branchUsedOutsideDoesNotFuse() {
        softshrink(0.25).output("w2").assertNotFused();
    }
}
