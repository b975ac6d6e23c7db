package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 erf over an array block, lane-wise the bits of {@code AtenMath.erf(float)}: ATen's
 * {@code Vectorized<float>::erf} (aten/src/ATen/cpu/vec/vec256/vec256_float.h, AVX2), Abramowitz &amp;
 * Stegun 7.1.26 with Sleef expf. With s the sign bit of x, t = 1/fma(0.3275911, |x|, 1) and P(t) the
 * degree-4 fma chain, {@code erf = (fma((−e^(−x·x))·t, P(t), 1)) xor s}. The exponential is {@link
 * ExpF} (bit-identical to the scalar's Sleef xexpf) as its own stage: the argument {@code −(x·x)} is
 * staged in {@code dst}, so dst must not overlap src.
 */
final class ErfF {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private ErfF() {}

    /**
     * dst = erf(src) over a prefix of [0, n) made of whole vectors, dst not overlapping src; returns
     * its length. Meant for n up to {@link Blocks#SIZE} (two passes over dst).
     */
    static int erf(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, src, srcOff + i);
            x.mul(x).neg().intoArray(dst, dstOff + i);
        }
        ExpF.exp(dst, dstOff, dst, dstOff, end);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector p = FloatVector.broadcast(F, 0.3275911f);
        FloatVector a5 = FloatVector.broadcast(F, 1.061405429f);
        FloatVector a4 = FloatVector.broadcast(F, -1.453152027f);
        FloatVector a3 = FloatVector.broadcast(F, 1.421413741f);
        FloatVector a2 = FloatVector.broadcast(F, -0.284496736f);
        FloatVector a1 = FloatVector.broadcast(F, 0.254829592f);
        for (int i = 0; i < end; i += F.length()) {
            IntVector bits = FloatVector.fromArray(F, src, srcOff + i).reinterpretAsInts();
            IntVector sign = bits.and(0x80000000);
            FloatVector abs = bits.lanewise(VectorOperators.XOR, sign).reinterpretAsFloats();
            FloatVector t = one.div(p.fma(abs, one));
            FloatVector r = a5.fma(t, a4).fma(t, a3).fma(t, a2).fma(t, a1);
            FloatVector e = FloatVector.fromArray(F, dst, dstOff + i).neg();
            e.mul(t).fma(r, one).reinterpretAsInts().lanewise(VectorOperators.XOR, sign).reinterpretAsFloats()
                    .intoArray(dst, dstOff + i);
        }
        return end;
    }
}
