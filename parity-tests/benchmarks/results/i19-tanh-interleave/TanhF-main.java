package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 tanh over an array block, lane-wise the bits of {@code AtenMath.tanh(float)} (Sleef {@code
 * xtanhf}, Sleef_tanhf8_u10, src/libm/sleefsimdsp.c): with d = e^|x| as a double-float from {@code
 * expk2f}, {@code tanh = (d − 1/d) / (d + 1/d)} in double-float ({@code dfrec}, {@code dfadd}, {@code
 * dfdiv}, FMA branch of df.h); 1 where |x| &gt; 8.664339742 or the quotient is NaN; the sign of x by
 * {@code mulsign}; NaN where x is NaN. Same operations in the same order as the scalar transcription.
 *
 * <p>Why the shortcuts inside {@code expk2f} are exact:
 * <ul>
 *   <li>{@code cvtps2dq(|x|·R_LN2f)} is the add/subtract of 1.5·2^23 (round to nearest even, exact
 *       below 2^22). Every lane whose result survives has |x| ≤ 8.664339742, so |x|·R_LN2f &lt; 13
 *       and q ∈ [0, 13]; every other lane (|x| above the cut-off, NaN) is replaced by the final
 *       selects, whatever q it got. For the same reason the rounded value itself serves as
 *       {@code (float) q} (an integer below 2^24, never −0: |x| ≥ +0).</li>
 *   <li>The argument pair is (|x|, +0): {@code |x| + 0} is |x|, and the {@code + 0} ending the first
 *       {@code dfadd2} low part is the identity because that sum is never −0 (its first term {@code
 *       |x| − (s − v)} is not: a difference is −0 only when a −0 is reduced by +0).</li>
 *   <li>expk2f's {@code d < −104 → 0} select never fires for d = |x|.</li>
 * </ul>
 *
 * <p>Kernels call it as one stage over an L1 block (see {@link ExpF} for why staged).
 */
final class TanhF {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Sleef misc.h R_LN2f, L2Uf, L2Lf (the same float constants as the scalar transcription). */
    private static final float R_LN2F = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    private static final float L2UF = 0.693145751953125f;
    private static final float L2LF = 1.428606765330187045e-06f;
    private static final float ROUND = 0x1.8p23f;
    /** Sleef xtanhf's cut-off: above it tanh is 1 in float32. */
    private static final float CUT = 8.664339742f;

    private TanhF() {}

    /** dst = tanh(src) over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int tanh(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        int end = F.loopBound(n);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector half = FloatVector.broadcast(F, 0.5f);
        FloatVector c = FloatVector.broadcast(F, 0.166666659414234244790680580464e+0f);
        FloatVector c0 = FloatVector.broadcast(F, 0.1980960224e-3f);
        FloatVector c1 = FloatVector.broadcast(F, 0.1394256484e-2f);
        FloatVector c2 = FloatVector.broadcast(F, 0.8333456703e-2f);
        FloatVector c3 = FloatVector.broadcast(F, 0.4166637361e-1f);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector ax = x.abs();

            // expk2f((|x|, 0)): range reduction s = |x| − q·ln2 as a pair (sx, sy)
            FloatVector qf = ax.mul(R_LN2F).add(ROUND).sub(ROUND);
            IntVector q = (IntVector) qf.convert(VectorOperators.F2I, 0);
            FloatVector y = qf.mul(-L2UF);
            FloatVector sx = ax.add(y);
            FloatVector v = sx.sub(ax);
            FloatVector sy = ax.sub(sx.sub(v)).add(y.sub(v));
            y = qf.mul(-L2LF);
            FloatVector s0 = sx.add(y);
            v = s0.sub(sx);
            sy = sx.sub(s0.sub(v)).add(y.sub(v)).add(sy);
            sx = s0;

            FloatVector u = c0.fma(sx, c1).fma(sx, c2).fma(sx, c3);
            // t = dfadd2(dfmul(s, u), c)
            FloatVector mx = sx.mul(u);
            FloatVector my = sy.fma(u, sx.fma(u, mx.neg()));
            FloatVector tx = mx.add(c);
            v = tx.sub(mx);
            FloatVector ty = mx.sub(tx.sub(v)).add(c.sub(v)).add(my);
            // t = dfadd2(dfmul(s, t), 0.5)
            mx = sx.mul(tx);
            my = sx.fma(ty, sy.fma(tx, sx.fma(tx, mx.neg())));
            tx = mx.add(half);
            v = tx.sub(mx);
            ty = mx.sub(tx.sub(v)).add(half.sub(v)).add(my);
            // t = dfadd2(s, dfmul(dfsqu(s), t))
            FloatVector qx = sx.mul(sx);
            FloatVector qy = sx.add(sx).fma(sy, sx.fma(sx, qx.neg()));
            mx = qx.mul(tx);
            my = qx.fma(ty, qy.fma(tx, qx.fma(tx, mx.neg())));
            tx = sx.add(mx);
            v = tx.sub(sx);
            ty = sx.sub(tx.sub(v)).add(mx.sub(v)).add(sy.add(my));
            // t = dfadd(1, t)
            FloatVector t0 = one.add(tx);
            ty = one.sub(t0).add(tx).add(ty);
            tx = t0;
            // vldexp2: · 2^(q>>1) · 2^(q − (q>>1))
            IntVector h = q.lanewise(VectorOperators.ASHR, 1);
            FloatVector p1 = h.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p2 = q.sub(h).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector dx = tx.mul(p1).mul(p2);
            FloatVector dy = ty.mul(p1).mul(p2);

            // e = dfrec(d)
            FloatVector ex = one.div(dx);
            FloatVector ey = ex.mul(dy.neg().fma(ex, dx.neg().fma(ex, one)));
            // n = dfadd(d, −e), m = dfadd(d, e)   (a + −b is a − b in IEEE 754)
            FloatVector nx = dx.sub(ex);
            FloatVector ny = dx.sub(nx).sub(ex).add(dy).sub(ey);
            mx = dx.add(ex);
            my = dx.sub(mx).add(ex).add(dy).add(ey);
            // dfdiv(n, m), then hi + lo
            FloatVector t = one.div(mx);
            FloatVector s = nx.mul(t);
            u = t.fma(nx, s.neg());
            FloatVector w = my.neg().fma(t, mx.neg().fma(t, one));
            FloatVector r = s.add(s.fma(w, ny.fma(t, u)));

            VectorMask<Float> saturated = ax.compare(VectorOperators.GT, CUT).or(r.test(VectorOperators.IS_NAN));
            r = r.blend(one, saturated);
            IntVector sign = x.reinterpretAsInts().and(0x80000000);
            r = r.reinterpretAsInts().lanewise(VectorOperators.XOR, sign).reinterpretAsFloats();
            r.blend(Float.NaN, x.test(VectorOperators.IS_NAN)).intoArray(dst, dstOff + i);
        }
        return end;
    }
}
