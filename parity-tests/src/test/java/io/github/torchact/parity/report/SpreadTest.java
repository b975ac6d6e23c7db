package io.github.torchact.parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.row.Spread;

import org.junit.jupiter.api.Test;

class SpreadTest {

    private static Spread f32(float[] x, float[] vector, float[] scalar) {
        return Spread.of(HostTensor.vector(x), HostTensor.vector(vector), HostTensor.vector(scalar));
    }

    private static float up(float v, int ulps) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(v) + ulps);
    }

    @Test
    void samePathsAreBitwise() {
        Spread s = f32(new float[] {1, Float.NaN}, new float[] {2, Float.NaN}, new float[] {2, Float.NaN});
        assertTrue(s.bitwise());
        assertEquals("bitwise", s.text());
        assertEquals("", s.worst());
    }

    @Test
    void finiteDifferencesAreUlpOfTheValue() {
        Spread s = f32(new float[] {1, 2, 3}, new float[] {1.5f, 1e-30f, 7}, new float[] {up(1.5f, 1), up(1e-30f, -3), 7});
        assertEquals(3, s.maxUlp());
        assertEquals("≤ 3 ulp ×2", s.text());
    }

    @Test
    void differencesWithoutAnUlpDistanceAreNamed() {
        // relu6's backward at a NaN input: the vector path gives 0, the scalar path passes the gradient
        // through; the old column printed the ordered-bits distance (1075035579) beside a PASS
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        Spread s = f32(new float[] {nan, 1, 2, 3, 4, 5},
                new float[] {0f, nan, inf, -2f, 0f, 3f},
                new float[] {0.3093965f, 1f, 3f, 2f, -0f, 3f});
        assertEquals("NaN vs number ×1; ∞ vs finite ×1; 0 vs non-zero ×1; opposite signs ×1; +0 vs -0 ×1", s.text());
        assertFalse(s.text().matches(".*\\d{7,}.*"), s.text());
        assertTrue(s.worst().startsWith("x=1.0 (0x1.0p0): vector NaN, scalar 1.0"), s.worst());
    }

    @Test
    void float64ValuesAreMeasuredInFloat64Ulp() {
        double a = 0.1;
        double b = Math.nextUp(Math.nextUp(a));
        Spread s = Spread.of(HostTensor.vector(new double[] {1}), HostTensor.vector(new double[] {a}),
                HostTensor.vector(new double[] {b}));
        assertEquals("≤ 2 ulp ×1", s.text());
        assertTrue(s.worst().contains("vector 0.1, scalar 0.10000000000000003"), s.worst());
    }
}
