package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 e^x over an array block, lane-wise the bits of {@code AtenMath.exp(double)} (Sleef {@code
 * xexp}, Sleef_expd4_u10, src/libm/sleefsimddp.c, FMA branch): u = rint(d·R_LN2), s = fma(u, −L2L,
 * fma(u, −L2U, d)), Estrin POLY10 in s then three fma steps, {@code vldexp2}; +inf above
 * LOG_DBL_MAX, 0 below −1000.
 *
 * <p>Exactness of the shortcuts: {@code rint} is the add/subtract of 1.5·2^52, exact for |d·R_LN2|
 * &lt; 2^51, which covers every lane in [−1000, LOG_DBL_MAX]; lanes outside are replaced by the final
 * selects. It gives +0 where rint gives −0 (d·R_LN2 ∈ (−0.5, −0]); then s differs at most in the
 * sign of a zero (only for d = −0), and the last {@code fma(u, s, 1)} erases it. {@code vpow2i} runs
 * in 64-bit lanes ({@code (q + 0x3ff) << 52}, the same bits as the 32-bit form for |q| ≤ 1443).
 */
final class ExpD {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static final double R_LN2 = 1.442695040888963407359924681001892137426645954152985934135449406931;
    private static final double L2U = .69314718055966295651160180568695068359375;
    private static final double L2L = .28235290563031577122588448175013436025525412068e-12;
    /** Sleef misc.h LOG_DBL_MAX. */
    private static final double LOG_DBL_MAX = 0x1.62e42fefa39efp+9;
    private static final double ROUND = 0x1.8p52;

    private ExpD() {}

    /** dst = e^src over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int exp(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        int end = D.loopBound(n);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector half = DoubleVector.broadcast(D, 0.5);
        DoubleVector c9 = DoubleVector.broadcast(D, +0.2081276378237164457e-8);
        DoubleVector c8 = DoubleVector.broadcast(D, +0.2511210703042288022e-7);
        DoubleVector c7 = DoubleVector.broadcast(D, +0.2755762628169491192e-6);
        DoubleVector c6 = DoubleVector.broadcast(D, +0.2755723402025388239e-5);
        DoubleVector c5 = DoubleVector.broadcast(D, +0.2480158687479686264e-4);
        DoubleVector c4 = DoubleVector.broadcast(D, +0.1984126989855865850e-3);
        DoubleVector c3 = DoubleVector.broadcast(D, +0.1388888888914497797e-2);
        DoubleVector c2 = DoubleVector.broadcast(D, +0.8333333333314938210e-2);
        DoubleVector c1 = DoubleVector.broadcast(D, +0.4166666666666602598e-1);
        DoubleVector c0 = DoubleVector.broadcast(D, +0.1666666666666669072e+0);
        DoubleVector negL2U = DoubleVector.broadcast(D, -L2U);
        DoubleVector negL2L = DoubleVector.broadcast(D, -L2L);
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector d = DoubleVector.fromArray(D, src, srcOff + i);
            DoubleVector u = d.mul(R_LN2).add(ROUND).sub(ROUND);
            LongVector q = (LongVector) u.convert(VectorOperators.D2L, 0);
            DoubleVector s = u.fma(negL2U, d);
            s = u.fma(negL2L, s);

            DoubleVector s2 = s.mul(s);
            DoubleVector s4 = s2.mul(s2);
            DoubleVector s8 = s4.mul(s4);
            DoubleVector hi = s2.fma(s.fma(c7, c6), s.fma(c5, c4));
            DoubleVector lo = s2.fma(s.fma(c3, c2), s.fma(c1, c0));
            u = s8.fma(s.fma(c9, c8), s4.fma(hi, lo));
            u = u.fma(s, half).fma(s, one).fma(s, one);

            LongVector h = q.lanewise(VectorOperators.ASHR, 1);
            DoubleVector p1 = h.add(0x3ff).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector p2 = q.sub(h).add(0x3ff).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            u.mul(p1).mul(p2)
                    .blend(Double.POSITIVE_INFINITY, d.compare(VectorOperators.GT, LOG_DBL_MAX))
                    .blend(0.0, d.compare(VectorOperators.LT, -1000.0))
                    .intoArray(dst, dstOff + i);
        }
        return end;
    }
}
