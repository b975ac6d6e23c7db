package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 e^x − 1 over an array block, lane-wise the bits of {@code AtenMath.expm1(float)} (Sleef
 * {@code xexpm1f}, Sleef_expm1f8_u10, src/libm/sleefsimdsp.c, which PyTorch 2.8+'s vectorised ELU
 * calls): {@code expk2f((a, 0))} in double-float (the FMA branch of df.h: {@code dfadd2}, {@code dfmul},
 * {@code dfsqu}), then {@code dfadd2(t, −1)} summed, +inf above 88.72283172607421875, −1 below
 * −16.635532333438687426013570, −0 for −0. Same operations in the same order as the scalar
 * transcription, {@code + 0} of the argument's zero low part included.
 *
 * <p>{@code cvtps2dq} is the add/subtract of 1.5·2^23 (round to nearest even, exact below 2^22): a
 * lane that survives the final selects has a ∈ [−16.64, 88.73], so |a·R_LN2f| &lt; 128 and q ∈
 * [−24, 128]; expk2f's {@code d < −104 → 0} select cannot fire there. Every other lane (beyond the
 * cut-offs, ±inf) is replaced by a select whatever q it got; NaN stays NaN throughout.
 */
final class Expm1F {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Sleef misc.h R_LN2f, L2Uf, L2Lf (the same float constants as the scalar transcription). */
    private static final float R_LN2F = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    private static final float L2UF = 0.693145751953125f;
    private static final float L2LF = 1.428606765330187045e-06f;
    private static final float ROUND = 0x1.8p23f;
    private static final float OVER = 88.72283172607421875f;
    private static final float UNDER = -16.635532333438687426013570f;

    private Expm1F() {}

    /** dst = e^src − 1 over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int expm1(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, src, srcOff + i);
            // expk2f((d, 0)): q = cvtps2dq((d + 0) · R_LN2f)
            IntVector q = (IntVector) d.add(0f).mul(R_LN2F).add(ROUND).sub(ROUND).convert(VectorOperators.F2I, 0);
            FloatVector qf = (FloatVector) q.convert(VectorOperators.I2F, 0);
            // s = dfadd2(d, q·−L2U), then dfadd2(s, q·−L2L)
            FloatVector y = qf.mul(-L2UF);
            FloatVector sx = d.add(y);
            FloatVector v = sx.sub(d);
            FloatVector sy = d.sub(sx.sub(v)).add(y.sub(v)).add(0f);
            y = qf.mul(-L2LF);
            FloatVector s0 = sx.add(y);
            v = s0.sub(sx);
            sy = sx.sub(s0.sub(v)).add(y.sub(v)).add(sy);
            sx = s0;

            FloatVector u = FloatVector.broadcast(F, 0.1980960224e-3f).fma(sx, FloatVector.broadcast(F, 0.1394256484e-2f))
                    .fma(sx, FloatVector.broadcast(F, 0.8333456703e-2f)).fma(sx, FloatVector.broadcast(F, 0.4166637361e-1f));

            // t = dfadd2(dfmul(s, u), 1/6)
            FloatVector mx = sx.mul(u);
            FloatVector my = sy.fma(u, sx.fma(u, mx.neg()));
            float c = 0.166666659414234244790680580464e+0f;
            FloatVector tx = mx.add(c);
            v = tx.sub(mx);
            FloatVector ty = mx.sub(tx.sub(v)).add(FloatVector.broadcast(F, c).sub(v)).add(my);
            // t = dfadd2(dfmul(s, t), 0.5)
            mx = sx.mul(tx);
            my = sx.fma(ty, sy.fma(tx, sx.fma(tx, mx.neg())));
            tx = mx.add(0.5f);
            v = tx.sub(mx);
            ty = mx.sub(tx.sub(v)).add(FloatVector.broadcast(F, 0.5f).sub(v)).add(my);
            // t = dfadd2(s, dfmul(dfsqu(s), t))
            FloatVector qx = sx.mul(sx);
            FloatVector qy = sx.add(sx).fma(sy, sx.fma(sx, qx.neg()));
            mx = qx.mul(tx);
            my = qx.fma(ty, qy.fma(tx, qx.fma(tx, mx.neg())));
            tx = sx.add(mx);
            v = tx.sub(sx);
            ty = sx.sub(tx.sub(v)).add(mx.sub(v)).add(sy.add(my));
            // t = dfadd(1, t)
            FloatVector t0 = tx.add(1f);
            ty = FloatVector.broadcast(F, 1f).sub(t0).add(tx).add(ty);
            tx = t0;
            // vldexp2 of both halves
            IntVector h = q.lanewise(VectorOperators.ASHR, 1);
            FloatVector p1 = h.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p2 = q.sub(h).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            tx = tx.mul(p1).mul(p2);
            ty = ty.mul(p1).mul(p2);

            // dfadd2(t, −1), summed
            FloatVector s = tx.add(-1f);
            v = s.sub(tx);
            FloatVector sl = tx.sub(s.sub(v)).add(FloatVector.broadcast(F, -1f).sub(v)).add(ty);
            FloatVector x = s.add(sl);
            x = x.blend(Float.POSITIVE_INFINITY, d.compare(VectorOperators.GT, OVER))
                    .blend(-1f, d.compare(VectorOperators.LT, UNDER));
            IntVector bits = d.reinterpretAsInts();
            x.blend(-0f, bits.compare(VectorOperators.EQ, Integer.MIN_VALUE).cast(F))
                    .intoArray(dst, dstOff + i);
        }
        return end;
    }
}
