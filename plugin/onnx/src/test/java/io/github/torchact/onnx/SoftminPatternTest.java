package io.github.torchact.onnx;

import static io.github.torchact.onnx.FusionFixture.intAttr;

import org.junit.jupiter.api.Test;

import java.util.List;

class SoftminPatternTest {

    private static FusionFixture softmin(long opset) {
        FusionFixture g = new FusionFixture();
        g.opset = opset;
        g.node("Neg", "n", "x");
        g.node("Softmax", List.of(intAttr("axis", 1)), "y", "n");
        return g.output("y");
    }

    @Test
    void fusesSoftmaxOfNegFromOpset13() {
        softmin(13).assertFusesTo("softmin(dim=1)", "x", "y");
    }

    @Test
    void opset12SoftmaxFlattensAndDoesNotFuse() {
        softmin(12).assertNotFused();
    }

    @Test
    void negUsedOutsideDoesNotFuse() {
        softmin(13).output("n").assertNotFused();
    }
}
