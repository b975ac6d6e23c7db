package io.github.torchact.kernel.math;

/**
 * Float32 tanh evaluated in float64 and rounded once to float32: the stand-in for torch.tanh's float32
 * CPU path, Intel MKL's vector tanh (closed source, so not transcribed). With a = |x|, 2a is reduced as
 * 2a = j·ln2 + u (range reduction as in Cody and Waite, Software Manual for the Elementary Functions,
 * 1980, with one FMA in place of their two-part ln2, as |j| ≤ 29 keeps the error small, see below:
 * j = round(2a/ln2) by the 1.5·2^52 shifter, u = 2a − j·ln2), e^(−2a) = 2^(−j)·(1 − w) with
 * w = 1 − e^(−u) from its Taylor series, and tanh a = (1 − e^(−2a)) / (1 + e^(−2a)); the float32
 * result takes the sign of x. Only + − × ÷, FMA and bit operations, so {@code vector.TanhViaDoubleF}
 * repeats it lane by lane with the same bits.
 *
 * <p>Error argument (relative, before the final rounding to float32):
 * <ul>
 *   <li>2a is clamped to 20: tanh(10) = 1 − 4.1e-9 rounds to 1f, as does tanh of every a ≥ 9.02
 *       (1 − 2e^(−2a) &gt; 1 − 2^-25), so the clamp changes no result and bounds j ≤ 29.</li>
 *   <li>u = fma(j, −LN2, 2a): |LN2 − ln 2| = 2.3e-17, times j ≤ 29, plus the FMA's rounding of
 *       |u| ≤ 0.3466: |error of u| ≤ 2^-50.3 (exact when j = 0), a relative error ≤ 2^-50.3 of e^(−u).</li>
 *   <li>w = u + u²·Σ_{n=2..10} (−1)^(n+1) u^(n−2)/n!: the Lagrange remainder of the series cut after
 *       u^10 is ≤ e^0.3466·0.3466^11/11!, relative to |w| ≥ 0.845·|u| that is ≤ 2^-39.7; the
 *       roundings of its evaluation add a few 2^-53.</li>
 *   <li>num = fma(2^(−j), w, 1 − 2^(−j)) = 1 − e^(−2a) (1 − 2^(−j) is exact): for j = 0 it is w itself;
 *       for j ≥ 1, e^(−2a) ≤ 2^(−1/2) and num ≥ 0.29, so the error of e^(−2a) (relative |w|/(1 − w)
 *       ≤ 0.42 times w's, plus 2^-50.3) grows at most 2.42× relative to num: ≤ 2^-39.</li>
 *   <li>den = 2 − num = 1 + e^(−2a) ∈ [1, 2] carries num's absolute error (≤ num's relative error,
 *       as num ≤ 1) plus one rounding; the quotient one more: tanh a to within 2^-38 relative.</li>
 * </ul>
 * So the float32 result is the correctly rounded tanh x unless tanh x lies within 2^-14 ulp of a
 * midpoint between two floats, and always within 0.5 + 2^-14 ulp of it: within 1 ulp of any float
 * that is within 1.49 ulp of tanh x. Subnormal float32 inputs are normal doubles, and u² ≥ 2^-296
 * does not underflow, so tiny x come back as x itself.
 */
final class TanhViaDoubleF {

    /** The clamp of 2|x|: tanh x is ±1 in float32 from |x| = 9.02 on (see the class comment). */
    static final double TWO_A_MAX = 20;
    /** 1/ln 2 and ln 2 rounded to double. */
    static final double INV_LN2 = 0x1.71547652b82fep0;
    static final double LN2 = 0x1.62e42fefa39efp-1;
    /** 1.5·2^52: adding it rounds a double below 2^51 to an integer, read back from the low bits. */
    static final double SHIFT = 0x1.8p52;
    /** Taylor coefficients of 1 − e^(−u): (−1)^(n+1)/n!. */
    static final double C2 = -1.0 / 2;
    static final double C3 = 1.0 / 6;
    static final double C4 = -1.0 / 24;
    static final double C5 = 1.0 / 120;
    static final double C6 = -1.0 / 720;
    static final double C7 = 1.0 / 5040;
    static final double C8 = -1.0 / 40320;
    static final double C9 = 1.0 / 362880;
    static final double C10 = -1.0 / 3628800;

    private TanhViaDoubleF() {}

    static float tanh(float x) {
        if (x != x) {
            return Float.NaN;
        }
        double a = Math.abs((double) x);
        double a2 = a + a;
        if (a2 > TWO_A_MAX) {
            a2 = TWO_A_MAX;
        }
        double s = Math.fma(a2, INV_LN2, SHIFT);
        double j = s - SHIFT;
        // 2^(−j): the low 12 bits of s's bits are j (SHIFT's are 0), so 1023 − bits has 1023 − j there
        double scale = Double.longBitsToDouble((1023 - Double.doubleToRawLongBits(s)) << 52);
        double u = Math.fma(j, -LN2, a2);
        // Estrin's scheme (a shorter dependency chain than Horner's for the vector form)
        double uu = u * u;
        double u4 = uu * uu;
        double p25 = Math.fma(uu, Math.fma(u, C5, C4), Math.fma(u, C3, C2));
        double p69 = Math.fma(uu, Math.fma(u, C9, C8), Math.fma(u, C7, C6));
        double p = Math.fma(u4, Math.fma(u4, C10, p69), p25);
        double w = Math.fma(uu, p, u);
        double num = Math.fma(scale, w, 1 - scale);
        double t = num / (2 - num);
        return Math.copySign((float) t, x);
    }
}
