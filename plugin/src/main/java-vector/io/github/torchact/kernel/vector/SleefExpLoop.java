package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 forward loop of sigmoid and silu, with a lane-wise copy of {@code
 * io.github.torchact.kernel.math.SleefFloat.exp} (Sleef {@code xexpf}, Sleef_expf8_u10,
 * src/libm/sleefsimdsp.c) written into the loop body: the same fma chain on the same constants, the
 * same {@code _mm256_cvtps_epi32} rounding, the same exponent-field scaling ({@code vldexp2}) and the
 * same special-case selects, so every lane gives the scalar kernels' bits.
 *
 * <p>exp: {@code q = cvtps2dq(d · R_LN2f)}; {@code s = fma(q, -L2Lf, fma(q, -L2Uf, d))}; {@code u} the
 * degree-5 polynomial in {@code s}; {@code e^d = (1 + fma(s², u, s)) · 2^(q>>1) · 2^(q − (q>>1))}; 0
 * below -104, +inf above 100. Then sigmoid {@code 1 / (exp(0 − x) + 1)}, silu {@code x / (1 +
 * exp(−x))}, as {@code Sigmoid.apply(float)} and {@code Silu.apply(float)}.
 *
 * <p>Why one hand-inlined loop and no {@code exp(FloatVector)} helper: the helper is too big for C2 to
 * inline once it has been compiled on its own ("already compiled into a big method"), and a vector
 * passed through a call that is not inlined is boxed; measured under JMH, that made the loop slower
 * than the scalar one.
 */
final class SleefExpLoop {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);

    /** Sleef misc.h R_LN2f, L2Uf, L2Lf (the same float constants as the scalar transcription). */
    private static final float R_LN2F = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    private static final float L2UF = 0.693145751953125f;
    private static final float L2LF = 1.428606765330187045e-06f;
    /** Floats at or above 2^23 are integers; below it, (|v| + 2^23) − 2^23 rounds |v| to nearest even. */
    private static final float TWO23 = 0x1p23f;
    private static final float TWO31 = 0x1p31f;

    private SleefExpLoop() {}

    /** sigmoid ({@code silu == false}) or silu of x over a prefix of [0, len); returns its length. */
    static int forward(float[] x, int xOff, float[] y, int yOff, int len, boolean silu) {
        int n = F.loopBound(len);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector c0 = FloatVector.broadcast(F, (float) 0.000198527617612853646278381);
        FloatVector c1 = FloatVector.broadcast(F, (float) 0.00139304355252534151077271);
        FloatVector c2 = FloatVector.broadcast(F, (float) 0.00833336077630519866943359);
        FloatVector c3 = FloatVector.broadcast(F, (float) 0.0416664853692054748535156);
        FloatVector c4 = FloatVector.broadcast(F, (float) 0.166666671633720397949219);
        FloatVector c5 = FloatVector.broadcast(F, 0.5f);
        FloatVector negL2U = FloatVector.broadcast(F, -L2UF);
        FloatVector negL2L = FloatVector.broadcast(F, -L2LF);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector d = silu ? v.neg() : zero.sub(v);

            // q = _mm256_cvtps_epi32(d · R_LN2f): nearest even; NaN and |t| ≥ 2^31 give 0x80000000.
            FloatVector t = d.mul(R_LN2F);
            FloatVector a = t.abs();
            FloatVector ra = a.add(TWO23).sub(TWO23);
            FloatVector r = ra.blend(ra.neg(), t.compare(VectorOperators.LT, 0f))
                    .blend(t, a.compare(VectorOperators.GE, TWO23).or(t.test(VectorOperators.IS_NAN)));
            IntVector q = (IntVector) r.convert(VectorOperators.F2I, 0);
            VectorMask<Integer> inRange = r.compare(VectorOperators.GE, -TWO31)
                    .and(r.compare(VectorOperators.LT, TWO31)).cast(I);
            q = q.blend(Integer.MIN_VALUE, inRange.not());

            FloatVector qf = (FloatVector) q.convert(VectorOperators.I2F, 0);
            FloatVector s = qf.fma(negL2U, d);
            s = qf.fma(negL2L, s);
            FloatVector u = c0.fma(s, c1).fma(s, c2).fma(s, c3).fma(s, c4).fma(s, c5);
            u = one.add(s.mul(s).fma(u, s));

            // vldexp2(u, q) = u · 2^(q>>1) · 2^(q − (q>>1)), each power written into the exponent field.
            IntVector h = q.lanewise(VectorOperators.ASHR, 1);
            FloatVector p1 = h.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p2 = q.sub(h).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            u = u.mul(p1).mul(p2);

            FloatVector e = u.blend(0f, d.compare(VectorOperators.LT, -104f))
                    .blend(Float.POSITIVE_INFINITY, d.compare(VectorOperators.GT, 100f));
            (silu ? v.div(one.add(e)) : one.div(e.add(1f))).intoArray(y, yOff + i);
        }
        return n;
    }
}
