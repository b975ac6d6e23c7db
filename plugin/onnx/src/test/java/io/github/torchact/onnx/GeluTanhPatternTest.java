package io.github.torchact.onnx;

import org.junit.jupiter.api.Test;

class GeluTanhPatternTest {

    /** x · 0.5 · (1 + Tanh(√(2/π) · (x + coef · x³))), x³ as Mul(Mul(x, x), x) or Pow(x, 3). */
    private static FusionFixture geluTanh(boolean pow, double coef) {
        return geluTanh(new FusionFixture(), pow, coef);
    }

    /** The same appended to {@code g}, reading x. */
    private static FusionFixture geluTanh(FusionFixture g, boolean pow, double coef) {
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
    void fusesWhenXIsItselfASum() {
        // x = MatMul + bias, an Add like 1 + Tanh, as a Linear layer before the activation exports
        FusionFixture g = new FusionFixture();
        g.node("MatMul", "mm", "in", "w");
        g.node("Add", "x", "mm", g.scalar("bias", 0.25));
        geluTanh(g, true, 0.044715).assertFusesTo("gelu_tanh()", "x", "y", "MatMul", "Add");
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
