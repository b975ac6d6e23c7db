package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 tanh over an array block, lane-wise the bits of {@code AtenMath.tanhMkl(float)} (the scalar
 * {@code kernel.math.TanhViaDoubleF}, whose comment has the algorithm and its error argument): each
 * float vector is widened to a double vector of the same lane count, the same operations run in the
 * same order with the same constants, and the quotient is narrowed once.
 *
 * <p>Two independent vectors per iteration (A and B), their operations interleaved, as in {@link
 * TanhF}: a vector's dependency chain is long and C2 does not interleave iterations itself (measured:
 * ~0.6 vs ~0.75 ns per element with one vector). An odd last vector is taken as both A and B.
 */
final class TanhViaDoubleF {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as D has doubles: half D's bit size. */
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
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

    /**
     * Whether this JVM runs the loop (JDK 23 and later): JDK 17.0.15's C2 crashed compiling it, 3 times in
     * 8 runs of the vector-form tests (SIGSEGV in GraphKit::unbox_vector from inline_vector_blend during
     * incremental inlining: the calls on the 256-bit float species share their receiver profiles with
     * the other kernels' 512-bit ones, and the inlined branch for the other class is dead), the bug
     * fixed in JDK 23 by JDK-8319889 (unbox_vector on an argument that is not a vector box). Below 23 the
     * kernels return no prefix and their scalar loop, which gives the same bits, does the work.
     */
    static final boolean RUNS = Runtime.version().feature() >= 23;

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
        for (int i = 0; i < end; i += 2 * F.length()) {
            // B is the next vector, or A again when A is the last (both loads precede both stores: dst may be src)
            int k = Math.min(i + F.length(), end - F.length());
            FloatVector xA = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector xB = FloatVector.fromArray(F, src, srcOff + k);
            DoubleVector aA = ((DoubleVector) xA.convertShape(VectorOperators.F2D, D, 0)).abs();
            DoubleVector aB = ((DoubleVector) xB.convertShape(VectorOperators.F2D, D, 0)).abs();
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
            IntVector signA = xA.reinterpretAsInts().and(0x80000000);
            IntVector signB = xB.reinterpretAsInts().and(0x80000000);
            FloatVector yA = ((FloatVector) tA.convertShape(VectorOperators.D2F, F, 0)).reinterpretAsInts().or(signA).reinterpretAsFloats();
            FloatVector yB = ((FloatVector) tB.convertShape(VectorOperators.D2F, F, 0)).reinterpretAsInts().or(signB).reinterpretAsFloats();
            yA = yA.blend(Float.NaN, xA.test(VectorOperators.IS_NAN));
            yB = yB.blend(Float.NaN, xB.test(VectorOperators.IS_NAN));
            yA.intoArray(dst, dstOff + i);
            yB.intoArray(dst, dstOff + k);
        }
        return end;
    }
}
