package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 erf over an array block, lane-wise the bits of {@code AtenMath.erf(double)} (Sleef {@code
 * xerf_u1}, Sleef_erfd4_u10, src/libm/sleefsimddp.c, AVX2/FMA): for |x| ≤ 2.5, erf = 1 − 1/(1 +
 * x·P(x))^16; above, erf = 1 − e^(x·Q(x)) (Sleef {@code expk}); each polynomial a degree-21 Estrin
 * part plus three double-double Horner steps, coefficients selected per lane as Sleef does. Then
 * x·2/√π below 1e-8, 1 from 6 and at ±inf, 0 at ±0, the sign of x.
 *
 * <p>Sleef's SIMD code evaluates the branch a lane needs (both when lanes disagree); here too: {@code
 * expk} only runs when some lane is above 2.5, the power-of-16 path only when some lane is at most
 * 2.5, each lane taking its own path's value. Shortcuts in {@code expk}, exact for every lane whose
 * value survives: {@code rint} is the add/subtract of 1.5·2^52 (the argument x·Q(x) lies in about
 * [−45, −7.8] for 2.5 &lt; |x| &lt; 6, far from the ±0 and 2^51 limits; other lanes are replaced),
 * and {@code vpow2i} runs in 64-bit lanes (same bits for such small q).
 */
final class ErfD {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static final double R_LN2 = 1.442695040888963407359924681001892137426645954152985934135449406931;
    private static final double L2U = .69314718055966295651160180568695068359375;
    private static final double L2L = .28235290563031577122588448175013436025525412068e-12;
    private static final double ROUND = 0x1.8p52;

    /** POLY21 coefficients d4..d0, cf..c0 for |x| ≤ 2.5 (the same constants as the scalar transcription). */
    private static final double[] NEAR = {
        -0.2083271002525222097e-14, +0.7151909970790897009e-13, -0.1162238220110999364e-11,
        +0.1186474230821585259e-10, -0.8499973178354613440e-10, +0.4507647462598841629e-9,
        -0.1808044474288848915e-8, +0.5435081826716212389e-8, -0.1143939895758628484e-7,
        +0.1215442362680889243e-7, +0.1669878756181250355e-7, -0.9808074602255194288e-7,
        +0.1389000557865837204e-6, +0.2945514529987331866e-6, -0.1842918273003998283e-5,
        +0.3417987836115362136e-5, +0.3860236356493129101e-5, -0.3309403072749947546e-4,
        +0.1060862922597579532e-3, +0.2323253155213076174e-3, +0.1490149719145544729e-3,
    };
    /** The same for |x| &gt; 2.5. */
    private static final double[] FAR = {
        -0.4024015130752621932e-18, +0.3847193332817048172e-16, -0.1749316241455644088e-14,
        +0.5029618322872872715e-13, -0.1025221466851463164e-11, +0.1573695559331945583e-10,
        -0.1884658558040203709e-9, +0.1798167853032159309e-8, -0.1380745342355033142e-7,
        +0.8525705726469103499e-7, -0.4160448058101303405e-6, +0.1517272660008588485e-5,
        -0.3341634127317201697e-5, -0.2515023395879724513e-5, +0.6539731269664907554e-4,
        -0.3551065097428388658e-3, +0.1210736097958368864e-2, -0.2605566912579998680e-2,
        +0.1252823202436093193e-2, +0.1820191395263313222e-1, -0.1021557155453465954e+0,
    };
    /** Double-double c2, c1, c0 (hi, lo) of poly4dd, |x| ≤ 2.5 then |x| &gt; 2.5. */
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
    /** Sleef expk's POLY10 coefficients. */
    private static final double[] EXPK = {
        2.51069683420950419527139e-08, 2.76286166770270649116855e-07, 2.75572496725023574143864e-06,
        2.48014973989819794114153e-05, 0.000198412698809069797676111, 0.0013888888939977128960529,
        0.00833333333332371417601081, 0.0416666666665409524128449, 0.166666666666666740681535,
        0.500000000000000999200722,
    };

    private ErfD() {}

    /**
     * dst = erf(src) over a prefix of [0, n) made of whole vectors; returns its length. dst must not
     * overlap src, and lo is scratch of at least n elements overlapping neither. Two stages over the
     * block, each a loop of Vector API operations only (C2 declines to inline helper calls into
     * bodies this large, and vectors passed through a call that is not inlined are boxed).
     */
    static int erf(double[] src, int srcOff, double[] dst, int dstOff, double[] lo, int n) {
        int end = D.loopBound(n);
        polynomial(src, srcOff, dst, dstOff, lo, end);
        finish(src, srcOff, dst, dstOff, lo, end);
        return end;
    }

    /** (hi[i], lo[i]) = c0 + x²·(c1 + x·(c2 + x·POLY21(x))) in double-double, x = |src[i]|. */
    private static void polynomial(double[] src, int srcOff, double[] hi, int hiOff, double[] lo, int end) {
        DoubleVector zero = DoubleVector.zero(D);
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, src, srcOff + i).abs();
            DoubleVector x2 = x.mul(x);
            DoubleVector x4 = x2.mul(x2);
            DoubleVector x8 = x4.mul(x4);
            DoubleVector x16 = x8.mul(x8);
            VectorMask<Double> o25 = x.compare(VectorOperators.LE, 2.5);
            double[] c = NEAR;
            double[] f = FAR;

            // POLY21 = fma(x16, fma(x4, d4, POLY4(d3..d0)), fma(x8, POLY8(cf..c8), POLY8(c7..c0))),
            // POLY4(a, b, c, d) = fma(x², fma(x, a, b), fma(x, c, d)), coefficients chosen per lane
            DoubleVector p5 = x4.fma(DoubleVector.broadcast(D, f[0]).blend(c[0], o25),
                    x2.fma(x.fma(DoubleVector.broadcast(D, f[1]).blend(c[1], o25), DoubleVector.broadcast(D, f[2]).blend(c[2], o25)),
                            x.fma(DoubleVector.broadcast(D, f[3]).blend(c[3], o25), DoubleVector.broadcast(D, f[4]).blend(c[4], o25))));
            DoubleVector q1 = x2.fma(x.fma(DoubleVector.broadcast(D, f[5]).blend(c[5], o25), DoubleVector.broadcast(D, f[6]).blend(c[6], o25)),
                    x.fma(DoubleVector.broadcast(D, f[7]).blend(c[7], o25), DoubleVector.broadcast(D, f[8]).blend(c[8], o25)));
            DoubleVector q2 = x2.fma(x.fma(DoubleVector.broadcast(D, f[9]).blend(c[9], o25), DoubleVector.broadcast(D, f[10]).blend(c[10], o25)),
                    x.fma(DoubleVector.broadcast(D, f[11]).blend(c[11], o25), DoubleVector.broadcast(D, f[12]).blend(c[12], o25)));
            DoubleVector q3 = x2.fma(x.fma(DoubleVector.broadcast(D, f[13]).blend(c[13], o25), DoubleVector.broadcast(D, f[14]).blend(c[14], o25)),
                    x.fma(DoubleVector.broadcast(D, f[15]).blend(c[15], o25), DoubleVector.broadcast(D, f[16]).blend(c[16], o25)));
            DoubleVector q4 = x2.fma(x.fma(DoubleVector.broadcast(D, f[17]).blend(c[17], o25), DoubleVector.broadcast(D, f[18]).blend(c[18], o25)),
                    x.fma(DoubleVector.broadcast(D, f[19]).blend(c[19], o25), DoubleVector.broadcast(D, f[20]).blend(c[20], o25)));
            DoubleVector t = x16.fma(p5, x8.fma(x4.fma(q1, q2), x4.fma(q3, q4)));

            // a = ddadd((c2h, c2l), ddmul((t, 0), x))
            DoubleVector mx = t.mul(x);
            DoubleVector my = zero.fma(x, t.fma(x, mx.neg()));
            DoubleVector k0 = DoubleVector.broadcast(D, FAR_DD[0]).blend(NEAR_DD[0], o25);
            DoubleVector ax = k0.add(mx);
            DoubleVector ay = k0.sub(ax).add(mx).add(DoubleVector.broadcast(D, FAR_DD[1]).blend(NEAR_DD[1], o25)).add(my);
            // b = ddadd((c0h, c0l), ddmul((c1h, c1l), x))
            DoubleVector k2 = DoubleVector.broadcast(D, FAR_DD[2]).blend(NEAR_DD[2], o25);
            mx = k2.mul(x);
            my = DoubleVector.broadcast(D, FAR_DD[3]).blend(NEAR_DD[3], o25).fma(x, k2.fma(x, mx.neg()));
            DoubleVector k4 = DoubleVector.broadcast(D, FAR_DD[4]).blend(NEAR_DD[4], o25);
            DoubleVector bx = k4.add(mx);
            DoubleVector by = k4.sub(bx).add(mx).add(DoubleVector.broadcast(D, FAR_DD[5]).blend(NEAR_DD[5], o25)).add(my);
            // t2 = ddadd(b, ddmul(a, x·x))
            DoubleVector xx = x.mul(x);
            mx = ax.mul(xx);
            my = ay.fma(xx, ax.fma(xx, mx.neg()));
            DoubleVector tx = bx.add(mx);
            tx.intoArray(hi, hiOff + i);
            bx.sub(tx).add(mx).add(by).add(my).intoArray(lo, i);
        }
    }

    /** dst[i] = erf(src[i]) from the pair (dst[i], lo[i]) that {@link #polynomial} left. */
    private static void finish(double[] src, int srcOff, double[] dst, int dstOff, double[] lo, int end) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector negOne = DoubleVector.broadcast(D, -1.0);
        DoubleVector e0 = DoubleVector.broadcast(D, EXPK[0]);
        DoubleVector e1 = DoubleVector.broadcast(D, EXPK[1]);
        DoubleVector e2 = DoubleVector.broadcast(D, EXPK[2]);
        DoubleVector e3 = DoubleVector.broadcast(D, EXPK[3]);
        DoubleVector e4 = DoubleVector.broadcast(D, EXPK[4]);
        DoubleVector e5 = DoubleVector.broadcast(D, EXPK[5]);
        DoubleVector e6 = DoubleVector.broadcast(D, EXPK[6]);
        DoubleVector e7 = DoubleVector.broadcast(D, EXPK[7]);
        DoubleVector e8 = DoubleVector.broadcast(D, EXPK[8]);
        DoubleVector e9 = DoubleVector.broadcast(D, EXPK[9]);
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector a = DoubleVector.fromArray(D, src, srcOff + i);
            DoubleVector x = a.abs();
            DoubleVector tx = DoubleVector.fromArray(D, dst, dstOff + i);
            DoubleVector ty = DoubleVector.fromArray(D, lo, i);
            VectorMask<Double> o25 = x.compare(VectorOperators.LE, 2.5);

            DoubleVector rx = tx;
            DoubleVector ry = ty;
            if (o25.anyTrue()) {
                // 1/(1 + t2·x)^16 in double-double
                DoubleVector mx = tx.mul(x);
                DoubleVector my = ty.fma(x, tx.fma(x, mx.neg()));
                DoubleVector nx = one.add(mx);
                DoubleVector ny = one.sub(nx).add(mx).add(my);
                DoubleVector sq = nx.mul(nx); // ddsqu four times, written out (no loop-carried vectors)
                ny = nx.add(nx).fma(ny, nx.fma(nx, sq.neg()));
                nx = sq;
                sq = nx.mul(nx);
                ny = nx.add(nx).fma(ny, nx.fma(nx, sq.neg()));
                nx = sq;
                sq = nx.mul(nx);
                ny = nx.add(nx).fma(ny, nx.fma(nx, sq.neg()));
                nx = sq;
                sq = nx.mul(nx);
                ny = nx.add(nx).fma(ny, nx.fma(nx, sq.neg()));
                nx = sq;
                DoubleVector s = one.div(nx);
                ry = s.mul(ny.neg().fma(s, nx.neg().fma(s, one)));
                rx = s;
            }
            if (!o25.allTrue()) {
                // Sleef expk((tx, ty)): e^(tx + ty) in double
                DoubleVector dq = tx.add(ty).mul(R_LN2).add(ROUND).sub(ROUND);
                LongVector q = (LongVector) dq.convert(VectorOperators.D2L, 0);
                DoubleVector y = dq.mul(-L2U);
                DoubleVector sx = tx.add(y);
                DoubleVector v = sx.sub(tx);
                DoubleVector sy = tx.sub(sx.sub(v)).add(y.sub(v)).add(ty);
                y = dq.mul(-L2L);
                DoubleVector s0 = sx.add(y);
                v = s0.sub(sx);
                sy = sx.sub(s0.sub(v)).add(y.sub(v)).add(sy);
                sx = s0;
                // ddnormalize
                s0 = sx.add(sy);
                sy = sx.sub(s0).add(sy);
                sx = s0;
                // POLY10 (Estrin)
                DoubleVector s2 = sx.mul(sx);
                DoubleVector s4 = s2.mul(s2);
                DoubleVector s8 = s4.mul(s4);
                DoubleVector ph = s2.fma(sx.fma(e2, e3), sx.fma(e4, e5));
                DoubleVector pl = s2.fma(sx.fma(e6, e7), sx.fma(e8, e9));
                DoubleVector u = s8.fma(sx.fma(e0, e1), s4.fma(ph, pl));
                // t = ddadd(1, s), then ddadd(t, ddmul(ddsqu(s), u))
                DoubleVector ux = one.add(sx);
                DoubleVector uy = one.sub(ux).add(sx).add(sy);
                DoubleVector qx = sx.mul(sx);
                DoubleVector qy = sx.add(sx).fma(sy, sx.fma(sx, qx.neg()));
                DoubleVector mx = qx.mul(u);
                DoubleVector my = qy.fma(u, qx.fma(u, mx.neg()));
                DoubleVector t0 = ux.add(mx);
                uy = ux.sub(t0).add(mx).add(uy).add(my);
                u = t0.add(uy);
                LongVector h = q.lanewise(VectorOperators.ASHR, 1);
                DoubleVector p1 = h.add(0x3ff).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
                DoubleVector p2 = q.sub(h).add(0x3ff).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
                u = u.mul(p1).mul(p2).blend(0.0, tx.compare(VectorOperators.LT, -1000.0));
                rx = u.blend(rx, o25);
                ry = zero.blend(ry, o25);
            }

            // t2 = ddadd2(t2, −1), z = −(hi + lo)
            DoubleVector s = rx.sub(1.0);
            DoubleVector v = s.sub(rx);
            DoubleVector sl = rx.sub(s.sub(v)).add(negOne.sub(v)).add(ry);
            DoubleVector z = s.add(sl).neg();
            z = z.blend(x.mul(1.12837916709551262756245475959), x.compare(VectorOperators.LT, 1e-8))
                    .blend(one, x.compare(VectorOperators.GE, 6.0))
                    .blend(one, a.test(VectorOperators.IS_INFINITE))
                    .blend(zero, a.compare(VectorOperators.EQ, 0.0));
            LongVector sign = a.reinterpretAsLongs().and(0x8000000000000000L);
            z.reinterpretAsLongs().lanewise(VectorOperators.XOR, sign).reinterpretAsDoubles().intoArray(dst, dstOff + i);
        }
    }
}
