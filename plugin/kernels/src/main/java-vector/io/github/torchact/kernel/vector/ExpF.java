package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 e^x over an array block, lane-wise the bits of {@code AtenMath.exp(float)} (Sleef {@code
 * xexpf}, Sleef_expf8_u10, src/libm/sleefsimdsp.c): the same fma chain on the same constants, the same
 * exponent-field scaling ({@code vldexp2}) and the same special-case selects.
 *
 * <p>{@code q = cvtps2dq(d · R_LN2f)}; {@code s = fma(q, -L2Lf, fma(q, -L2Uf, d))}; {@code u} the
 * degree-5 polynomial in {@code s}; {@code e^d = (1 + fma(s², u, s)) · 2^(q>>1) · 2^(q − (q>>1))}; 0
 * below -104, +inf above 100. The rounding to nearest even of {@code cvtps2dq} is the add/subtract of
 * 1.5·2^23, exact for |d · R_LN2f| &lt; 2^22: lanes outside [-104, 100] get q garbage but are
 * replaced by 0 or +inf at the end, and NaN lanes stay NaN through {@code s}.
 *
 * <p>Two forms of the same operations: the block function, for kernels staged over a block that stays
 * in L1 (argument → exp → log1p/tanh → combine), and {@link #exp(FloatVector)}, which single-exp
 * kernels inline into one fused pass. Bigger stages (log1p, tanh, erf) have only the block form: C2
 * does not inline a helper that big once it has been compiled on its own, and a vector passed
 * through a call that is not inlined is boxed.
 */
final class ExpF {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Sleef misc.h R_LN2f, L2Uf, L2Lf (the same float constants as the scalar transcription). */
    private static final float R_LN2F = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    private static final float L2UF = 0.693145751953125f;
    private static final float L2LF = 1.428606765330187045e-06f;
    private static final float ROUND = 0x1.8p23f;

    private ExpF() {}

    /** dst = e^src over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int exp(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        int end = F.loopBound(n);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector c0 = FloatVector.broadcast(F, (float) 0.000198527617612853646278381);
        FloatVector c1 = FloatVector.broadcast(F, (float) 0.00139304355252534151077271);
        FloatVector c2 = FloatVector.broadcast(F, (float) 0.00833336077630519866943359);
        FloatVector c3 = FloatVector.broadcast(F, (float) 0.0416664853692054748535156);
        FloatVector c4 = FloatVector.broadcast(F, (float) 0.166666671633720397949219);
        FloatVector c5 = FloatVector.broadcast(F, 0.5f);
        FloatVector negL2U = FloatVector.broadcast(F, -L2UF);
        FloatVector negL2L = FloatVector.broadcast(F, -L2LF);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector r = d.mul(R_LN2F).add(ROUND).sub(ROUND);
            IntVector q = (IntVector) r.convert(VectorOperators.F2I, 0);

            FloatVector qf = (FloatVector) q.convert(VectorOperators.I2F, 0);
            FloatVector s = qf.fma(negL2U, d);
            s = qf.fma(negL2L, s);
            FloatVector u = c0.fma(s, c1).fma(s, c2).fma(s, c3).fma(s, c4).fma(s, c5);
            u = one.add(s.mul(s).fma(u, s));

            IntVector h = q.lanewise(VectorOperators.ASHR, 1);
            FloatVector p1 = h.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p2 = q.sub(h).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            u = u.mul(p1).mul(p2);

            u.blend(0f, d.compare(VectorOperators.LT, -104f))
                    .blend(Float.POSITIVE_INFINITY, d.compare(VectorOperators.GT, 100f))
                    .intoArray(dst, dstOff + i);
        }
        return end;
    }

    /**
     * e^d lane-wise: the same operations, constants and selects as {@link #exp(float[], int, float[],
     * int, int)}, for loops that fuse argument, exp and combine into one pass over the data (no block
     * stored and reloaded). Small enough for C2 to inline into the hot loop, where the broadcasts are
     * hoisted; JMH's {@code -prof gc} shows 0 B/op for its callers (a boxed call would allocate).
     */
    static FloatVector exp(FloatVector d) {
        FloatVector r = d.mul(R_LN2F).add(ROUND).sub(ROUND);
        IntVector q = (IntVector) r.convert(VectorOperators.F2I, 0);
        FloatVector qf = (FloatVector) q.convert(VectorOperators.I2F, 0);
        FloatVector s = qf.fma(FloatVector.broadcast(F, -L2UF), d);
        s = qf.fma(FloatVector.broadcast(F, -L2LF), s);
        FloatVector u = FloatVector.broadcast(F, (float) 0.000198527617612853646278381)
                .fma(s, FloatVector.broadcast(F, (float) 0.00139304355252534151077271))
                .fma(s, FloatVector.broadcast(F, (float) 0.00833336077630519866943359))
                .fma(s, FloatVector.broadcast(F, (float) 0.0416664853692054748535156))
                .fma(s, FloatVector.broadcast(F, (float) 0.166666671633720397949219))
                .fma(s, FloatVector.broadcast(F, 0.5f));
        u = FloatVector.broadcast(F, 1f).add(s.mul(s).fma(u, s));
        IntVector h = q.lanewise(VectorOperators.ASHR, 1);
        FloatVector p1 = h.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector p2 = q.sub(h).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return u.mul(p1).mul(p2)
                .blend(0f, d.compare(VectorOperators.LT, -104f))
                .blend(Float.POSITIVE_INFINITY, d.compare(VectorOperators.GT, 100f));
    }
}
