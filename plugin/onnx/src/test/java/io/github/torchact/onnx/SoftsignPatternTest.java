package io.github.torchact.onnx;

import org.junit.jupiter.api.Test;

class SoftsignPatternTest {

    private static FusionFixture softsign(double one) {
        FusionFixture g = new FusionFixture();
        g.node("Abs", "m", "x");
        g.node("Add", "d", "m", g.scalar("one", one));
        g.node("Div", "y", "x", "d");
        return g.output("y");
    }

    @Test
    void fusesXOverAbsPlusOne() {
        softsign(1).assertFusesTo("softsign()", "x", "y");
    }

    @Test
    void anotherConstantDoesNotFuse() {
        softsign(2).assertNotFused();
    }

    @Test
    void absUsedOutsideDoesNotFuse() {
        softsign(1).output("m").assertNotFused();
    }
}
