package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 ln x over an array block, lane-wise the bits of {@code SleefF.log} (Sleef {@code
 * xlogf_u1}, Sleef_logf8_u10, src/libm/sleefsimdsp.c): subnormal inputs scaled by 2^64; {@code e =
 * ilogb2k(d · (1/0.75))}, {@code m = ldexp3(d, −e)}; {@code x = (m − 1)/(m + 1)} and {@code s = e ·
 * ln2} as double-float pairs (df.h, FMA branch); {@code ln d = s + 2x + x³·P(x²)}; then the selects
 * +inf → +inf, {@code d < 0} or NaN → NaN, ±0 → −inf, in that order, on the scaled d as the scalar
 * code does.
 *
 * <p>{@code ilogb2k} and {@code ldexp3} are exponent-field integer operations, the same 32-bit
 * wrap-around in both forms. No float→int conversion is involved.
 *
 * <p>{@link Log1pF} uses it for lanes above Sleef's {@code LOG1PF_BOUND}.
 */
final class LogF {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);

    private static final float FLT_MIN = 0x1p-126f;
    private static final float TWO64 = 0x1p64f;
    /** Sleef's ln 2 as a float pair (sleefsimdsp.c, xlogf_u1). */
    static final float LN2_HI = 0.69314718246459960938f;
    static final float LN2_LO = -1.904654323148236017e-09f;

    private LogF() {}

    /** dst = ln src over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int log(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        int end = F.loopBound(n);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector negOne = FloatVector.broadcast(F, -1f);
        FloatVector ln2Hi = FloatVector.broadcast(F, LN2_HI);
        FloatVector ln2Lo = FloatVector.broadcast(F, LN2_LO);
        FloatVector p0 = FloatVector.broadcast(F, 0.3027294874e+0f);
        FloatVector p1 = FloatVector.broadcast(F, 0.3996108174e+0f);
        FloatVector p2 = FloatVector.broadcast(F, 0.6666694880e+0f);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, src, srcOff + i);
            VectorMask<Float> o = d.compare(VectorOperators.LT, FLT_MIN);
            d = d.blend(d.mul(TWO64), o);
            IntVector e = d.mul(1.0f / 0.75f).reinterpretAsInts()
                    .lanewise(VectorOperators.LSHR, 23).and(0xff).sub(0x7f);
            FloatVector m = d.reinterpretAsInts().add(e.neg().lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats();
            e = e.blend(e.sub(64), o.cast(I));
            FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);

            FloatVector sx = ln2Hi.mul(ef);
            FloatVector sy = ln2Lo.fma(ef, ln2Hi.fma(ef, sx.neg()));

            FloatVector nx = negOne.add(m);
            FloatVector v = nx.sub(negOne);
            FloatVector ny = negOne.sub(nx.sub(v)).add(m.sub(v));
            FloatVector px = one.add(m);
            v = px.sub(one);
            FloatVector py = one.sub(px.sub(v)).add(m.sub(v));
            FloatVector t = one.div(px);
            FloatVector xx = nx.mul(t);
            FloatVector u = t.fma(nx, xx.neg());
            FloatVector w = py.neg().fma(t, px.neg().fma(t, one));
            FloatVector xy = xx.fma(w, ny.fma(t, u));

            // tail: s + 2x + x³·P(x²), as SleefF.tail
            FloatVector x2 = xx.mul(xx);
            FloatVector q = p0.fma(x2, p1).fma(x2, p2);
            FloatVector zx = xx.mul(2f);
            FloatVector zy = xy.mul(2f);
            FloatVector ax = sx.add(zx);
            FloatVector ay = sx.sub(ax).add(zx).add(sy).add(zy);
            FloatVector y = x2.mul(xx).mul(q);
            FloatVector bx = ax.add(y);
            FloatVector by = ax.sub(bx).add(y).add(ay);
            FloatVector r = bx.add(by);

            r.blend(Float.POSITIVE_INFINITY, d.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY))
                    .blend(Float.NaN, d.compare(VectorOperators.LT, 0f).or(d.compare(VectorOperators.NE, d)))
                    .blend(Float.NEGATIVE_INFINITY, d.compare(VectorOperators.EQ, 0f))
                    .intoArray(dst, dstOff + i);
        }
        return end;
    }
}
