package io.github.torchact.onnx;

import org.junit.jupiter.api.Test;

class GeluPatternTest {

    /** TorchScript export of F.gelu: Mul(Mul(x, 1 + Erf(x / √2)), 0.5), constants as Constant nodes. */
    private static FusionFixture gelu(double sqrt2, double half) {
        return gelu(new FusionFixture(), sqrt2, half);
    }

    /** The same appended to {@code g}, reading x. */
    private static FusionFixture gelu(FusionFixture g, double sqrt2, double half) {
        g.node("Div", "d", "x", g.constantNode("sqrt2", sqrt2));
        g.node("Erf", "e", "d");
        g.node("Add", "a", "e", g.constantNode("one", 1));
        g.node("Mul", "m", "x", "a");
        g.node("Mul", "y", "m", g.constantNode("half", half));
        return g.output("y");
    }

    @Test
    void fusesTheTorchScriptForm() {
        // the constants fed only the pattern and go with it
        gelu(Math.sqrt(2), 0.5).assertFusesTo("gelu()", "x", "y");
    }

    @Test
    void fusesHalfFirstAndTheSqrtHalfProduct() {
        FusionFixture g = new FusionFixture();
        g.node("Mul", "s", "x", g.scalar("rsqrt2", Math.sqrt(0.5)));
        g.node("Erf", "e", "s");
        g.node("Add", "a", g.scalar("one", 1), "e");
        g.node("Mul", "h", g.scalar("half", 0.5), "x");
        g.node("Mul", "y", "h", "a");
        g.output("y").assertFusesTo("gelu()", "x", "y");
    }

    @Test
    void fusesWhenXIsItselfASum() {
        // as the legacy exporter writes BERT's intermediate dense + gelu: x = MatMul + bias, an Add like 1 + Erf
        FusionFixture g = new FusionFixture();
        g.node("MatMul", "mm", "h", "w");
        g.node("Add", "x", g.scalar("bias", 0.25), "mm");
        gelu(g, Math.sqrt(2), 0.5).assertFusesTo("gelu()", "x", "y", "MatMul", "Add");
    }

    @Test
    void acceptsFloat32RoundingButNotAnotherConstant() {
        gelu(1.41421353816986, 0.5).assertFusesTo("gelu()", "x", "y");
        gelu(Math.sqrt(2), 0.6).assertNotFused();
        gelu(Math.sqrt(3), 0.5).assertNotFused();
    }

    @Test
    void intermediateUsedOutsideDoesNotFuse() {
        FusionFixture g = gelu(Math.sqrt(2), 0.5);
        g.node("Neg", "z", "e");
        g.output("z").assertNotFused();
        gelu(Math.sqrt(2), 0.5).output("a").assertNotFused();
    }
}
