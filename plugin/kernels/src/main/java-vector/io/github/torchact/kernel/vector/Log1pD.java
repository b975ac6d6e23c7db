package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 ln(1 + x) over an array block, lane-wise the bits of {@code SleefD.log1p} (Sleef
 * {@code xlog1p}, Sleef_log1pd4_u10, src/libm/sleefsimddp.c, Sleef ≥ 3.7): {@code e = ilogb2k((d +
 * 1) · (1/0.75))}, {@code t = ldexp3(1, −e)}, {@code m = fma(d, t, t − 1)}; {@code x = m / (2 + m)} and {@code s = e · ln2} as double-double
 * pairs; {@code ln(1+d) = s + 2x + x³·P(x²)}; then the selects in the scalar order: {@code d >
 * LOG1P_BOUND} → {@code ln d} ({@link LogD}), {@code d < −1} or NaN → NaN, {@code d = −1} → −inf,
 * {@code d = −0} → −0. Exponent-field arithmetic as in {@link LogD}.
 *
 * <p>The scalar select {@code !(d <= LOG1P_BOUND)} also takes NaN lanes, which the next select
 * turns into NaN anyway, so only lanes with {@code d > LOG1P_BOUND} need ln d: it is computed only
 * for vectors holding such a lane (one {@link LogD} call on that vector, before dst is written, so
 * dst may be src) and blended into those lanes, the same as computing it everywhere.
 *
 * <p>The scalar code's rescaling of {@code d + 1 < DBL_MIN} by 2^64 (and {@code e − 64}) is left
 * out: it holds only for {@code d ≤ −1} (the double above −1 is −1 + 2^-53, where {@code d + 1 =
 * 2^-53} exactly), lanes the final selects set to NaN or −inf whatever the main path gave.
 */
final class Log1pD {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** Sleef misc.h LOG1P_BOUND (1.0e+307). */
    static final double LOG1P_BOUND = 0x1.c7b1f3cac7433p+1019;
    /** Sleef's ln 2 as a double pair (sleefsimddp.c). */
    private static final double LN2_HI = 0.693147180559945286226764;
    private static final double LN2_LO = 2.319046813846299558417771e-17;
    private static final long ONE_BITS = 0x3ff0000000000000L;

    private Log1pD() {}

    /** dst = ln(1 + src) over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int log1p(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        int end = D.loopBound(n);
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector two = DoubleVector.broadcast(D, 2.0);
        double[] big = null;
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector d = DoubleVector.fromArray(D, src, srcOff + i);
            LongVector e = d.add(one).mul(1.0 / 0.75).reinterpretAsLongs()
                    .lanewise(VectorOperators.LSHR, 52).and(0x7ffL).sub(0x3ffL);
            DoubleVector t = e.neg().lanewise(VectorOperators.LSHL, 52).add(ONE_BITS).reinterpretAsDoubles();
            DoubleVector m = d.fma(t, t.sub(one));

            DoubleVector px = two.add(m);
            DoubleVector py = two.sub(px).add(m);
            DoubleVector rt = one.div(px);
            DoubleVector xx = m.mul(rt);
            DoubleVector u = rt.fma(m, xx.neg());
            DoubleVector w = py.neg().fma(rt, px.neg().fma(rt, one));
            DoubleVector xy = xx.fma(w, zero.fma(rt, u));

            DoubleVector r = tail(e, xx, xy);

            VectorMask<Double> large = d.compare(VectorOperators.GT, LOG1P_BOUND);
            if (large.anyTrue()) {
                if (big == null) {
                    big = new double[D.length()];
                }
                LogD.log(src, srcOff + i, big, 0, D.length());
                r = r.blend(DoubleVector.fromArray(D, big, 0), large);
            }
            r.blend(Double.NaN, d.compare(VectorOperators.LT, -1.0).or(d.compare(VectorOperators.NE, d)))
                    .blend(Double.NEGATIVE_INFINITY, d.compare(VectorOperators.EQ, -1.0))
                    .blend(-0.0, d.reinterpretAsLongs().compare(VectorOperators.EQ, 0x8000000000000000L).cast(D))
                    .intoArray(dst, dstOff + i);
        }
        return end;
    }

    /**
     * The part of xlog_u1 and xlog1p after the division, as {@code SleefD.tail}: {@code e·ln2 + 2x
     * + x³·POLY7(x²)} in double-double, then hi + lo. Small enough for C2 to inline into both loops.
     */
    static DoubleVector tail(LongVector e, DoubleVector xx, DoubleVector xy) {
        DoubleVector x2 = xx.mul(xx);
        DoubleVector x4 = x2.mul(x2);
        DoubleVector x8 = x4.mul(x4);
        DoubleVector t = x8.fma(
                x4.fma(DoubleVector.broadcast(D, 0.1532076988502701353e+0),
                        x2.fma(DoubleVector.broadcast(D, 0.1525629051003428716e+0), DoubleVector.broadcast(D, 0.1818605932937785996e+0))),
                x4.fma(x2.fma(DoubleVector.broadcast(D, 0.2222214519839380009e+0), DoubleVector.broadcast(D, 0.2857142932794299317e+0)),
                        x2.fma(DoubleVector.broadcast(D, 0.3999999999635251990e+0), DoubleVector.broadcast(D, 0.6666666666667333541e+0))));
        DoubleVector ef = (DoubleVector) e.convert(VectorOperators.L2D, 0);
        DoubleVector sx = ef.mul(LN2_HI);
        DoubleVector sy = ef.fma(DoubleVector.broadcast(D, LN2_LO), ef.fma(DoubleVector.broadcast(D, LN2_HI), sx.neg()));
        DoubleVector zx = xx.mul(2.0);
        DoubleVector zy = xy.mul(2.0);
        DoubleVector ax = sx.add(zx);
        DoubleVector ay = sx.sub(ax).add(zx).add(sy).add(zy);
        DoubleVector y = x2.mul(xx).mul(t);
        DoubleVector bx = ax.add(y);
        DoubleVector by = ax.sub(bx).add(y).add(ay);
        return bx.add(by);
    }
}
