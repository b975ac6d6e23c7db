package io.github.torchact.onnx;

import static io.github.torchact.onnx.FusionFixture.intAttr;
import static io.github.torchact.onnx.FusionFixture.intsAttr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl;

import org.junit.jupiter.api.Test;

import java.util.List;

class FunnelPatternTest {

    /** Max(x, [BatchNormalization](Conv(x))) with a depthwise 3×3 convolution over 4 channels, {@code group} groups. */
    private static FusionFixture funnel(boolean withBn, long group) {
        FusionFixture g = new FusionFixture();
        g.consts.put("w", Constants.floats("w", new long[] {4, 1, 3, 3}, new float[36]));
        g.consts.put("b", Constants.floats("b", new long[] {4}, new float[4]));
        List<OnnxMl.AttributeProto> conv = List.of(intAttr("group", group), intsAttr("kernel_shape", 3, 3),
                intsAttr("pads", 1, 1, 1, 1), intsAttr("strides", 1, 1));
        g.node("Conv", conv, "c", "x", "w", "b");
        String t = "c";
        if (withBn) {
            for (String s : new String[] {"scale", "bias", "mean", "var"}) {
                g.consts.put(s, Constants.floats(s, new long[] {4}, new float[4]));
            }
            t = g.node("BatchNormalization", List.of(FusionFixture.floatAttr("epsilon", 1e-3)), "t", "c", "scale", "bias",
                    "mean", "var");
        }
        g.node("Max", "y", t, "x");
        return g.output("y");
    }

    @Test
    void fusesWithBatchNorm() {
        OnnxNode f = funnel(true, 4).assertFusesTo(FunnelPattern.FUNNEL + "(channels=4, kernel_size=3)", "x", "y");
        assertEquals(List.of("x", "w", "b", "scale", "bias", "mean", "var"), f.inputs());
        assertEquals(1e-3f, f.getFloat("epsilon", 0), 0);
        assertEquals(0.9f, f.getFloat("momentum", 0), 0);
    }

    @Test
    void fusesTheFoldedForm() {
        OnnxNode f = funnel(false, 4).assertFusesTo(FunnelPattern.FOLDED + "(channels=4, kernel_size=3)", "x", "y");
        assertEquals(List.of("x", "w", "b"), f.inputs());
    }

    @Test
    void nonDepthwiseConvolutionDoesNotFuse() {
        funnel(true, 1).assertNotFused();
        funnel(false, 2).assertNotFused();
    }

    @Test
    void convolutionUsedOutsideDoesNotFuse() {
        funnel(true, 4).output("c").assertNotFused();
    }
}
