package io.github.torchact.onnx;

import org.junit.jupiter.api.Test;

class SiluPatternTest {

    @Test
    void fusesEitherOperandOrder() {
        FusionFixture g = new FusionFixture();
        g.node("Sigmoid", "s", "x");
        g.node("Mul", "y", "x", "s");
        g.output("y").assertFusesTo("silu()", "x", "y");
        FusionFixture h = new FusionFixture();
        h.node("Sigmoid", "s", "x");
        h.node("Mul", "y", "s", "x");
        h.output("y").assertFusesTo("silu()", "x", "y");
    }

    @Test
    void sigmoidOfAnotherValueDoesNotFuse() {
        FusionFixture g = new FusionFixture();
        g.node("Sigmoid", "s", "z");
        g.node("Mul", "y", "x", "s");
        g.output("y").assertNotFused();
    }

    @Test
    void sigmoidUsedOutsideDoesNotFuse() {
        FusionFixture g = new FusionFixture();
        g.node("Sigmoid", "s", "x");
        g.node("Mul", "y", "x", "s");
        g.output("y").output("s").assertNotFused();
    }
}
