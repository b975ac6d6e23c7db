package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 ln x over an array block, lane-wise the bits of {@code SleefD.log} (Sleef {@code
 * xlog_u1}, Sleef_logd4_u10, src/libm/sleefsimddp.c): subnormal inputs scaled by 2^64; {@code e =
 * ilogb2k(d · (1/0.75))}, {@code m = ldexp3(d, −e)}; {@code x = (m − 1)/(m + 1)} and {@code s = e ·
 * ln2} as double-double pairs; {@code ln d = s + 2x + x³·P(x²)} (POLY7 in Estrin form); then the
 * selects +inf → +inf, {@code d < 0} or NaN → NaN, ±0 → −inf, in that order, on the scaled d.
 *
 * <p>The AVX2 helpers work on the upper 32-bit half of each lane: {@code ilogb2k} reads bits 52–62
 * (the same as {@code (hi >>> 20) & 0x7ff}) and {@code ldexp3} adds {@code (q << 20) << 32}, which is
 * {@code q << 52} in 64-bit arithmetic since {@code |q| < 2^11}. No float→int conversion is involved.
 *
 * <p>{@link Log1pD} uses it for lanes above Sleef's {@code LOG1P_BOUND}.
 */
final class LogD {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = D.withLanes(long.class);

    private static final double DBL_MIN = 0x1p-1022;
    private static final double TWO64 = 0x1p64;

    private LogD() {}

    /** dst = ln src over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int log(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        int end = D.loopBound(n);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector negOne = DoubleVector.broadcast(D, -1.0);
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector d = DoubleVector.fromArray(D, src, srcOff + i);
            VectorMask<Double> o = d.compare(VectorOperators.LT, DBL_MIN);
            d = d.blend(d.mul(TWO64), o);
            LongVector e = d.mul(1.0 / 0.75).reinterpretAsLongs()
                    .lanewise(VectorOperators.LSHR, 52).and(0x7ffL).sub(0x3ffL);
            DoubleVector m = d.reinterpretAsLongs().add(e.neg().lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
            e = e.blend(e.sub(64L), o.cast(L));

            DoubleVector nx = negOne.add(m);
            DoubleVector v = nx.sub(negOne);
            DoubleVector ny = negOne.sub(nx.sub(v)).add(m.sub(v));
            DoubleVector px = one.add(m);
            v = px.sub(one);
            DoubleVector py = one.sub(px.sub(v)).add(m.sub(v));
            DoubleVector t = one.div(px);
            DoubleVector xx = nx.mul(t);
            DoubleVector u = t.fma(nx, xx.neg());
            DoubleVector w = py.neg().fma(t, px.neg().fma(t, one));
            DoubleVector xy = xx.fma(w, ny.fma(t, u));

            DoubleVector r = Log1pD.tail(e, xx, xy);

            r.blend(Double.POSITIVE_INFINITY, d.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY))
                    .blend(Double.NaN, d.compare(VectorOperators.LT, 0.0).or(d.compare(VectorOperators.NE, d)))
                    .blend(Double.NEGATIVE_INFINITY, d.compare(VectorOperators.EQ, 0.0))
                    .intoArray(dst, dstOff + i);
        }
        return end;
    }
}
