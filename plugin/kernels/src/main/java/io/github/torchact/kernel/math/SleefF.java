package io.github.torchact.kernel.math;

/**
 * Sleef's single-precision functions as its AVX2 target compiles them (Sleef 3.7/3.8,
 * src/libm/sleefsimdsp.c, helper src/common/df.h; the AVX2 helper src/arch/helperavx2.h defines
 * ENABLE_FMA_SP, so {@code vmla}/{@code vfma} are {@code _mm256_fmadd_ps} and the double-float
 * products take the FMA branch of df.h). The library is built with {@code -ffp-contract=off}, so every
 * other multiply and add rounds on its own: each line below is one SIMD instruction of the original.
 * Pairs (hi, lo) of df.h are spelled out as two locals; {@code fmapn(x,y,z) = fma(x,y,−z)},
 * {@code fmanp(x,y,z) = fma(−x,y,z)}.
 */
final class SleefF {

    /** Sleef misc.h R_LN2f, L2Uf, L2Lf. */
    static final float R_LN2F = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    static final float L2UF = 0.693145751953125f;
    static final float L2LF = 1.428606765330187045e-06f;
    /** Sleef misc.h LOG1PF_BOUND (1.0e+38). */
    static final float LOG1PF_BOUND = 0x1.2ced32p+126f;
    private static final float FLT_MIN = 0x1p-126f;
    private static final float TWO64 = 0x1p64f;
    private static final float LN2_HI = 0.69314718246459960938f;
    private static final float LN2_LO = -1.904654323148236017e-09f;

    private SleefF() {}

    /** Sleef {@code xexpf} (Sleef_expf8_u10). */
    static float exp(float d) {
        int q = Avx2.cvtps2dq(d * R_LN2F);
        float qf = q;
        float s = Math.fma(qf, -L2UF, d);
        s = Math.fma(qf, -L2LF, s);

        float u = (float) 0.000198527617612853646278381;
        u = Math.fma(u, s, (float) 0.00139304355252534151077271);
        u = Math.fma(u, s, (float) 0.00833336077630519866943359);
        u = Math.fma(u, s, (float) 0.0416664853692054748535156);
        u = Math.fma(u, s, (float) 0.166666671633720397949219);
        u = Math.fma(u, s, 0.5f);
        u = 1.0f + Math.fma(s * s, u, s);
        u = Avx2.ldexp2(u, q);

        if (d < -104f) {
            u = 0f;
        }
        if (100f < d) {
            u = Float.POSITIVE_INFINITY;
        }
        return u;
    }

    /** Sleef {@code xexpm1f} (Sleef_expm1f8_u10): expk2f(a) − 1 in double-float. */
    static float expm1(float a) {
        long t = expk2(a);
        float tx = hi(t);
        float ty = lo(t);
        // dfadd2_vf2_vf2_vf(t, -1)
        float s = tx + -1.0f;
        float v = s - tx;
        float sl = ((tx - (s - v)) + (-1.0f - v)) + ty;
        float x = s + sl;
        if (a > 88.72283172607421875f) {
            x = Float.POSITIVE_INFINITY;
        }
        if (a < -16.635532333438687426013570f) {
            x = -1f;
        }
        if (Avx2.isNegZero(a)) {
            x = -0.0f;
        }
        return x;
    }

    /**
     * Sleef {@code expk2f((d, 0))}: e^d as an unevaluated float pair, packed (hi in the upper 32 bits,
     * lo in the lower) so no object is needed.
     */
    static long expk2(float d) {
        float dx = d;
        float dy = 0f;
        int q = Avx2.cvtps2dq((dx + dy) * R_LN2F);
        float qf = q;
        // s = dfadd2_vf2_vf2_vf(d, q * -L2U), then dfadd2_vf2_vf2_vf(s, q * -L2L)
        float y = qf * -L2UF;
        float sx = dx + y;
        float v = sx - dx;
        float sy = ((dx - (sx - v)) + (y - v)) + dy;
        y = qf * -L2LF;
        float s0 = sx + y;
        v = s0 - sx;
        sy = ((sx - (s0 - v)) + (y - v)) + sy;
        sx = s0;

        float u = 0.1980960224e-3f;
        u = Math.fma(u, sx, 0.1394256484e-2f);
        u = Math.fma(u, sx, 0.8333456703e-2f);
        u = Math.fma(u, sx, 0.4166637361e-1f);

        // t = dfadd2_vf2_vf2_vf(dfmul_vf2_vf2_vf(s, u), c)
        float mx = sx * u;
        float my = Math.fma(sy, u, Math.fma(sx, u, -mx));
        float c = 0.166666659414234244790680580464e+0f;
        float tx = mx + c;
        v = tx - mx;
        float ty = ((mx - (tx - v)) + (c - v)) + my;
        // t = dfadd2_vf2_vf2_vf(dfmul_vf2_vf2_vf2(s, t), 0.5)
        mx = sx * tx;
        my = Math.fma(sx, ty, Math.fma(sy, tx, Math.fma(sx, tx, -mx)));
        tx = mx + 0.5f;
        v = tx - mx;
        ty = ((mx - (tx - v)) + (0.5f - v)) + my;
        // t = dfadd2_vf2_vf2_vf2(s, dfmul_vf2_vf2_vf2(dfsqu_vf2_vf2(s), t))
        float qx = sx * sx;
        float qy = Math.fma(sx + sx, sy, Math.fma(sx, sx, -qx));
        mx = qx * tx;
        my = Math.fma(qx, ty, Math.fma(qy, tx, Math.fma(qx, tx, -mx)));
        tx = sx + mx;
        v = tx - sx;
        ty = ((sx - (tx - v)) + (mx - v)) + (sy + my);
        // t = dfadd_vf2_vf_vf2(1, t)
        float t0 = 1f + tx;
        ty = ((1f - t0) + tx) + ty;
        tx = t0;

        tx = Avx2.ldexp2(tx, q);
        ty = Avx2.ldexp2(ty, q);
        if (dx < -104f) {
            tx = 0f;
            ty = 0f;
        }
        return pack(tx, ty);
    }

    /** Sleef {@code xtanhf} (Sleef_tanhf8_u10): (e − 1/e)/(e + 1/e) in double-float, e = e^|x|. */
    static float tanh(float x) {
        float y = Math.abs(x);
        long d = expk2(y);
        float dx = hi(d);
        float dy = lo(d);
        // e = dfrec_vf2_vf2(d)
        float ex = 1.0f / dx;
        float ey = ex * Math.fma(-dy, ex, Math.fma(-dx, ex, 1f));
        // n = dfadd_vf2_vf2_vf2(d, -e); m = dfadd_vf2_vf2_vf2(d, e)
        float nx = dx + -ex;
        float ny = (((dx - nx) + -ex) + dy) + -ey;
        float mx = dx + ex;
        float my = (((dx - mx) + ex) + dy) + ey;
        // dfdiv_vf2_vf2_vf2(n, m)
        float t = 1.0f / mx;
        float s = nx * t;
        float u = Math.fma(t, nx, -s);
        float w = Math.fma(-my, t, Math.fma(-mx, t, 1f));
        float sl = Math.fma(s, w, Math.fma(ny, t, u));
        y = s + sl;

        if (Math.abs(x) > 8.664339742f || Float.isNaN(y)) {
            y = 1.0f;
        }
        y = Avx2.mulsign(y, x);
        if (Float.isNaN(x)) {
            y = Float.NaN;
        }
        return y;
    }

    /** Sleef {@code xlogf_u1} (Sleef_logf8_u10). */
    static float log(float d) {
        boolean o = d < FLT_MIN;
        if (o) {
            d = d * TWO64;
        }
        int e = Avx2.ilogb2k(d * (1.0f / 0.75f));
        float m = Avx2.ldexp3(d, -e);
        if (o) {
            e = e - 64;
        }
        float ef = e;
        // s = dfmul_vf2_vf2_vf(ln2, e)
        float sx = LN2_HI * ef;
        float sy = Math.fma(LN2_LO, ef, Math.fma(LN2_HI, ef, -sx));
        // x = dfdiv(dfadd2_vf2_vf_vf(-1, m), dfadd2_vf2_vf_vf(1, m))
        float nx = -1f + m;
        float v = nx - -1f;
        float ny = (-1f - (nx - v)) + (m - v);
        float px = 1f + m;
        v = px - 1f;
        float py = (1f - (px - v)) + (m - v);
        float t = 1.0f / px;
        float xx = nx * t;
        float u = Math.fma(t, nx, -xx);
        float w = Math.fma(-py, t, Math.fma(-px, t, 1f));
        float xy = Math.fma(xx, w, Math.fma(ny, t, u));

        float r = tail(sx, sy, xx, xy);

        if (d == Float.POSITIVE_INFINITY) {
            r = Float.POSITIVE_INFINITY;
        }
        if (d < 0f || Float.isNaN(d)) {
            r = Float.NaN;
        }
        if (d == 0f) {
            r = Float.NEGATIVE_INFINITY;
        }
        return r;
    }

    /** Sleef {@code xlog1pf} (Sleef_log1pf8_u10), Sleef ≥ 3.7 (falls back to logf above 1e38). */
    static float log1p(float d) {
        float dp1 = d + 1f;
        boolean o = dp1 < FLT_MIN;
        if (o) {
            dp1 = dp1 * TWO64;
        }
        int e = Avx2.ilogb2k(dp1 * (1.0f / 0.75f));
        float t = Avx2.ldexp3(1f, -e);
        float m = Math.fma(d, t, t - 1f);
        if (o) {
            e = e - 64;
        }
        float ef = e;
        float sx = LN2_HI * ef;
        float sy = Math.fma(LN2_LO, ef, Math.fma(LN2_HI, ef, -sx));
        // x = dfdiv((m, 0), dfadd_vf2_vf_vf(2, m))
        float px = 2f + m;
        float py = (2f - px) + m;
        float rt = 1.0f / px;
        float xx = m * rt;
        float u = Math.fma(rt, m, -xx);
        float w = Math.fma(-py, rt, Math.fma(-px, rt, 1f));
        float xy = Math.fma(xx, w, Math.fma(0f, rt, u));

        float r = tail(sx, sy, xx, xy);

        if (!(d <= LOG1PF_BOUND)) {
            r = log(d);
        }
        if (-1f > d) {
            r = Float.NaN;
        }
        if (d == -1f) {
            r = Float.NEGATIVE_INFINITY;
        }
        if (Avx2.isNegZero(d)) {
            r = -0.0f;
        }
        return r;
    }

    /**
     * The part xlogf_u1 and xlog1pf share: s + 2x + x³·P(x²) in double-float, then hi + lo, with s
     * = e·ln2 and x = (m−1)/(m+1) as pairs.
     */
    private static float tail(float sx, float sy, float xx, float xy) {
        float x2 = xx * xx;
        float t = 0.3027294874e+0f;
        t = Math.fma(t, x2, 0.3996108174e+0f);
        t = Math.fma(t, x2, 0.6666694880e+0f);
        // s = dfadd_vf2_vf2_vf2(s, dfscale(x, 2))
        float zx = xx * 2f;
        float zy = xy * 2f;
        float ax = sx + zx;
        float ay = (((sx - ax) + zx) + sy) + zy;
        // s = dfadd_vf2_vf2_vf(s, x2 * x * t)
        float y = (x2 * xx) * t;
        float bx = ax + y;
        float by = ((ax - bx) + y) + ay;
        return bx + by;
    }

    static long pack(float hi, float lo) {
        return ((long) Float.floatToRawIntBits(hi) << 32) | (Float.floatToRawIntBits(lo) & 0xffffffffL);
    }

    static float hi(long p) {
        return Float.intBitsToFloat((int) (p >>> 32));
    }

    static float lo(long p) {
        return Float.intBitsToFloat((int) p);
    }
}
