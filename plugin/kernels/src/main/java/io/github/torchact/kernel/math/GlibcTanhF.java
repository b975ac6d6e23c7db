package io.github.torchact.kernel.math;

/**
 * glibc's {@code tanhf}: sysdeps/ieee754/flt-32/s_tanhf.c (glibc 2.36 up to 2.40; Sun fdlibm's
 * algorithm on {@link GlibcExpm1F}), built for baseline x86-64, so no operation is fused. (glibc
 * 2.41 replaced it with CORE-MATH's correctly rounded tanhf.)
 *
 * <p>Verified equal to the JVM's libm {@code tanhf} (Debian glibc 2.36) on all 2^32 inputs:
 * parity-tests/exhaustive-results.md.
 */
public final class GlibcTanhF {

    private static final float TINY = 1.0e-30f;

    private GlibcTanhF() {}

    public static float tanh(float x) {
        int jx = Float.floatToRawIntBits(x);
        int ix = jx & 0x7fffffff;
        if (ix >= 0x7f800000) { // inf or NaN
            return jx >= 0 ? 1f / x + 1f : 1f / x - 1f;
        }
        float z;
        if (ix < 0x41b00000) { // |x| < 22
            if (ix == 0) {
                return x;
            }
            if (ix < 0x24000000) { // |x| < 2^-55
                return x * (1f + x);
            }
            if (ix >= 0x3f800000) { // |x| >= 1
                float t = GlibcExpm1F.expm1(2f * Math.abs(x));
                z = 1f - 2f / (t + 2f);
            } else {
                float t = GlibcExpm1F.expm1(-2f * Math.abs(x));
                z = -t / (t + 2f);
            }
        } else {
            z = 1f - TINY;
        }
        return jx >= 0 ? z : -z;
    }
}
