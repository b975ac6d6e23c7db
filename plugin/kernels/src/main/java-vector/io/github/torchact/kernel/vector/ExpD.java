package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 e^x over an array block, lane-wise the bits of {@code AtenMath.exp(double)} (Sleef {@code
 * xexp}, Sleef_expd4_u10, FMA branch, src/libm/sleefsimddp.c): the same fma chain, the same Estrin
 * degree-10 polynomial (estrin.h POLY10) on the same constants, the same exponent-field scaling
 * ({@code vldexp2_vd_vd_vi}) and the same special-case selects.
 *
 * <p>{@code u = rint(d · R_LN2)}; {@code s = fma(u, -L2L, fma(u, -L2U, d))}; {@code p} the
 * polynomial; {@code e^d = fma(fma(fma(p, s, 0.5), s, 1), s, 1) · 2^(q>>1) · 2^(q − (q>>1))} with
 * {@code q = (int) u}; +inf above log(DBL_MAX), 0 below -1000.
 *
 * <p>Shortcuts, bit-identical where the result is kept: the rounding of {@code rint} is the
 * add/subtract of 1.5·2^52 (exact for |d · R_LN2| &lt; 2^51, which covers [-1000, 710]), and q is
 * read from the low mantissa bits of {@code d · R_LN2 + 1.5·2^52} (its bits minus those of 1.5·2^52),
 * so no double→int conversion is needed; the exponent fields are built in 64-bit lanes, which agree
 * with Sleef's 32-bit arithmetic for |q| ≤ 1443. Lanes outside [-1000, 710] (±inf included) get
 * garbage there but are replaced by 0 or +inf at the end; NaN lanes stay NaN through {@code s}.
 *
 * <p>Block function and lane-wise {@link #exp(DoubleVector)}, as {@link ExpF}.
 */
final class ExpD {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** Sleef misc.h R_LN2, L2U, L2L and SLEEF_LOG_DBL_MAX (the same constants as the scalar transcription). */
    private static final double R_LN2 = 1.442695040888963407359924681001892137426645954152985934135449406931;
    private static final double L2U = .69314718055966295651160180568695068359375;
    private static final double L2L = .28235290563031577122588448175013436025525412068e-12;
    private static final double LOG_DBL_MAX = 0x1.62e42fefa39efp+9;
    private static final double ROUND = 0x1.8p52;
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);

    private ExpD() {}

    /** dst = e^src over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int exp(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        int end = D.loopBound(n);
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
        DoubleVector half = DoubleVector.broadcast(D, 0.5);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector negL2U = DoubleVector.broadcast(D, -L2U);
        DoubleVector negL2L = DoubleVector.broadcast(D, -L2L);
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector d = DoubleVector.fromArray(D, src, srcOff + i);
            DoubleVector r = d.mul(R_LN2).add(ROUND);
            LongVector q = (LongVector) r.reinterpretAsLongs().sub(ROUND_BITS);
            DoubleVector u = r.sub(ROUND);

            DoubleVector s = u.fma(negL2U, d);
            s = u.fma(negL2L, s);
            DoubleVector s2 = s.mul(s);
            DoubleVector s4 = s2.mul(s2);
            DoubleVector s8 = s4.mul(s4);
            DoubleVector lo = s2.fma(s.fma(c3, c2), s.fma(c1, c0));
            DoubleVector mid = s2.fma(s.fma(c7, c6), s.fma(c5, c4));
            DoubleVector p = s8.fma(s.fma(c9, c8), s4.fma(mid, lo));
            p = p.fma(s, half).fma(s, one).fma(s, one);

            LongVector h = q.lanewise(VectorOperators.ASHR, 1);
            DoubleVector p1 = h.add(0x3ff).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector p2 = q.sub(h).add(0x3ff).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            p = p.mul(p1).mul(p2);

            p.blend(Double.POSITIVE_INFINITY, d.compare(VectorOperators.GT, LOG_DBL_MAX))
                    .blend(0d, d.compare(VectorOperators.LT, -1000d))
                    .intoArray(dst, dstOff + i);
        }
        return end;
    }

    /**
     * e^d lane-wise: the same operations, constants and selects as {@link #exp(double[], int, double[],
     * int, int)}, for loops that fuse the stages of an element into one pass (see {@link
     * ExpF#exp(FloatVector)}). Kept under C2's 325-bytecode limit for hot callees (FreqInlineSize):
     * above it C2 never inlines it and every vector passed in or out is boxed.
     */
    static DoubleVector exp(DoubleVector d) {
        DoubleVector r = d.mul(R_LN2).add(ROUND);
        LongVector q = (LongVector) r.reinterpretAsLongs().sub(ROUND_BITS);
        DoubleVector u = r.sub(ROUND);
        DoubleVector s = u.fma(c(-L2U), d);
        s = u.fma(c(-L2L), s);
        DoubleVector s2 = s.mul(s);
        DoubleVector s4 = s2.mul(s2);
        DoubleVector s8 = s4.mul(s4);
        // s.fma(b, c) with scalar b, c: the fma on broadcasts of b and c, in fewer bytecodes
        DoubleVector lo = s2.fma(s.fma(+0.1388888888914497797e-2, +0.8333333333314938210e-2),
                s.fma(+0.4166666666666602598e-1, +0.1666666666666669072e+0));
        DoubleVector mid = s2.fma(s.fma(+0.2755762628169491192e-6, +0.2755723402025388239e-5),
                s.fma(+0.2480158687479686264e-4, +0.1984126989855865850e-3));
        DoubleVector p = s8.fma(s.fma(+0.2081276378237164457e-8, +0.2511210703042288022e-7), s4.fma(mid, lo));
        p = p.fma(s, c(0.5)).fma(s, c(1.0)).fma(s, c(1.0));
        LongVector h = q.lanewise(VectorOperators.ASHR, 1);
        DoubleVector p1 = h.add(0x3ff).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector p2 = q.sub(h).add(0x3ff).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(p1).mul(p2)
                .blend(Double.POSITIVE_INFINITY, d.compare(VectorOperators.GT, LOG_DBL_MAX))
                .blend(0d, d.compare(VectorOperators.LT, -1000d));
    }

    private static DoubleVector c(double v) {
        return DoubleVector.broadcast(D, v);
    }
}
