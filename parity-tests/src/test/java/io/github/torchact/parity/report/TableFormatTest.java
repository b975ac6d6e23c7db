package io.github.torchact.parity.report;

import static io.github.torchact.parity.report.ReportFixtures.stats;
import static io.github.torchact.parity.report.ReportFixtures.ulpsOff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.row.NumberText;
import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.Test;

class TableFormatTest {

    @Test
    void errorsAreWrittenInTheUnitOfTheirBound() {
        assertEquals("bitwise", TableFormat.errorOfBound(ulpsOff(Tolerance.ulps(1), 0)));
        assertEquals("1 of 1 ulp", TableFormat.errorOfBound(ulpsOff(Tolerance.ulps(1), 1)));
        assertEquals("1 of 2 ulp", TableFormat.errorOfBound(ulpsOff(Tolerance.ulps(2), 1)));
        assertEquals("3 of 2 ulp of 1", TableFormat.errorOfBound(ulpsOff(Tolerance.ulpsOfOne(2), 3)));
        assertEquals("3 ulp, bound bitwise", TableFormat.errorOfBound(ulpsOff(Tolerance.BITWISE, 3)));
    }

    @Test
    void aCancellingFormulaReadsAgainstItsScaleNotTheTinyResult() {
        // tanhshrink near 0: x = 1, the result tiny; half an ulp of |x| is millions of ulp of the result
        float x = 1f;
        float ref = 1e-8f;
        float got = ref + Math.ulp(1f) / 2;
        Stats s = stats(Tolerance.ulpsOfInput(1), new float[] {x}, new float[] {ref}, new float[] {got});
        assertTrue(s.passed());
        assertEquals("0.5 of 1 ulp of max(|x|,|y|)", TableFormat.errorOfBound(s));
        assertEquals(0.5, TableFormat.fractionOfBound(s), 1e-6);
        String u = TableFormat.ulpOfValue(s);
        assertTrue(u.endsWith(" " + TableFormat.OTHER_SCALE_MARK), u);
        assertTrue(Double.parseDouble(u.substring(0, u.indexOf(' '))) > 1_000_000, u);
        assertTrue(u.matches("\\d\\.\\de\\d+ " + TableFormat.OTHER_SCALE_MARK), "short scientific form, not 19 digits: " + u);
        // the plain bound has no mark: its ulp of value is the error itself
        assertEquals("1", TableFormat.ulpOfValue(ulpsOff(Tolerance.ulps(1), 1)));
    }

    @Test
    void nanAndInfinityAreSpelledOut() {
        Stats nan = stats(Tolerance.ulps(1), new float[] {1f}, new float[] {Float.NaN}, new float[] {0f});
        assertEquals("NaN/∞ mismatch, bound 1 ulp", TableFormat.errorOfBound(nan));
        assertEquals("NaN/∞", TableFormat.ulpOfValue(nan));
        assertEquals(Double.POSITIVE_INFINITY, TableFormat.fractionOfBound(nan));
        Stats inf = stats(Tolerance.ulps(1), new float[] {1f}, new float[] {Float.POSITIVE_INFINITY},
                new float[] {Float.MAX_VALUE});
        assertEquals("NaN/∞ mismatch, bound 1 ulp", TableFormat.errorOfBound(inf));
        assertFalse(inf.passed());
    }

    @Test
    void aSignedZeroUnderABitwiseBoundIsNamed() {
        Stats z = stats(Tolerance.BITWISE, new float[] {0f}, new float[] {-0f}, new float[] {0f});
        assertEquals("+0/-0 differ, bound bitwise", TableFormat.errorOfBound(z));
        assertEquals(Double.POSITIVE_INFINITY, TableFormat.fractionOfBound(z));
    }

    @Test
    void fractionsOfTheBound() {
        assertEquals(0, TableFormat.fractionOfBound(ulpsOff(Tolerance.BITWISE, 0)));
        assertEquals(0.5, TableFormat.fractionOfBound(ulpsOff(Tolerance.ulps(2), 1)));
        assertEquals(1.5, TableFormat.fractionOfBound(ulpsOff(Tolerance.ulps(2), 3)));
        assertEquals(Double.POSITIVE_INFINITY, TableFormat.fractionOfBound(ulpsOff(Tolerance.BITWISE, 1)));
    }

    @Test
    void numbersHaveThreeDigitsAndNoBinaryNoise() {
        assertEquals("0.5", NumberText.of(0.5));
        assertEquals("1", NumberText.of(1.0));
        assertEquals("1.96", NumberText.of(1.9599609375));
        assertEquals("0.3", NumberText.of(0.30000000000000004));
        assertEquals("6.7e8", NumberText.of(671088640));
        assertEquals("2.9e-7", NumberText.of(2.88e-7));
        assertEquals("0", NumberText.of(-0.0));
        assertEquals("NaN", NumberText.of(Double.NaN));
        assertEquals("∞", NumberText.of(Double.POSITIVE_INFINITY));
        assertEquals("-∞", NumberText.of(Double.NEGATIVE_INFINITY));
    }

    @Test
    void textTableShowsTheErrorInItsUnit() {
        String t = TableFormat.text(ReportFixtures.activation("tanh", Tolerance.ulps(2), 1));
        assertTrue(t.contains("1 of 2 ulp"), t);
        assertTrue(t.contains("error of bound"), t);
    }
}
