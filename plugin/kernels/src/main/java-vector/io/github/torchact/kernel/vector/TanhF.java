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
 *       {@code (float) q} (an integer below 2^24, never −0: |x| ≥ +0), and q is read from the bits
 *       of the sum |x|·R_LN2f + 1.5·2^23 rather than converted from float (Java's conversion adds a
 *       check for out-of-range lanes to every vector).</li>
 *   <li>The argument pair is (|x|, +0): {@code |x| + 0} is |x|, and the {@code + 0} ending the first
 *       {@code dfadd2} low part is the identity because that sum is never −0 (its first term {@code
 *       |x| − (s − v)} is not: a difference is −0 only when a −0 is reduced by +0).</li>
 *   <li>expk2f's {@code d < −104 → 0} select never fires for d = |x|.</li>
 * </ul>
 *
 * <p>Two independent vectors per iteration (A and B), their operations interleaved one by one: one
 * vector's dependency chain is ~130 cycles, and C2 neither unrolls a loop this long nor reorders its
 * body, so the scheduler gets independent work only from the next iteration. Each lane runs the same
 * operations either way, so the bits are the same. An odd last vector is taken as both A and B: a
 * separate one-vector remainder loop (a third copy of the body) made C2 box the vectors in a trial.
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
    /** The bits of {@link #ROUND}: ROUND + k, for an integer 0 ≤ k &lt; 2^22, has the bits ROUND_BITS + k. */
    private static final int ROUND_BITS = 0x4b400000;
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
        for (int i = 0; i < end; i += 2 * F.length()) {
            // B is the next vector, or A again when A is the last (both loads precede both stores: dst may be src)
            int j = Math.min(i + F.length(), end - F.length());
            FloatVector xA = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector xB = FloatVector.fromArray(F, src, srcOff + j);
            FloatVector axA = xA.abs();
            FloatVector axB = xB.abs();

            // expk2f((|x|, 0)): range reduction s = |x| − q·ln2 as a pair (sx, sy)
            FloatVector qrA = axA.mul(R_LN2F).add(ROUND);
            FloatVector qrB = axB.mul(R_LN2F).add(ROUND);
            FloatVector qfA = qrA.sub(ROUND);
            FloatVector qfB = qrB.sub(ROUND);
            IntVector qA = qrA.reinterpretAsInts().sub(ROUND_BITS);
            IntVector qB = qrB.reinterpretAsInts().sub(ROUND_BITS);
            FloatVector yA = qfA.mul(-L2UF);
            FloatVector yB = qfB.mul(-L2UF);
            FloatVector sxA = axA.add(yA);
            FloatVector sxB = axB.add(yB);
            FloatVector vA = sxA.sub(axA);
            FloatVector vB = sxB.sub(axB);
            FloatVector syA = axA.sub(sxA.sub(vA)).add(yA.sub(vA));
            FloatVector syB = axB.sub(sxB.sub(vB)).add(yB.sub(vB));
            yA = qfA.mul(-L2LF);
            yB = qfB.mul(-L2LF);
            FloatVector s0A = sxA.add(yA);
            FloatVector s0B = sxB.add(yB);
            vA = s0A.sub(sxA);
            vB = s0B.sub(sxB);
            syA = sxA.sub(s0A.sub(vA)).add(yA.sub(vA)).add(syA);
            syB = sxB.sub(s0B.sub(vB)).add(yB.sub(vB)).add(syB);
            sxA = s0A;
            sxB = s0B;

            FloatVector uA = c0.fma(sxA, c1).fma(sxA, c2).fma(sxA, c3);
            FloatVector uB = c0.fma(sxB, c1).fma(sxB, c2).fma(sxB, c3);
            // t = dfadd2(dfmul(s, u), c)
            FloatVector mxA = sxA.mul(uA);
            FloatVector mxB = sxB.mul(uB);
            FloatVector myA = syA.fma(uA, sxA.fma(uA, mxA.neg()));
            FloatVector myB = syB.fma(uB, sxB.fma(uB, mxB.neg()));
            FloatVector txA = mxA.add(c);
            FloatVector txB = mxB.add(c);
            vA = txA.sub(mxA);
            vB = txB.sub(mxB);
            FloatVector tyA = mxA.sub(txA.sub(vA)).add(c.sub(vA)).add(myA);
            FloatVector tyB = mxB.sub(txB.sub(vB)).add(c.sub(vB)).add(myB);
            // t = dfadd2(dfmul(s, t), 0.5)
            mxA = sxA.mul(txA);
            mxB = sxB.mul(txB);
            myA = sxA.fma(tyA, syA.fma(txA, sxA.fma(txA, mxA.neg())));
            myB = sxB.fma(tyB, syB.fma(txB, sxB.fma(txB, mxB.neg())));
            txA = mxA.add(half);
            txB = mxB.add(half);
            vA = txA.sub(mxA);
            vB = txB.sub(mxB);
            tyA = mxA.sub(txA.sub(vA)).add(half.sub(vA)).add(myA);
            tyB = mxB.sub(txB.sub(vB)).add(half.sub(vB)).add(myB);
            // t = dfadd2(s, dfmul(dfsqu(s), t))
            FloatVector qxA = sxA.mul(sxA);
            FloatVector qxB = sxB.mul(sxB);
            FloatVector qyA = sxA.add(sxA).fma(syA, sxA.fma(sxA, qxA.neg()));
            FloatVector qyB = sxB.add(sxB).fma(syB, sxB.fma(sxB, qxB.neg()));
            mxA = qxA.mul(txA);
            mxB = qxB.mul(txB);
            myA = qxA.fma(tyA, qyA.fma(txA, qxA.fma(txA, mxA.neg())));
            myB = qxB.fma(tyB, qyB.fma(txB, qxB.fma(txB, mxB.neg())));
            txA = sxA.add(mxA);
            txB = sxB.add(mxB);
            vA = txA.sub(sxA);
            vB = txB.sub(sxB);
            tyA = sxA.sub(txA.sub(vA)).add(mxA.sub(vA)).add(syA.add(myA));
            tyB = sxB.sub(txB.sub(vB)).add(mxB.sub(vB)).add(syB.add(myB));
            // t = dfadd(1, t)
            FloatVector t0A = one.add(txA);
            FloatVector t0B = one.add(txB);
            tyA = one.sub(t0A).add(txA).add(tyA);
            tyB = one.sub(t0B).add(txB).add(tyB);
            txA = t0A;
            txB = t0B;
            // vldexp2: · 2^(q>>1) · 2^(q − (q>>1))
            IntVector hA = qA.lanewise(VectorOperators.ASHR, 1);
            IntVector hB = qB.lanewise(VectorOperators.ASHR, 1);
            FloatVector p1A = hA.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p1B = hB.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p2A = qA.sub(hA).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p2B = qB.sub(hB).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector dxA = txA.mul(p1A).mul(p2A);
            FloatVector dxB = txB.mul(p1B).mul(p2B);
            FloatVector dyA = tyA.mul(p1A).mul(p2A);
            FloatVector dyB = tyB.mul(p1B).mul(p2B);

            // e = dfrec(d)
            FloatVector exA = one.div(dxA);
            FloatVector exB = one.div(dxB);
            FloatVector eyA = exA.mul(dyA.neg().fma(exA, dxA.neg().fma(exA, one)));
            FloatVector eyB = exB.mul(dyB.neg().fma(exB, dxB.neg().fma(exB, one)));
            // n = dfadd(d, −e), m = dfadd(d, e)   (a + −b is a − b in IEEE 754)
            FloatVector nxA = dxA.sub(exA);
            FloatVector nxB = dxB.sub(exB);
            FloatVector nyA = dxA.sub(nxA).sub(exA).add(dyA).sub(eyA);
            FloatVector nyB = dxB.sub(nxB).sub(exB).add(dyB).sub(eyB);
            mxA = dxA.add(exA);
            mxB = dxB.add(exB);
            myA = dxA.sub(mxA).add(exA).add(dyA).add(eyA);
            myB = dxB.sub(mxB).add(exB).add(dyB).add(eyB);
            // dfdiv(n, m), then hi + lo
            FloatVector tA = one.div(mxA);
            FloatVector tB = one.div(mxB);
            FloatVector sA = nxA.mul(tA);
            FloatVector sB = nxB.mul(tB);
            uA = tA.fma(nxA, sA.neg());
            uB = tB.fma(nxB, sB.neg());
            FloatVector wA = myA.neg().fma(tA, mxA.neg().fma(tA, one));
            FloatVector wB = myB.neg().fma(tB, mxB.neg().fma(tB, one));
            FloatVector rA = sA.add(sA.fma(wA, nyA.fma(tA, uA)));
            FloatVector rB = sB.add(sB.fma(wB, nyB.fma(tB, uB)));

            VectorMask<Float> saturatedA = axA.compare(VectorOperators.GT, CUT).or(rA.test(VectorOperators.IS_NAN));
            VectorMask<Float> saturatedB = axB.compare(VectorOperators.GT, CUT).or(rB.test(VectorOperators.IS_NAN));
            rA = rA.blend(one, saturatedA);
            rB = rB.blend(one, saturatedB);
            IntVector signA = xA.reinterpretAsInts().and(0x80000000);
            IntVector signB = xB.reinterpretAsInts().and(0x80000000);
            rA = rA.reinterpretAsInts().lanewise(VectorOperators.XOR, signA).reinterpretAsFloats();
            rB = rB.reinterpretAsInts().lanewise(VectorOperators.XOR, signB).reinterpretAsFloats();
            rA.blend(Float.NaN, xA.test(VectorOperators.IS_NAN)).intoArray(dst, dstOff + i);
            rB.blend(Float.NaN, xB.test(VectorOperators.IS_NAN)).intoArray(dst, dstOff + j);
        }
        return end;
    }
}
