package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 tanh over an array block, lane-wise the bits of {@code AtenMath.tanh(double)} (Sleef {@code
 * xtanh}, Sleef_tanhd4_u10, src/libm/sleefsimddp.c): with d = e^|x| as a double-double from {@code
 * expk2} (range reduction in double-double, Estrin POLY10, ddmul/ddadd chain, {@code vldexp2}),
 * {@code tanh = (d − 1/d) / (d + 1/d)} in double-double ({@code ddrec}, {@code ddadd2}, {@code
 * dddiv}); 1 where |x| &gt; 18.714973875 or the quotient is NaN; the sign of x; NaN where x is NaN.
 * Same operations in the same order as the scalar transcription.
 *
 * <p>Why the shortcuts are exact, as in {@link TanhF}: {@code rint(|x|·R_LN2)} is the add/subtract
 * of 1.5·2^52 (exact below 2^51), and the exponent arithmetic of {@code vpow2i} runs in 64-bit lanes
 * ({@code (q + 0x3ff) << 52}, the same bits as the 32-bit {@code ((q + 0x3ff) << 20) << 32} while
 * q + 0x3ff &lt; 2^11): every lane that survives the final selects has |x| ≤ 18.714973875, so q ∈ [0,
 * 27]; the others are replaced whatever q they got. The argument pair is (|x|, +0): {@code + 0} is
 * the identity on |x| and on the first low part (never −0), and expk2's {@code d < −1000} select
 * never fires for |x|.
 */
final class TanhD {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** Sleef misc.h R_LN2, L2U, L2L. */
    private static final double R_LN2 = 1.442695040888963407359924681001892137426645954152985934135449406931;
    private static final double L2U = .69314718055966295651160180568695068359375;
    private static final double L2L = .28235290563031577122588448175013436025525412068e-12;
    private static final double ROUND = 0x1.8p52;
    /** Sleef xtanh's cut-off: above it tanh is 1 in float64. */
    private static final double CUT = 18.714973875;

    private TanhD() {}

    /** dst = tanh(src) over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int tanh(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        int end = D.loopBound(n);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector half = DoubleVector.broadcast(D, 0.5);
        DoubleVector sixth = DoubleVector.broadcast(D, +0.1666666666666666574e+0);
        DoubleVector c9 = DoubleVector.broadcast(D, +0.1602472219709932072e-9);
        DoubleVector c8 = DoubleVector.broadcast(D, +0.2092255183563157007e-8);
        DoubleVector c7 = DoubleVector.broadcast(D, +0.2505230023782644465e-7);
        DoubleVector c6 = DoubleVector.broadcast(D, +0.2755724800902135303e-6);
        DoubleVector c5 = DoubleVector.broadcast(D, +0.2755731892386044373e-5);
        DoubleVector c4 = DoubleVector.broadcast(D, +0.2480158735605815065e-4);
        DoubleVector c3 = DoubleVector.broadcast(D, +0.1984126984148071858e-3);
        DoubleVector c2 = DoubleVector.broadcast(D, +0.1388888888886763255e-2);
        DoubleVector c1 = DoubleVector.broadcast(D, +0.8333333333333347095e-2);
        DoubleVector c0 = DoubleVector.broadcast(D, +0.4166666666666669905e-1);
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, src, srcOff + i);
            DoubleVector ax = x.abs();

            // expk2((|x|, 0)): s = |x| − q·ln2 as a pair (sx, sy)
            DoubleVector dq = ax.mul(R_LN2).add(ROUND).sub(ROUND);
            LongVector q = (LongVector) dq.convert(VectorOperators.D2L, 0);
            DoubleVector y = dq.mul(-L2U);
            DoubleVector sx = ax.add(y);
            DoubleVector v = sx.sub(ax);
            DoubleVector sy = ax.sub(sx.sub(v)).add(y.sub(v));
            y = dq.mul(-L2L);
            DoubleVector s0 = sx.add(y);
            v = s0.sub(sx);
            sy = sx.sub(s0.sub(v)).add(y.sub(v)).add(sy);
            sx = s0;

            // s2 = ddsqu(s), s4 = ddsqu(s2), u = POLY10(s, s2, s4, s8)
            DoubleVector s2x = sx.mul(sx);
            DoubleVector s2y = sx.add(sx).fma(sy, sx.fma(sx, s2x.neg()));
            DoubleVector s4x = s2x.mul(s2x);
            DoubleVector s4y = s2x.add(s2x).fma(s2y, s2x.fma(s2x, s4x.neg()));
            DoubleVector s8 = s4x.mul(s4x);
            DoubleVector hi = s2x.fma(sx.fma(c7, c6), sx.fma(c5, c4));
            DoubleVector lo = s2x.fma(sx.fma(c3, c2), sx.fma(c1, c0));
            DoubleVector u = s8.fma(sx.fma(c9, c8), s4x.fma(hi, lo));

            // t = ddadd(0.5, ddmul(s, 1/6))
            DoubleVector mx = sx.mul(sixth);
            DoubleVector my = sy.fma(sixth, sx.fma(sixth, mx.neg()));
            DoubleVector tx = half.add(mx);
            DoubleVector ty = half.sub(tx).add(mx).add(my);
            // t = ddadd(1, ddmul(t, s)), twice
            mx = tx.mul(sx);
            my = tx.fma(sy, ty.fma(sx, tx.fma(sx, mx.neg())));
            tx = one.add(mx);
            ty = one.sub(tx).add(mx).add(my);
            mx = tx.mul(sx);
            my = tx.fma(sy, ty.fma(sx, tx.fma(sx, mx.neg())));
            tx = one.add(mx);
            ty = one.sub(tx).add(mx).add(my);
            // t = ddadd(t, ddmul(s4, u))
            mx = s4x.mul(u);
            my = s4y.fma(u, s4x.fma(u, mx.neg()));
            DoubleVector t0 = tx.add(mx);
            ty = tx.sub(t0).add(mx).add(ty).add(my);
            tx = t0;
            // vldexp2: · 2^(q>>1) · 2^(q − (q>>1))
            LongVector h = q.lanewise(VectorOperators.ASHR, 1);
            DoubleVector p1 = h.add(0x3ff).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector p2 = q.sub(h).add(0x3ff).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector dx = tx.mul(p1).mul(p2);
            DoubleVector dy = ty.mul(p1).mul(p2);

            // e = ddrec(d)
            DoubleVector ex = one.div(dx);
            DoubleVector ey = ex.mul(dy.neg().fma(ex, dx.neg().fma(ex, one)));
            // n = ddadd2(d, −e), m = ddadd2(d, e)   (a + −b is a − b in IEEE 754)
            DoubleVector nx = dx.sub(ex);
            v = nx.sub(dx);
            DoubleVector ny = dx.sub(nx.sub(v)).add(ex.neg().sub(v)).add(dy.sub(ey));
            mx = dx.add(ex);
            v = mx.sub(dx);
            my = dx.sub(mx.sub(v)).add(ex.sub(v)).add(dy.add(ey));
            // dddiv(n, m), then hi + lo
            DoubleVector t = one.div(mx);
            DoubleVector s = nx.mul(t);
            u = t.fma(nx, s.neg());
            DoubleVector w = my.neg().fma(t, mx.neg().fma(t, one));
            DoubleVector r = s.add(s.fma(w, ny.fma(t, u)));

            VectorMask<Double> saturated = ax.compare(VectorOperators.GT, CUT).or(r.test(VectorOperators.IS_NAN));
            r = r.blend(one, saturated);
            LongVector sign = x.reinterpretAsLongs().and(0x8000000000000000L);
            r = r.reinterpretAsLongs().lanewise(VectorOperators.XOR, sign).reinterpretAsDoubles();
            r.blend(Double.NaN, x.test(VectorOperators.IS_NAN)).intoArray(dst, dstOff + i);
        }
        return end;
    }
}
