package io.github.torchact.onnx;

import org.junit.jupiter.api.Test;

class MishPatternTest {

    private static FusionFixture mish(String softplusInput) {
        FusionFixture g = new FusionFixture();
        g.node("Softplus", "sp", softplusInput);
        g.node("Tanh", "t", "sp");
        g.node("Mul", "y", "t", "x");
        return g.output("y");
    }

    @Test
    void fusesTanhOfSoftplus() {
        mish("x").assertFusesTo("mish()", "x", "y");
    }

    @Test
    void softplusOfAnotherValueDoesNotFuse() {
        mish("z").assertNotFused();
    }

    @Test
    void intermediateUsedOutsideDoesNotFuse() {
        FusionFixture g = mish("x");
        g.node("Neg", "n", "sp");
        g.output("n").assertNotFused();
    }
}
