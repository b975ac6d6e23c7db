package io.github.torchact.kernel.math;

/**
 * glibc's {@code expm1}: sysdeps/ieee754/dbl-64/s_expm1.c (glibc 2.36; Sun fdlibm's algorithm with
 * a split polynomial) as x86-64 runs it on an FMA machine: GCC contracts each multiply whose only use is
 * an add in the same basic block into an FMA ({@code lo = t·ln2_lo} reaches its subtractions through a
 * φ, so stays a multiply). Used by {@link GlibcTanhD}.
 *
 * <p>Checked against the JVM's libm {@code expm1} (Debian glibc 2.36) on random and special inputs:
 * parity-tests/exhaustive-results.md.
 */
public final class GlibcExpm1D {

    private static final double HUGE = 1.0e+300;
    private static final double TINY = 1.0e-300;
    private static final double O_THRESHOLD = 7.09782712893383973096e+02;
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double INVLN2 = 1.44269504088896338700e+00;
    private static final double Q1 = -3.33333333333331316428e-02;
    private static final double Q2 = 1.58730158725481460165e-03;
    private static final double Q3 = -7.93650757867487942473e-05;
    private static final double Q4 = 4.00821782732936239552e-06;
    private static final double Q5 = -2.01099218183624371326e-07;

    private GlibcExpm1D() {}

    public static double expm1(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int hx = (int) (bits >>> 32);
        boolean negative = hx < 0;
        hx &= 0x7fffffff;
        if (hx >= 0x4043687A) { // |x| >= 56·ln2
            if (hx >= 0x40862E42) { // |x| >= 709.78...
                if (hx >= 0x7ff00000) {
                    if (((hx & 0xfffff) | (int) bits) != 0) {
                        return x + x;
                    }
                    return negative ? -1.0 : x;
                }
                if (x > O_THRESHOLD) {
                    return HUGE * HUGE;
                }
            }
            if (negative) {
                return TINY - 1.0;
            }
        }
        double c = 0;
        int k;
        if (hx > 0x3fd62e42) { // |x| > 0.5·ln2
            double hi;
            double lo;
            if (hx < 0x3FF0A2B2) { // and |x| < 1.5·ln2
                if (!negative) {
                    hi = x - LN2_HI;
                    lo = LN2_LO;
                    k = 1;
                } else {
                    hi = x + LN2_HI;
                    lo = -LN2_LO;
                    k = -1;
                }
            } else {
                k = (int) Math.fma(INVLN2, x, !negative ? 0.5 : -0.5);
                double t = k;
                hi = Math.fma(-t, LN2_HI, x);
                lo = t * LN2_LO;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        } else if (hx < 0x3c900000) { // |x| < 2^-54
            double t = HUGE + x;
            return x - (t - (HUGE + x));
        } else {
            k = 0;
        }
        double hfx = 0.5 * x;
        double hxs = x * hfx;
        double r1 = Math.fma(hxs, Q1, 1.0);
        double h2 = hxs * hxs;
        double r2 = Math.fma(hxs, Q3, Q2);
        double h4 = h2 * h2;
        double r3 = Math.fma(hxs, Q5, Q4);
        r1 = Math.fma(h4, r3, Math.fma(h2, r2, r1));
        double t = Math.fma(-r1, hfx, 3.0);
        double e = hxs * ((r1 - t) / Math.fma(-x, t, 6.0));
        if (k == 0) {
            return x - Math.fma(x, e, -hxs);
        }
        e = Math.fma(x, e - c, -c);
        e -= hxs;
        if (k == -1) {
            return Math.fma(0.5, x - e, -0.5);
        }
        if (k == 1) {
            return x < -0.25 ? -2.0 * (e - (x + 0.5)) : Math.fma(2.0, x - e, 1.0);
        }
        double y;
        if (k <= -2 || k > 56) {
            y = 1.0 - (e - x);
            return addExponent(y, k) - 1.0;
        }
        if (k < 20) {
            t = Double.longBitsToDouble((long) (0x3ff00000 - (0x200000 >> k)) << 32); // 1 − 2^−k
            y = t - (e - x);
        } else {
            t = Double.longBitsToDouble((long) ((0x3ff - k) << 20) << 32); // 2^−k
            y = x - (e + t);
            y += 1.0;
        }
        return addExponent(y, k);
    }

    /** SET_HIGH_WORD(y, high + (k &lt;&lt; 20)): k added to the exponent field, wrapping in 32 bits. */
    private static double addExponent(double y, int k) {
        long b = Double.doubleToRawLongBits(y);
        int high = (int) (b >>> 32) + (k << 20);
        return Double.longBitsToDouble((long) high << 32 | (b & 0xffffffffL));
    }
}
