package io.github.torchact.kernel.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The float64-evaluated float32 tanh: special values exactly, and every 61st float32 bit pattern
 * within half an ulp plus 2^-14 ulp of tanh as {@link StrictMath#tanh} gives it in float64 (whose own
 * error, under 2 ulp of a double, is ~2^-28 ulp of a float). The comparison with libtorch is the
 * exhaustive sweep (parity-tests/exhaustive-results.md).
 */
class TanhViaDoubleFTest {

    @Test
    void specialValues() {
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(TanhViaDoubleF.tanh(0f)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(TanhViaDoubleF.tanh(-0f)));
        assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(TanhViaDoubleF.tanh(Float.intBitsToFloat(0xffc01234))));
        assertEquals(1f, TanhViaDoubleF.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, TanhViaDoubleF.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(1f, TanhViaDoubleF.tanh(Float.MAX_VALUE));
        assertEquals(-1f, TanhViaDoubleF.tanh(-9.02f));
        assertEquals(Float.MIN_VALUE, TanhViaDoubleF.tanh(Float.MIN_VALUE));
        assertEquals(-0x1p-13f, TanhViaDoubleF.tanh(-0x1p-13f));
    }

    @Test
    void withinHalfAnUlpAndAHairOfTanh() {
        for (long bits = 0; bits < 1L << 32; bits += 61) {
            float x = Float.intBitsToFloat((int) bits);
            if (Float.isNaN(x)) {
                continue;
            }
            float y = TanhViaDoubleF.tanh(x);
            double want = StrictMath.tanh((double) x);
            double ulp = Math.ulp((float) want);
            if (Math.abs((float) want) == 1f) {
                ulp /= 2;   // below 1 the floats are half as far apart
            }
            double err = Math.abs(y - want) / ulp;
            assertTrue(err <= 0.5 + 0x1p-14, () -> "tanh(" + x + ") = " + y + ", " + err + " ulp from " + want);
        }
    }
}
