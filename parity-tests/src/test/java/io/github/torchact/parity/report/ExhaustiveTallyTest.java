package io.github.torchact.parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.Test;

class ExhaustiveTallyTest {

    private static final int[] SELU_SATURATION = {Float.floatToRawIntBits(-1.7580993f), Float.floatToRawIntBits(Float.MAX_VALUE)};

    private static boolean trivial(float x, float y) {
        return ExhaustiveTally.isTrivial(y, Float.floatToRawIntBits(y), Float.floatToRawIntBits(x), SELU_SATURATION);
    }

    @Test
    void trivialOutputs() {
        assertTrue(trivial(3f, 3f), "identity");
        assertTrue(trivial(-3f, -0f));
        assertTrue(trivial(-100f, -1.7580993f), "saturation constant");
        assertTrue(trivial(1f, Float.NaN));
        assertTrue(trivial(10f, 1f));
        assertTrue(trivial(0f, 0.5f));
        assertFalse(trivial(-1f, -1.1113307f));
        assertFalse(trivial(-0f, 0x1p-149f), "a tiny but computed value");
    }

    @Test
    void countsAndWorst() {
        float[] x = {1f, 2f, -1f, -0f};
        float[] ref = {1f, 2.5f, -0.5f, -0f};
        float[] got = {1f, Math.nextUp(2.5f), -0.5f, 0f};
        ExhaustiveTally t = new ExhaustiveTally();
        t.add(x, ref, got, 0, 4, new int[0], Tolerance.BITWISE, Float.NaN);
        assertEquals(4, t.total());
        assertEquals(2, t.bitwise());
        assertEquals(2, t.nontrivial(), "2.5 and -0.5");
        assertEquals(1, t.nontrivialBitwise());
        assertEquals(1, t.maxUlp());
        assertTrue(t.worst().get(0).contains("x=2.0") || t.worst().get(0).contains("x=-0.0"), t.worst().toString());
        assertEquals(2, t.outsideBound(), "bitwise: the ulp and the signed zero");
    }

    @Test
    void outsideTheBound() {
        float[] x = {1f, 2f, 3f};
        float[] ref = {0.5f, 0x1p-30f, 0.25f};
        float[] got = {Math.nextUp(0.5f), 0x1p-23f, Math.nextUp(Math.nextUp(Math.nextUp(0.25f)))};
        ExhaustiveTally one = new ExhaustiveTally();
        one.add(x, ref, got, 0, 3, new int[0], Tolerance.ulps(1), Float.NaN);
        assertEquals(2, one.outsideBound(), "2^-23 vs 2^-30 and 3 ulp");
        float[] far = {0.5f + 0x3p-23f, 0x1p-23f, got[2]};
        ExhaustiveTally upstream = new ExhaustiveTally();
        upstream.add(x, ref, far, 0, 3, new int[0], Tolerance.ulpsOfUpstream(2), 1f);
        assertEquals(1, upstream.outsideBound(), "3 ulp of gy = 1; 2^-23 is 1 of them, 3 ulp of 0.25 is 3/8");
        assertEquals(3.0, upstream.maxBoundError(), 1e-9);
    }
}
