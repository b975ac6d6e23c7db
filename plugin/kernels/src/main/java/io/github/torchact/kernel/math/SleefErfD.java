package io.github.torchact.kernel.math;

/**
 * Sleef {@code xerf_u1} (Sleef_erfd4_u10, src/libm/sleefsimddp.c), AVX2/FMA: for |x| ≤ 2.5,
 * erf = 1 − 1/(1 + x·P(x))^16; above, erf = 1 − e^(x·Q(x)); both polynomials are a degree-21 Estrin
 * part in double plus three double-double Horner steps. The SIMD code branches on whether all four
 * lanes are ≤ 2.5, but each lane's result is the same either way, so one scalar branch reproduces it.
 */
final class SleefErfD {

    /** Coefficients of the degree-21 part (d4..d0, cf..c0 of POLY21): |x| ≤ 2.5, then |x| &gt; 2.5. */
    private static final double[] NEAR = {
        -0.2083271002525222097e-14, +0.7151909970790897009e-13, -0.1162238220110999364e-11,
        +0.1186474230821585259e-10, -0.8499973178354613440e-10, +0.4507647462598841629e-9,
        -0.1808044474288848915e-8, +0.5435081826716212389e-8, -0.1143939895758628484e-7,
        +0.1215442362680889243e-7, +0.1669878756181250355e-7, -0.9808074602255194288e-7,
        +0.1389000557865837204e-6, +0.2945514529987331866e-6, -0.1842918273003998283e-5,
        +0.3417987836115362136e-5, +0.3860236356493129101e-5, -0.3309403072749947546e-4,
        +0.1060862922597579532e-3, +0.2323253155213076174e-3, +0.1490149719145544729e-3,
    };
    private static final double[] FAR = {
        -0.4024015130752621932e-18, +0.3847193332817048172e-16, -0.1749316241455644088e-14,
        +0.5029618322872872715e-13, -0.1025221466851463164e-11, +0.1573695559331945583e-10,
        -0.1884658558040203709e-9, +0.1798167853032159309e-8, -0.1380745342355033142e-7,
        +0.8525705726469103499e-7, -0.4160448058101303405e-6, +0.1517272660008588485e-5,
        -0.3341634127317201697e-5, -0.2515023395879724513e-5, +0.6539731269664907554e-4,
        -0.3551065097428388658e-3, +0.1210736097958368864e-2, -0.2605566912579998680e-2,
        +0.1252823202436093193e-2, +0.1820191395263313222e-1, -0.1021557155453465954e+0,
    };
    /** Double-double coefficients c2, c1, c0 of poly4dd (hi, lo), |x| ≤ 2.5 then |x| &gt; 2.5. */
    private static final double[] NEAR_DD = {
        0.0092877958392275604405, 7.9287559463961107493e-19,
        0.042275531758784692937, 1.3785226620501016138e-19,
        0.07052369794346953491, 9.5846628070792092842e-19,
    };
    private static final double[] FAR_DD = {
        -0.63691044383641748361, -2.4249477526539431839e-17,
        -1.1282926061803961737, -6.2970338860410996505e-17,
        -1.2261313785184804967e-05, -5.5329707514490107044e-22,
    };

    private SleefErfD() {}

    static double erf(double a) {
        double x = Math.abs(a);
        double x2 = x * x;
        double x4 = x2 * x2;
        double x8 = x4 * x4;
        double x16 = x8 * x8;
        boolean o25 = x <= 2.5;
        double[] c = o25 ? NEAR : FAR;
        double[] k = o25 ? NEAR_DD : FAR_DD;

        // POLY21 = fma(x16, POLY5(d4..d0), POLY16(cf..c0))
        double p5 = Math.fma(x4, c[0], SleefD.poly4(x, x2, c[1], c[2], c[3], c[4]));
        double p16 = Math.fma(x8,
                SleefD.poly8(x, x2, x4, c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12]),
                SleefD.poly8(x, x2, x4, c[13], c[14], c[15], c[16], c[17], c[18], c[19], c[20]));
        double t = Math.fma(x16, p5, p16);

        // poly4dd(x, t, c2, c1, c0) = ddmla(x*x, poly2dd(x, t, c2), poly2dd_b(x, c1, c0)),
        // ddmla(x, y, z) = ddadd_vd2_vd2_vd2(z, ddmul_vd2_vd2_vd(y, x))
        // a = poly2dd(x, t, c2) = ddadd((c2h, c2l), ddmul((t, 0), x))
        double mx = t * x;
        double my = Math.fma(0.0, x, Math.fma(t, x, -mx));
        double ax = k[0] + mx;
        double ay = (((k[0] - ax) + mx) + k[1]) + my;
        // b = poly2dd_b(x, c1, c0) = ddadd((c0h, c0l), ddmul((c1h, c1l), x))
        mx = k[2] * x;
        my = Math.fma(k[3], x, Math.fma(k[2], x, -mx));
        double bx = k[4] + mx;
        double by = (((k[4] - bx) + mx) + k[5]) + my;
        // t2 = ddadd(b, ddmul(a, x*x))
        double xx = x * x;
        mx = ax * xx;
        my = Math.fma(ay, xx, Math.fma(ax, xx, -mx));
        double tx = bx + mx;
        double ty = (((bx - tx) + mx) + by) + my;

        if (o25) {
            // t2 = ddadd_vd2_vd_vd2(1, ddmul_vd2_vd2_vd(t2, x))
            mx = tx * x;
            my = Math.fma(ty, x, Math.fma(tx, x, -mx));
            tx = 1.0 + mx;
            ty = ((1.0 - tx) + mx) + my;
            for (int i = 0; i < 4; i++) { // ddsqu four times: (1 + x·P)^16
                double sx = tx * tx;
                ty = Math.fma(tx + tx, ty, Math.fma(tx, tx, -sx));
                tx = sx;
            }
            // ddrec_vd2_vd2
            double s = 1.0 / tx;
            ty = s * Math.fma(-ty, s, Math.fma(-tx, s, 1.0));
            tx = s;
        } else {
            tx = expk(tx, ty);
            ty = 0.0;
        }

        // t2 = ddadd2_vd2_vd2_vd(t2, -1)
        double s = tx + -1.0;
        double v = s - tx;
        double sl = ((tx - (s - v)) + (-1.0 - v)) + ty;
        double z = -(s + sl);
        if (x < 1e-8) {
            z = x * 1.12837916709551262756245475959;
        }
        if (x >= 6) {
            z = 1;
        }
        if (Double.isInfinite(a)) {
            z = 1;
        }
        if (a == 0) {
            z = 0;
        }
        return Avx2.mulsign(z, a);
    }

    /** Sleef {@code expk((dx, dy))}: e^(dx+dy) in double. */
    static double expk(double dx, double dy) {
        double u = (dx + dy) * SleefD.R_LN2;
        double dq = Math.rint(u);
        int q = Avx2.cvtpd2dq(dq);
        double y = dq * -SleefD.L2U;
        double sx = dx + y;
        double v = sx - dx;
        double sy = ((dx - (sx - v)) + (y - v)) + dy;
        y = dq * -SleefD.L2L;
        double s0 = sx + y;
        v = s0 - sx;
        sy = ((sx - (s0 - v)) + (y - v)) + sy;
        sx = s0;
        // ddnormalize
        s0 = sx + sy;
        sy = (sx - s0) + sy;
        sx = s0;

        double s2 = sx * sx;
        double s4 = s2 * s2;
        double s8 = s4 * s4;
        u = SleefD.poly10(sx, s2, s4, s8,
                2.51069683420950419527139e-08,
                2.76286166770270649116855e-07,
                2.75572496725023574143864e-06,
                2.48014973989819794114153e-05,
                0.000198412698809069797676111,
                0.0013888888939977128960529,
                0.00833333333332371417601081,
                0.0416666666665409524128449,
                0.166666666666666740681535,
                0.500000000000000999200722);
        // t = ddadd_vd2_vd_vd2(1, s)
        double tx = 1.0 + sx;
        double ty = ((1.0 - tx) + sx) + sy;
        // t = ddadd_vd2_vd2_vd2(t, ddmul_vd2_vd2_vd(ddsqu(s), u))
        double qx = sx * sx;
        double qy = Math.fma(sx + sx, sy, Math.fma(sx, sx, -qx));
        double mx = qx * u;
        double my = Math.fma(qy, u, Math.fma(qx, u, -mx));
        double t0 = tx + mx;
        ty = (((tx - t0) + mx) + ty) + my;
        tx = t0;

        u = tx + ty;
        u = Avx2.ldexp2(u, q);
        if (dx < -1000) {
            u = 0.0;
        }
        return u;
    }
}
