package io.github.torchact.kernel.math;

/**
 * glibc's {@code log1pf}: sysdeps/ieee754/flt-32/s_log1pf.c (glibc 2.36; Sun fdlibm's algorithm),
 * built for baseline x86-64, so no operation is fused. Special values as the C: −1 → −∞, below −1
 * and NaN → NaN.
 *
 * <p>Verified equal to the JVM's libm {@code log1pf} (Debian glibc 2.36) on all 2^32 inputs:
 * parity-tests/exhaustive-results.md.
 */
public final class GlibcLog1pF {

    private static final float LN2_HI = Float.intBitsToFloat(0x3f317180);
    private static final float LN2_LO = Float.intBitsToFloat(0x3717f7d1);
    private static final float LP1 = Float.intBitsToFloat(0x3F2AAAAB);
    private static final float LP2 = Float.intBitsToFloat(0x3ECCCCCD);
    private static final float LP3 = Float.intBitsToFloat(0x3E924925);
    private static final float LP4 = Float.intBitsToFloat(0x3E638E29);
    private static final float LP5 = Float.intBitsToFloat(0x3E3A3325);
    private static final float LP6 = Float.intBitsToFloat(0x3E1CD04F);
    private static final float LP7 = Float.intBitsToFloat(0x3E178897);

    private GlibcLog1pF() {}

    public static float log1p(float x) {
        int hx = Float.floatToRawIntBits(x);
        int ax = hx & 0x7fffffff;
        float f = 0f;
        float c = 0f;
        int hu = 0;
        int k = 1;
        if (hx < 0x3ed413d7) { // x < 0.41422
            if (ax >= 0x3f800000) { // x <= -1.0
                return x == -1f ? Float.NEGATIVE_INFINITY : Float.NaN;
            }
            if (ax < 0x31000000) { // |x| < 2^-29
                if (ax < 0x24800000) { // |x| < 2^-54
                    return x;
                }
                return x - x * x * 0.5f;
            }
            if (hx > 0 || hx <= 0xbe95f61f) { // -0.2929 < x < 0.41422
                k = 0;
                f = x;
                hu = 1;
            }
        }
        if (hx >= 0x7f800000) {
            return x + x;
        }
        if (k != 0) {
            float u;
            if (hx < 0x5a000000) {
                u = 1f + x;
                hu = Float.floatToRawIntBits(u);
                k = (hu >> 23) - 127;
                c = k > 0 ? 1f - (u - x) : x - (u - 1f); // correction term
                c /= u;
            } else {
                u = x;
                hu = Float.floatToRawIntBits(u);
                k = (hu >> 23) - 127;
                c = 0;
            }
            hu &= 0x007fffff;
            if (hu < 0x3504f7) {
                u = Float.intBitsToFloat(hu | 0x3f800000); // normalize u
            } else {
                k += 1;
                u = Float.intBitsToFloat(hu | 0x3f000000); // normalize u/2
                hu = (0x00800000 - hu) >> 2;
            }
            f = u - 1f;
        }
        float hfsq = 0.5f * f * f;
        if (hu == 0) { // |f| < 2^-20
            if (f == 0f) {
                if (k == 0) {
                    return 0f;
                }
                c += k * LN2_LO;
                return k * LN2_HI + c;
            }
            float r = hfsq * (1f - (float) 0.66666666666666666 * f);
            return k == 0 ? f - r : k * LN2_HI - ((r - (k * LN2_LO + c)) - f);
        }
        float s = f / (2f + f);
        float z = s * s;
        float r = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
        if (k == 0) {
            return f - (hfsq - s * (hfsq + r));
        }
        return k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
    }
}
