package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Lane-wise copy of {@code io.github.torchact.kernel.math.SleefFloat.exp} (Sleef {@code xexpf},
 * Sleef_expf8_u10, src/libm/sleefsimdsp.c): the same fma chain on the same constants, the same
 * {@code _mm256_cvtps_epi32} rounding, the same exponent-field scaling ({@code vldexp2}) and the same
 * special-case selects, so every lane gives the scalar function's bits.
 *
 * <p>{@code q = cvtps2dq(d · R_LN2f)}; {@code s = fma(q, -L2Lf, fma(q, -L2Uf, d))}; {@code u} the
 * degree-5 polynomial in {@code s}; {@code e^d = (1 + fma(s², u, s)) · 2^(q>>1) · 2^(q - (q>>1))};
 * 0 below -104, +inf above 100.
 */
final class SleefExpVector {

    /** Sleef misc.h R_LN2f, L2Uf, L2Lf (the same float constants as the scalar transcription). */
    private static final float R_LN2F = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    private static final float L2UF = 0.693145751953125f;
    private static final float L2LF = 1.428606765330187045e-06f;
    /** Floats at or above 2^23 are integers; below it, (|v| + 2^23) − 2^23 rounds |v| to nearest even. */
    private static final float TWO23 = 0x1p23f;
    private static final float TWO31 = 0x1p31f;

    private SleefExpVector() {}

    static FloatVector exp(FloatVector d) {
        IntVector q = cvtps2dq(d.mul(R_LN2F));
        FloatVector qf = (FloatVector) q.convert(VectorOperators.I2F, 0);
        FloatVector s = qf.fma(qf.broadcast(-L2UF), d);
        s = qf.fma(qf.broadcast(-L2LF), s);

        FloatVector u = FloatVector.broadcast(d.species(), (float) 0.000198527617612853646278381);
        u = u.fma(s, s.broadcast((float) 0.00139304355252534151077271));
        u = u.fma(s, s.broadcast((float) 0.00833336077630519866943359));
        u = u.fma(s, s.broadcast((float) 0.0416664853692054748535156));
        u = u.fma(s, s.broadcast((float) 0.166666671633720397949219));
        u = u.fma(s, s.broadcast(0.5f));
        u = s.broadcast(1.0f).add(s.mul(s).fma(u, s));
        u = ldexp2(u, q);

        u = u.blend(0f, d.compare(VectorOperators.LT, -104f));
        return u.blend(Float.POSITIVE_INFINITY, d.compare(VectorOperators.GT, 100f));
    }

    /**
     * {@code _mm256_cvtps_epi32} as {@code Avx2.cvtps2dq}: round to nearest even, NaN and values
     * outside [-2^31, 2^31) give {@code 0x80000000}.
     */
    private static IntVector cvtps2dq(FloatVector v) {
        FloatVector a = v.abs();
        FloatVector ra = a.add(TWO23).sub(TWO23);
        // The sign back on (a rounded zero's sign does not reach the integer).
        FloatVector rounded = ra.blend(ra.neg(), v.compare(VectorOperators.LT, 0f));
        FloatVector r = rounded.blend(v, a.compare(VectorOperators.GE, TWO23).or(v.test(VectorOperators.IS_NAN)));
        IntVector q = (IntVector) r.convert(VectorOperators.F2I, 0);
        VectorMask<Integer> inRange = r.compare(VectorOperators.GE, -TWO31)
                .and(r.compare(VectorOperators.LT, TWO31)).cast(q.species());
        return q.blend(Integer.MIN_VALUE, inRange.not());
    }

    /** Sleef {@code vldexp2_vf_vf_vi2}: d·2^(e>>1)·2^(e−(e>>1)), each power written into the exponent field. */
    private static FloatVector ldexp2(FloatVector d, IntVector e) {
        IntVector h = e.lanewise(VectorOperators.ASHR, 1);
        return d.mul(pow2if(h)).mul(pow2if(e.sub(h)));
    }

    /** Sleef {@code vpow2i_vf_vi2}: (q + 0x7f) &lt;&lt; 23 as float bits (wrapping like the SIMD code). */
    private static FloatVector pow2if(IntVector q) {
        return q.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }
}
