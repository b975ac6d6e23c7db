package io.github.torchact.onnx;

import org.junit.jupiter.api.Test;

class LogsigmoidPatternTest {

    private static FusionFixture logsigmoid() {
        FusionFixture g = new FusionFixture();
        g.node("Sigmoid", "s", "x");
        g.node("Log", "y", "s");
        return g.output("y");
    }

    @Test
    void fusesLogOfSigmoid() {
        logsigmoid().assertFusesTo("logsigmoid()", "x", "y");
    }

    @Test
    void logOfAnotherOpDoesNotFuse() {
        FusionFixture g = new FusionFixture();
        g.node("Tanh", "s", "x");
        g.node("Log", "y", "s");
        g.output("y").assertNotFused();
    }

    @Test
    void sigmoidUsedOutsideDoesNotFuse() {
        FusionFixture g = logsigmoid();
        g.node("Neg", "n", "s");
        g.output("n").assertNotFused();
    }
}
