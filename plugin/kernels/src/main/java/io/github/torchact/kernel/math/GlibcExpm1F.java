package io.github.torchact.kernel.math;

/**
 * glibc's {@code expm1f}: sysdeps/ieee754/flt-32/s_expm1f.c (glibc 2.36; Sun fdlibm's algorithm),
 * built for baseline x86-64, so no operation is fused. Used by {@link GlibcTanhF}.
 *
 * <p>Verified equal to the JVM's libm {@code expm1f} (Debian glibc 2.36) on all 2^32 inputs:
 * parity-tests/exhaustive-results.md.
 */
public final class GlibcExpm1F {

    private static final float O_THRESHOLD = Float.intBitsToFloat(0x42b17180);
    private static final float LN2_HI = Float.intBitsToFloat(0x3f317180);
    private static final float LN2_LO = Float.intBitsToFloat(0x3717f7d1);
    private static final float INVLN2 = Float.intBitsToFloat(0x3fb8aa3b);
    private static final float Q1 = Float.intBitsToFloat(0xbd088889);
    private static final float Q2 = Float.intBitsToFloat(0x3ad00d01);
    private static final float Q3 = Float.intBitsToFloat(0xb8a670cd);
    private static final float Q4 = Float.intBitsToFloat(0x36867e54);
    private static final float Q5 = Float.intBitsToFloat(0xb457edbb);
    private static final float HUGE = 1.0e+30f;
    private static final float TINY = 1.0e-30f;

    private GlibcExpm1F() {}

    public static float expm1(float x) {
        int hx = Float.floatToRawIntBits(x);
        boolean negative = hx < 0;
        hx &= 0x7fffffff;
        if (hx >= 0x4195b844) { // |x| >= 27·ln2
            if (hx >= 0x42b17218) { // |x| >= 88.721...
                if (hx > 0x7f800000) {
                    return x + x;
                }
                if (hx == 0x7f800000) {
                    return negative ? -1f : x;
                }
                if (x > O_THRESHOLD) {
                    return HUGE * HUGE;
                }
            }
            if (negative) {
                return TINY - 1f;
            }
        }
        float c = 0f;
        int k;
        if (hx > 0x3eb17218) { // |x| > 0.5·ln2
            float hi;
            float lo;
            if (hx < 0x3F851592) { // and |x| < 1.5·ln2
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
                k = (int) (INVLN2 * x + (!negative ? 0.5f : -0.5f));
                float t = k;
                hi = x - t * LN2_HI;
                lo = t * LN2_LO;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        } else if (hx < 0x33000000) { // |x| < 2^-25
            float t = HUGE + x;
            return x - (t - (HUGE + x));
        } else {
            k = 0;
        }
        float hfx = 0.5f * x;
        float hxs = x * hfx;
        float r1 = 1f + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
        float t = 3f - r1 * hfx;
        float e = hxs * ((r1 - t) / (6f - x * t));
        if (k == 0) {
            return x - (x * e - hxs);
        }
        e = (x * (e - c) - c);
        e -= hxs;
        if (k == -1) {
            return 0.5f * (x - e) - 0.5f;
        }
        if (k == 1) {
            return x < -0.25f ? -2f * (e - (x + 0.5f)) : 1f + 2f * (x - e);
        }
        float y;
        if (k <= -2 || k > 56) {
            y = 1f - (e - x);
            return Float.intBitsToFloat(Float.floatToRawIntBits(y) + (k << 23)) - 1f;
        }
        if (k < 23) {
            t = Float.intBitsToFloat(0x3f800000 - (0x1000000 >> k)); // 1 − 2^−k
            y = t - (e - x);
        } else {
            t = Float.intBitsToFloat((0x7f - k) << 23); // 2^−k
            y = x - (e + t);
            y += 1f;
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(y) + (k << 23));
    }
}
