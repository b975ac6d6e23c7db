package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.CanonicalNaN;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Replaces every NaN of a range already written with the canonical NaN ({@link CanonicalNaN}): what
 * {@link CanonicalNaNLoops} and the along-dim kernels use (the elementwise forms of {@link
 * CanonicalStores} blend at their stores instead). A vector pass first sums {@code v - v} over the range (0 for finite lanes, NaN for NaN and infinite ones), with no
 * masks or branches; only a range whose sum is NaN (it holds a NaN or an infinity: rare) gets the
 * exact scalar pass. Meant for ranges just written, still in L1, where the check costs a load and
 * two adds per vector.
 */
final class NaNVector {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private NaNVector() {}

    static void canonical(float[] a, int off, int len) {
        int w = F.length();
        int n = F.loopBound(len);
        int n4 = n - n % (4 * w);
        // four independent sums, so the adds' latency does not bound the loop
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int i = 0; i < n4; i += 4 * w) {
            FloatVector v0 = FloatVector.fromArray(F, a, off + i);
            FloatVector v1 = FloatVector.fromArray(F, a, off + i + w);
            FloatVector v2 = FloatVector.fromArray(F, a, off + i + 2 * w);
            FloatVector v3 = FloatVector.fromArray(F, a, off + i + 3 * w);
            s0 = s0.add(v0.sub(v0));
            s1 = s1.add(v1.sub(v1));
            s2 = s2.add(v2.sub(v2));
            s3 = s3.add(v3.sub(v3));
        }
        for (int i = n4; i < n; i += w) {
            FloatVector v = FloatVector.fromArray(F, a, off + i);
            s0 = s0.add(v.sub(v));
        }
        float r = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        CanonicalNaN.in(a, r != r ? off : off + n, off + len);
    }

    static void canonical(double[] a, int off, int len) {
        int w = D.length();
        int n = D.loopBound(len);
        int n4 = n - n % (4 * w);
        // four independent sums, so the adds' latency does not bound the loop
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        for (int i = 0; i < n4; i += 4 * w) {
            DoubleVector v0 = DoubleVector.fromArray(D, a, off + i);
            DoubleVector v1 = DoubleVector.fromArray(D, a, off + i + w);
            DoubleVector v2 = DoubleVector.fromArray(D, a, off + i + 2 * w);
            DoubleVector v3 = DoubleVector.fromArray(D, a, off + i + 3 * w);
            s0 = s0.add(v0.sub(v0));
            s1 = s1.add(v1.sub(v1));
            s2 = s2.add(v2.sub(v2));
            s3 = s3.add(v3.sub(v3));
        }
        for (int i = n4; i < n; i += w) {
            DoubleVector v = DoubleVector.fromArray(D, a, off + i);
            s0 = s0.add(v.sub(v));
        }
        double r = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        CanonicalNaN.in(a, r != r ? off : off + n, off + len);
    }
}
