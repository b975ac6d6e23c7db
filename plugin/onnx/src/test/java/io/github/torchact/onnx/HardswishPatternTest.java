package io.github.torchact.onnx;

import static io.github.torchact.onnx.FusionFixture.floatAttr;

import ai.onnx.proto.OnnxMl;

import org.junit.jupiter.api.Test;

import java.util.List;

class HardswishPatternTest {

    private static FusionFixture hardswish(List<OnnxMl.AttributeProto> attrs) {
        FusionFixture g = new FusionFixture();
        g.node("HardSigmoid", attrs, "h", "x");
        g.node("Mul", "y", "x", "h");
        return g.output("y");
    }

    @Test
    void fusesTorchsHardSigmoid() {
        hardswish(List.of(floatAttr("alpha", 1.0 / 6))).assertFusesTo("hardswish()", "x", "y");
        hardswish(List.of(floatAttr("alpha", 1.0 / 6), floatAttr("beta", 0.5))).assertFusesTo("hardswish()", "x", "y");
    }

    @Test
    void onnxDefaultOrOtherBetaDoesNotFuse() {
        hardswish(List.of()).assertNotFused();
        hardswish(List.of(floatAttr("alpha", 1.0 / 6), floatAttr("beta", 0.4))).assertNotFused();
    }

    @Test
    void hardSigmoidUsedOutsideDoesNotFuse() {
        hardswish(List.of(floatAttr("alpha", 1.0 / 6))).output("h").assertNotFused();
    }
}
