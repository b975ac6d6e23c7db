package io.github.torchact.onnx;

import org.junit.jupiter.api.Test;

class GeluTanhPatternTest {

    /** x · 0.5 · (1 + Tanh(√(2/π) · (x + coef · x³))), x³ as Mul(Mul(x, x), x) or Pow(x, 3). */
    private static FusionFixture geluTanh(boolean pow, double coef) {
        FusionFixture g = new FusionFixture();
        if (pow) {
            g.node("Pow", "cube", "x", g.scalar("three", 3));
        } else {
            g.node("Mul", "sq", "x", "x");
            g.node("Mul", "cube", "sq", "x");
        }
        g.node("Mul", "c", "cube", g.scalar("coef", coef));
        g.node("Add", "p", "x", "c");
        g.node("Mul", "s", "p", g.scalar("k", Math.sqrt(2 / Math.PI)));
        g.node("Tanh", "t", "s");
        g.node("Add", "a", "t", g.scalar("one", 1));
        g.node("Mul", "h", "x", g.scalar("half", 0.5));
        g.node("Mul", "y", "h", "a");
        return g.output("y");
    }

    @Test
    void fusesTheMulChainAndThePowCube() {
        geluTanh(false, 0.044715).assertFusesTo("gelu_tanh()", "x", "y");
        geluTanh(true, 0.044715).assertFusesTo("gelu_tanh()", "x", "y");
    }

    @Test
    void wrongCoefficientDoesNotFuse() {
        geluTanh(false, 0.05).assertNotFused();
        geluTanh(true, 0.05).assertNotFused();
    }

    @Test
    void intermediateUsedOutsideDoesNotFuse() {
        FusionFixture g = geluTanh(false, 0.044715);
        g.node("Neg", "z", "t");
        g.output("z").assertNotFused();
    }
}
