package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 tanh over an array block, lane-wise the bits of {@code AtenMath.tanhMkl(float)} (the scalar
 * {@code kernel.math.TanhViaDoubleF}, whose comment has the algorithm and its error argument): each
 * float vector is widened to two double vectors (its low and high halves), the same operations run on
 * both in the same order with the same constants, and the two quotients are narrowed back into one
 * float vector.
 *
 * <p>The two halves are independent work, interleaved line by line, as {@link TanhF}'s two vectors: a
 * vector's dependency chain is long and C2 does not interleave iterations itself. Only the preferred
 * shape is used, as in every other kernel: a loop on half-width float vectors made JDK 17's C2 crash
 * (SIGSEGV in {@code GraphKit::unbox_vector}, JDK-8319889, fixed in JDK 23) when their call sites had
 * also seen the other kernels' full-width vectors.
 */
final class TanhViaDoubleF {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** The same shape: half as many lanes as F. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** D's shape in longs, a constant: a species computed in the loop's method made C2 box the broadcast. */
    private static final VectorSpecies<Long> L = D.withLanes(long.class);

    private static final double TWO_A_MAX = 20;
    private static final double INV_LN2 = 0x1.71547652b82fep0;
    private static final double LN2 = 0x1.62e42fefa39efp-1;
    private static final double SHIFT = 0x1.8p52;
    private static final double C2 = -1.0 / 2;
    private static final double C3 = 1.0 / 6;
    private static final double C4 = -1.0 / 24;
    private static final double C5 = 1.0 / 120;
    private static final double C6 = -1.0 / 720;
    private static final double C7 = 1.0 / 5040;
    private static final double C8 = -1.0 / 40320;
    private static final double C9 = 1.0 / 362880;
    private static final double C10 = -1.0 / 3628800;

    private TanhViaDoubleF() {}

    /** dst = tanh(src) over a prefix of [0, n) made of whole vectors (dst may be src); returns its length. */
    static int tanh(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        int end = F.loopBound(n);
        DoubleVector one = DoubleVector.broadcast(D, 1d);
        DoubleVector two = DoubleVector.broadcast(D, 2d);
        DoubleVector invLn2 = DoubleVector.broadcast(D, INV_LN2);
        DoubleVector shift = DoubleVector.broadcast(D, SHIFT);
        DoubleVector minusLn2 = DoubleVector.broadcast(D, -LN2);
        LongVector bias = LongVector.broadcast(L, 1023L);
        DoubleVector c2 = DoubleVector.broadcast(D, C2);
        DoubleVector c3 = DoubleVector.broadcast(D, C3);
        DoubleVector c4 = DoubleVector.broadcast(D, C4);
        DoubleVector c5 = DoubleVector.broadcast(D, C5);
        DoubleVector c6 = DoubleVector.broadcast(D, C6);
        DoubleVector c7 = DoubleVector.broadcast(D, C7);
        DoubleVector c8 = DoubleVector.broadcast(D, C8);
        DoubleVector c9 = DoubleVector.broadcast(D, C9);
        DoubleVector c10 = DoubleVector.broadcast(D, C10);
        for (int i = 0; i < end; i += F.length()) {
            // A: the low half of x's lanes, B: the high half
            FloatVector x = FloatVector.fromArray(F, src, srcOff + i);
            DoubleVector aA = ((DoubleVector) x.convertShape(VectorOperators.F2D, D, 0)).abs();
            DoubleVector aB = ((DoubleVector) x.convertShape(VectorOperators.F2D, D, 1)).abs();
            DoubleVector a2A = aA.add(aA);
            DoubleVector a2B = aB.add(aB);
            a2A = a2A.blend(TWO_A_MAX, a2A.compare(VectorOperators.GT, TWO_A_MAX));
            a2B = a2B.blend(TWO_A_MAX, a2B.compare(VectorOperators.GT, TWO_A_MAX));
            // 2a = j·ln2 + u, j = round(2a/ln2) read from the shifter sum s, scale = 2^(−j) from its bits
            DoubleVector sA = a2A.fma(invLn2, shift);
            DoubleVector sB = a2B.fma(invLn2, shift);
            DoubleVector jA = sA.sub(shift);
            DoubleVector jB = sB.sub(shift);
            DoubleVector scaleA = bias.sub(sA.reinterpretAsLongs()).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector scaleB = bias.sub(sB.reinterpretAsLongs()).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector uA = jA.fma(minusLn2, a2A);
            DoubleVector uB = jB.fma(minusLn2, a2B);
            // w = 1 − e^(−u) = u + u²·p(u), p by Estrin's scheme
            DoubleVector uuA = uA.mul(uA);
            DoubleVector uuB = uB.mul(uB);
            DoubleVector u4A = uuA.mul(uuA);
            DoubleVector u4B = uuB.mul(uuB);
            DoubleVector p23A = uA.fma(c3, c2);
            DoubleVector p23B = uB.fma(c3, c2);
            DoubleVector p45A = uA.fma(c5, c4);
            DoubleVector p45B = uB.fma(c5, c4);
            DoubleVector p67A = uA.fma(c7, c6);
            DoubleVector p67B = uB.fma(c7, c6);
            DoubleVector p89A = uA.fma(c9, c8);
            DoubleVector p89B = uB.fma(c9, c8);
            DoubleVector p25A = uuA.fma(p45A, p23A);
            DoubleVector p25B = uuB.fma(p45B, p23B);
            DoubleVector p69A = uuA.fma(p89A, p67A);
            DoubleVector p69B = uuB.fma(p89B, p67B);
            DoubleVector p610A = u4A.fma(c10, p69A);
            DoubleVector p610B = u4B.fma(c10, p69B);
            DoubleVector pA = u4A.fma(p610A, p25A);
            DoubleVector pB = u4B.fma(p610B, p25B);
            DoubleVector wA = uuA.fma(pA, uA);
            DoubleVector wB = uuB.fma(pB, uB);
            // num = 1 − e^(−2a), tanh a = num / (1 + e^(−2a)), narrowed once; then the sign of x, NaN where x is
            DoubleVector numA = scaleA.fma(wA, one.sub(scaleA));
            DoubleVector numB = scaleB.fma(wB, one.sub(scaleB));
            DoubleVector tA = numA.div(two.sub(numA));
            DoubleVector tB = numB.div(two.sub(numB));
            // each narrowing fills its half of the lanes and zeroes the other
            IntVector lo = tA.convertShape(VectorOperators.D2F, F, 0).reinterpretAsInts();
            IntVector hi = tB.convertShape(VectorOperators.D2F, F, -1).reinterpretAsInts();
            FloatVector y = lo.or(hi).or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
            y.blend(Float.NaN, x.test(VectorOperators.IS_NAN)).intoArray(dst, dstOff + i);
        }
        return end;
    }
}
