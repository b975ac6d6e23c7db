package io.github.torchact.kernel.math;

/**
 * Sleef's double-precision functions as its AVX2 target compiles them (Sleef 3.7/3.8,
 * src/libm/sleefsimddp.c, helper src/common/dd.h; helperavx2.h defines ENABLE_FMA_DP, so {@code
 * vmla}/{@code vfma} are {@code _mm256_fmadd_pd}, the polynomials take the FMA branch and dd.h its
 * FMA products). Built with {@code -ffp-contract=off}: each line is one SIMD instruction. Pairs (hi,
 * lo) of dd.h are two locals; functions that return a pair fill a two-element array.
 */
final class SleefD {

    /** Sleef misc.h R_LN2, L2U, L2L, LOG_DBL_MAX, LOG1P_BOUND. */
    static final double R_LN2 = 1.442695040888963407359924681001892137426645954152985934135449406931;
    static final double L2U = .69314718055966295651160180568695068359375;
    static final double L2L = .28235290563031577122588448175013436025525412068e-12;
    static final double LOG_DBL_MAX = 0x1.62e42fefa39efp+9;
    static final double LOG1P_BOUND = 0x1.c7b1f3cac7433p+1019;
    private static final double DBL_MIN = 0x1p-1022;
    private static final double TWO64 = 0x1p64;
    private static final double LN2_HI = 0.693147180559945286226764;
    private static final double LN2_LO = 2.319046813846299558417771e-17;

    private SleefD() {}

    /** Sleef {@code xexp} (Sleef_expd4_u10), FMA branch. */
    static double exp(double d) {
        double u = Math.rint(d * R_LN2);
        int q = Avx2.cvtpd2dq(u);
        double s = Math.fma(u, -L2U, d);
        s = Math.fma(u, -L2L, s);

        double s2 = s * s;
        double s4 = s2 * s2;
        double s8 = s4 * s4;
        u = poly10(s, s2, s4, s8,
                +0.2081276378237164457e-8,
                +0.2511210703042288022e-7,
                +0.2755762628169491192e-6,
                +0.2755723402025388239e-5,
                +0.2480158687479686264e-4,
                +0.1984126989855865850e-3,
                +0.1388888888914497797e-2,
                +0.8333333333314938210e-2,
                +0.4166666666666602598e-1,
                +0.1666666666666669072e+0);
        u = Math.fma(u, s, +0.5000000000000000000e+0);
        u = Math.fma(u, s, +0.1000000000000000000e+1);
        u = Math.fma(u, s, +0.1000000000000000000e+1);
        u = Avx2.ldexp2(u, q);

        if (d > LOG_DBL_MAX) {
            u = Double.POSITIVE_INFINITY;
        }
        if (d < -1000) {
            u = 0.0;
        }
        return u;
    }

    /** Sleef {@code xexpm1} (Sleef_expm1d4_u10): expk2(a) − 1 in double-double. */
    static double expm1(double a) {
        double[] t = new double[2];
        expk2(a, t);
        // ddadd2_vd2_vd2_vd(t, -1)
        double s = t[0] + -1.0;
        double v = s - t[0];
        double sl = ((t[0] - (s - v)) + (-1.0 - v)) + t[1];
        double x = s + sl;
        if (a > 709.782712893383996732223) {
            x = Double.POSITIVE_INFINITY;
        }
        if (a < -36.736800569677101399113302437) {
            x = -1;
        }
        if (Avx2.isNegZero(a)) {
            x = -0.0;
        }
        return x;
    }

    /** Sleef {@code expk2((d, 0))}: e^d as an unevaluated pair, written to {@code out[0]}, {@code out[1]}. */
    static void expk2(double d, double[] out) {
        double dx = d;
        double dy = 0.0;
        double u = (dx + dy) * R_LN2;
        double dq = Math.rint(u);
        int q = Avx2.cvtpd2dq(dq);
        // s = ddadd2_vd2_vd2_vd(d, dq * -L2U), then ddadd2_vd2_vd2_vd(s, dq * -L2L)
        double y = dq * -L2U;
        double sx = dx + y;
        double v = sx - dx;
        double sy = ((dx - (sx - v)) + (y - v)) + dy;
        y = dq * -L2L;
        double s0 = sx + y;
        v = s0 - sx;
        sy = ((sx - (s0 - v)) + (y - v)) + sy;
        sx = s0;

        // s2 = ddsqu(s), s4 = ddsqu(s2)
        double s2x = sx * sx;
        double s2y = Math.fma(sx + sx, sy, Math.fma(sx, sx, -s2x));
        double s4x = s2x * s2x;
        double s4y = Math.fma(s2x + s2x, s2y, Math.fma(s2x, s2x, -s4x));
        double s8 = s4x * s4x;
        u = poly10(sx, s2x, s4x, s8,
                +0.1602472219709932072e-9,
                +0.2092255183563157007e-8,
                +0.2505230023782644465e-7,
                +0.2755724800902135303e-6,
                +0.2755731892386044373e-5,
                +0.2480158735605815065e-4,
                +0.1984126984148071858e-3,
                +0.1388888888886763255e-2,
                +0.8333333333333347095e-2,
                +0.4166666666666669905e-1);

        // t = ddadd_vd2_vd_vd2(0.5, ddmul_vd2_vd2_vd(s, 1/6))
        double c = +0.1666666666666666574e+0;
        double mx = sx * c;
        double my = Math.fma(sy, c, Math.fma(sx, c, -mx));
        double tx = 0.5 + mx;
        double ty = ((0.5 - tx) + mx) + my;
        // t = ddadd_vd2_vd_vd2(1, ddmul_vd2_vd2_vd2(t, s)), twice
        mx = tx * sx;
        my = Math.fma(tx, sy, Math.fma(ty, sx, Math.fma(tx, sx, -mx)));
        tx = 1.0 + mx;
        ty = ((1.0 - tx) + mx) + my;
        mx = tx * sx;
        my = Math.fma(tx, sy, Math.fma(ty, sx, Math.fma(tx, sx, -mx)));
        tx = 1.0 + mx;
        ty = ((1.0 - tx) + mx) + my;
        // t = ddadd_vd2_vd2_vd2(t, ddmul_vd2_vd2_vd(s4, u))
        mx = s4x * u;
        my = Math.fma(s4y, u, Math.fma(s4x, u, -mx));
        double t0 = tx + mx;
        ty = (((tx - t0) + mx) + ty) + my;
        tx = t0;

        tx = Avx2.ldexp2(tx, q);
        ty = Avx2.ldexp2(ty, q);
        if (dx < -1000) {
            tx = 0.0;
            ty = 0.0;
        }
        out[0] = tx;
        out[1] = ty;
    }

    /** Sleef {@code xtanh} (Sleef_tanhd4_u10). */
    static double tanh(double x) {
        double y = Math.abs(x);
        double[] d = new double[2];
        expk2(y, d);
        double dx = d[0];
        double dy = d[1];
        // e = ddrec_vd2_vd2(d)
        double ex = 1.0 / dx;
        double ey = ex * Math.fma(-dy, ex, Math.fma(-dx, ex, 1.0));
        // n = ddadd2_vd2_vd2_vd2(d, -e); m = ddadd2_vd2_vd2_vd2(d, e)
        double nx = dx + -ex;
        double v = nx - dx;
        double ny = ((dx - (nx - v)) + (-ex - v)) + (dy + -ey);
        double mx = dx + ex;
        v = mx - dx;
        double my = ((dx - (mx - v)) + (ex - v)) + (dy + ey);
        // dddiv_vd2_vd2_vd2(n, m)
        double t = 1.0 / mx;
        double s = nx * t;
        double u = Math.fma(t, nx, -s);
        double w = Math.fma(-my, t, Math.fma(-mx, t, 1.0));
        double sl = Math.fma(s, w, Math.fma(ny, t, u));
        y = s + sl;

        if (Math.abs(x) > 18.714973875 || Double.isNaN(y)) {
            y = 1.0;
        }
        y = Avx2.mulsign(y, x);
        if (Double.isNaN(x)) {
            y = Double.NaN;
        }
        return y;
    }

    /** Sleef {@code xlog_u1} (Sleef_logd4_u10). */
    static double log(double d) {
        boolean o = d < DBL_MIN;
        if (o) {
            d = d * TWO64;
        }
        int e = Avx2.ilogb2k(d * (1.0 / 0.75));
        double m = Avx2.ldexp3(d, -e);
        if (o) {
            e = e - 64;
        }
        // x = dddiv(ddadd2_vd2_vd_vd(-1, m), ddadd2_vd2_vd_vd(1, m))
        double nx = -1.0 + m;
        double v = nx - -1.0;
        double ny = (-1.0 - (nx - v)) + (m - v);
        double px = 1.0 + m;
        v = px - 1.0;
        double py = (1.0 - (px - v)) + (m - v);
        double t = 1.0 / px;
        double xx = nx * t;
        double u = Math.fma(t, nx, -xx);
        double w = Math.fma(-py, t, Math.fma(-px, t, 1.0));
        double xy = Math.fma(xx, w, Math.fma(ny, t, u));

        double r = tail(e, xx, xy);

        if (d == Double.POSITIVE_INFINITY) {
            r = Double.POSITIVE_INFINITY;
        }
        if (d < 0 || Double.isNaN(d)) {
            r = Double.NaN;
        }
        if (d == 0) {
            r = Double.NEGATIVE_INFINITY;
        }
        return r;
    }

    /** Sleef {@code xlog1p} (Sleef_log1pd4_u10), Sleef ≥ 3.7 (falls back to log above 1e307). */
    static double log1p(double d) {
        double dp1 = d + 1;
        boolean o = dp1 < DBL_MIN;
        if (o) {
            dp1 = dp1 * TWO64;
        }
        int e = Avx2.ilogb2k(dp1 * (1.0 / 0.75));
        double t = Avx2.ldexp3(1.0, -e);
        double m = Math.fma(d, t, t - 1);
        if (o) {
            e = e - 64;
        }
        // x = dddiv((m, 0), ddadd_vd2_vd_vd(2, m))
        double px = 2.0 + m;
        double py = (2.0 - px) + m;
        double rt = 1.0 / px;
        double xx = m * rt;
        double u = Math.fma(rt, m, -xx);
        double w = Math.fma(-py, rt, Math.fma(-px, rt, 1.0));
        double xy = Math.fma(xx, w, Math.fma(0.0, rt, u));

        double r = tail(e, xx, xy);

        if (!(d <= LOG1P_BOUND)) {
            r = log(d);
        }
        if (d < -1 || Double.isNaN(d)) {
            r = Double.NaN;
        }
        if (d == -1) {
            r = Double.NEGATIVE_INFINITY;
        }
        if (Avx2.isNegZero(d)) {
            r = -0.0;
        }
        return r;
    }

    /** The part xlog_u1 and xlog1p share: e·ln2 + 2x + x³·P(x²) in double-double, then hi + lo. */
    private static double tail(int e, double xx, double xy) {
        double x2 = xx * xx;
        double x4 = x2 * x2;
        double x8 = x4 * x4;
        // POLY7(x2, x4, x8, c6..c0)
        double t = Math.fma(x8,
                Math.fma(x4, 0.1532076988502701353e+0, Math.fma(x2, 0.1525629051003428716e+0, 0.1818605932937785996e+0)),
                Math.fma(x4, Math.fma(x2, 0.2222214519839380009e+0, 0.2857142932794299317e+0),
                        Math.fma(x2, 0.3999999999635251990e+0, 0.6666666666667333541e+0)));
        double ef = e;
        // s = ddmul_vd2_vd2_vd(ln2, e)
        double sx = LN2_HI * ef;
        double sy = Math.fma(LN2_LO, ef, Math.fma(LN2_HI, ef, -sx));
        // s = ddadd_vd2_vd2_vd2(s, ddscale(x, 2))
        double zx = xx * 2;
        double zy = xy * 2;
        double ax = sx + zx;
        double ay = (((sx - ax) + zx) + sy) + zy;
        // s = ddadd_vd2_vd2_vd(s, x2 * x * t)
        double y = (x2 * xx) * t;
        double bx = ax + y;
        double by = ((ax - bx) + y) + ay;
        return bx + by;
    }

    /** Sleef estrin.h POLY10 with MLA = fma. */
    static double poly10(double x, double x2, double x4, double x8,
            double c9, double c8, double c7, double c6, double c5, double c4, double c3, double c2, double c1,
            double c0) {
        return Math.fma(x8, Math.fma(x, c9, c8), poly8(x, x2, x4, c7, c6, c5, c4, c3, c2, c1, c0));
    }

    /** Sleef estrin.h POLY8. */
    static double poly8(double x, double x2, double x4,
            double c7, double c6, double c5, double c4, double c3, double c2, double c1, double c0) {
        return Math.fma(x4, poly4(x, x2, c7, c6, c5, c4), poly4(x, x2, c3, c2, c1, c0));
    }

    /** Sleef estrin.h POLY4. */
    static double poly4(double x, double x2, double c3, double c2, double c1, double c0) {
        return Math.fma(x2, Math.fma(x, c3, c2), Math.fma(x, c1, c0));
    }
}
