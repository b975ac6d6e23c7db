package io.github.torchact.onnx;

import org.junit.jupiter.api.Test;

class SoftplusPatternTest {

    /** TorchScript: Softplus(x · mulBeta) / divBeta. */
    private static FusionFixture scaled(double mulBeta, double divBeta) {
        FusionFixture g = new FusionFixture();
        g.node("Mul", "xb", "x", g.scalar("b1", mulBeta));
        g.node("Softplus", "sp", "xb");
        g.node("Div", "q", "sp", g.scalar("b2", divBeta));
        return g;
    }

    /** Dynamo: Where(x · β > t, x, Softplus(x · β) / β). */
    private static FusionFixture thresholded(String compared) {
        FusionFixture g = scaled(2, 2);
        g.node("Greater", "gt", compared, g.scalar("t", 5));
        g.node("Where", "y", "gt", "x", "q");
        return g.output("y");
    }

    @Test
    void fusesTheScaledFormWithTorchsDefaultThreshold() {
        scaled(2, 2).output("q").assertFusesTo("softplus(beta=2.0, threshold=20.0)", "x", "q");
    }

    @Test
    void fusesTheDynamoThresholdBranch() {
        thresholded("xb").assertFusesTo("softplus(beta=2.0, threshold=5.0)", "x", "y");
    }

    @Test
    void differentBetasDoNotFuse() {
        scaled(3, 2).output("q").assertNotFused();
    }

    @Test
    void thresholdOnAnotherValueFusesOnlyTheQuotient() {
        // the Where compares x, not x·β: only the inner Softplus(x·β)/β is softplus, the Where stays
        FusionFixture g = thresholded("x");
        g.assertFusesTo("softplus(beta=2.0, threshold=20.0)", "x", "q", "Greater", "Where");
    }

    @Test
    void productUsedOutsideDoesNotFuse() {
        scaled(2, 2).output("q").output("xb").assertNotFused();
    }
}
