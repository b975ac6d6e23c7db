package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 ln(1 + x) over an array block, lane-wise the bits of {@code SleefF.log1p} (Sleef {@code
 * xlog1pf}, Sleef_log1pf8_u10, src/libm/sleefsimdsp.c, Sleef ≥ 3.7): {@code e = ilogb2k((d + 1) ·
 * (1/0.75))}, {@code t = ldexp3(1, −e)}, {@code m = fma(d, t, t − 1)}; {@code x = m / (2 + m)} and {@code s = e · ln2} as double-float pairs; {@code
 * ln(1+d) = s + 2x + x³·P(x²)}; then the selects in the scalar order: {@code d > LOG1PF_BOUND} →
 * {@code ln d} ({@link LogF}), {@code d < −1} → NaN, {@code d = −1} → −inf, {@code d = −0} → −0.
 *
 * <p>The scalar select is {@code !(d <= LOG1PF_BOUND)}, true for NaN too; here only lanes with
 * {@code d > LOG1PF_BOUND} take ln d. Identical up to NaN payload: for NaN d the main path is NaN
 * already ({@code m = fma(NaN, t, ·)} is NaN and every later sum carries it), as is ln NaN. ln d is
 * computed only for vectors with such a lane (one {@link LogF} call on that vector, before dst is
 * written, so dst may be src); the other lanes keep their values, so the result is the same as
 * computing both everywhere and blending.
 *
 * <p>The scalar code's rescaling of {@code d + 1 < FLT_MIN} by 2^64 (and {@code e − 64}) is left
 * out: {@code d + 1 < FLT_MIN} holds only for {@code d ≤ −1} (the float above −1 is −1 + 2^-24, where
 * {@code d + 1 = 2^-24} exactly), lanes the final selects set to NaN or −inf whatever the main path
 * gave.
 *
 * <p>The {@code fma(0, 1/(2+m), u)} of the pair division (dfdiv of a pair with a zero low part) is
 * kept as written, one instruction, though it differs from {@code u} only where {@code 2 + m} is 0 or
 * NaN, which no lane that survives the final selects reaches.
 */
final class Log1pF {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Sleef misc.h LOG1PF_BOUND (1.0e+38). */
    static final float LOG1PF_BOUND = 0x1.2ced32p+126f;
    private static final int ONE_BITS = 0x3f800000;

    private Log1pF() {}

    /** dst = ln(1 + src) over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int log1p(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        int end = F.loopBound(n);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector two = FloatVector.broadcast(F, 2f);
        FloatVector ln2Hi = FloatVector.broadcast(F, LogF.LN2_HI);
        FloatVector ln2Lo = FloatVector.broadcast(F, LogF.LN2_LO);
        FloatVector p0 = FloatVector.broadcast(F, 0.3027294874e+0f);
        FloatVector p1 = FloatVector.broadcast(F, 0.3996108174e+0f);
        FloatVector p2 = FloatVector.broadcast(F, 0.6666694880e+0f);
        float[] big = null;
        for (int i = 0; i < end; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector dp1 = d.add(one);
            IntVector e = dp1.mul(1.0f / 0.75f).reinterpretAsInts()
                    .lanewise(VectorOperators.LSHR, 23).and(0xff).sub(0x7f);
            FloatVector t = e.neg().lanewise(VectorOperators.LSHL, 23).add(ONE_BITS).reinterpretAsFloats();
            FloatVector m = d.fma(t, t.sub(one));
            FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);

            FloatVector sx = ln2Hi.mul(ef);
            FloatVector sy = ln2Lo.fma(ef, ln2Hi.fma(ef, sx.neg()));

            FloatVector px = two.add(m);
            FloatVector py = two.sub(px).add(m);
            FloatVector rt = one.div(px);
            FloatVector xx = m.mul(rt);
            FloatVector u = rt.fma(m, xx.neg());
            FloatVector w = py.neg().fma(rt, px.neg().fma(rt, one));
            FloatVector xy = xx.fma(w, zero.fma(rt, u));

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

            VectorMask<Float> large = d.compare(VectorOperators.GT, LOG1PF_BOUND);
            if (large.anyTrue()) {
                if (big == null) {
                    big = new float[F.length()];
                }
                LogF.log(src, srcOff + i, big, 0, F.length());
                r = r.blend(FloatVector.fromArray(F, big, 0), large);
            }
            r.blend(Float.NaN, d.compare(VectorOperators.LT, -1f))
                    .blend(Float.NEGATIVE_INFINITY, d.compare(VectorOperators.EQ, -1f))
                    .blend(-0f, d.reinterpretAsInts().compare(VectorOperators.EQ, 0x80000000).cast(F))
                    .intoArray(dst, dstOff + i);
        }
        return end;
    }
}
