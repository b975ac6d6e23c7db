package io.github.torchact.kernel.math;

/**
 * glibc's {@code tanh}: sysdeps/ieee754/dbl-64/s_tanh.c (glibc 2.36; Sun fdlibm's algorithm on
 * {@link GlibcExpm1D}, whose FMA contractions it inherits; tanh itself has no multiply-add).
 *
 * <p>Checked against the JVM's libm {@code tanh} (Debian glibc 2.36) on random and special inputs:
 * parity-tests/exhaustive-results.md.
 */
public final class GlibcTanhD {

    private static final double TINY = 1.0e-300;

    private GlibcTanhD() {}

    public static double tanh(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int jx = (int) (bits >>> 32);
        int ix = jx & 0x7fffffff;
        if (ix >= 0x7ff00000) { // inf or NaN
            return jx >= 0 ? 1.0 / x + 1.0 : 1.0 / x - 1.0;
        }
        double z;
        if (ix < 0x40360000) { // |x| < 22
            if ((ix | (int) bits) == 0) {
                return x;
            }
            if (ix < 0x3c800000) { // |x| < 2^-55
                return x * (1.0 + x);
            }
            if (ix >= 0x3ff00000) { // |x| >= 1
                double t = GlibcExpm1D.expm1(2.0 * Math.abs(x));
                z = 1.0 - 2.0 / (t + 2.0);
            } else {
                double t = GlibcExpm1D.expm1(-2.0 * Math.abs(x));
                z = -t / (t + 2.0);
            }
        } else {
            z = 1.0 - TINY;
        }
        return jx >= 0 ? z : -z;
    }
}
