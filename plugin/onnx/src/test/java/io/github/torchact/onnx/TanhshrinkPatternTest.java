package io.github.torchact.onnx;

import org.junit.jupiter.api.Test;

class TanhshrinkPatternTest {

    private static FusionFixture tanhshrink(String minuend) {
        FusionFixture g = new FusionFixture();
        g.node("Tanh", "t", "x");
        g.node("Sub", "y", minuend, "t");
        return g.output("y");
    }

    @Test
    void fusesXMinusTanhX() {
        tanhshrink("x").assertFusesTo("tanhshrink()", "x", "y");
    }

    @Test
    void anotherMinuendDoesNotFuse() {
        tanhshrink("z").assertNotFused();
    }

    @Test
    void tanhUsedOutsideDoesNotFuse() {
        tanhshrink("x").output("t").assertNotFused();
    }
}
