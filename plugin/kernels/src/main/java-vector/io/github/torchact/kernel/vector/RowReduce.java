package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 row reductions in libtorch's AVX2 {@code vec::reduce_all} order, the bits of the scalar
 * {@link io.github.torchact.kernel.math.AtenReduce} for rows of at least 8: one accumulator per lane
 * of an 8-lane vector ({@link FloatVector#SPECIES_256} whatever the JVM's preferred width, since the
 * lane grouping sets the rounding), each further full vector combined lane-wise, a partial tail of r
 * values updating lanes [0, r) only, then the fold (lane i with i+4, i with i+2, 0 with 1).
 *
 * <p>Sums start from an accumulator of -0 rather than the first vector: {@code -0 + v} is {@code v}
 * for every v, so the result is the same. A running sum may be carried across blocks whose lengths
 * are multiples of 8 ({@link #addAll}, then {@link #finishSum}).
 */
final class RowReduce {

    static final VectorSpecies<Float> L8 = FloatVector.SPECIES_256;

    private RowReduce() {}

    /** A sum accumulator before the first element. */
    static FloatVector zeroSum() {
        return FloatVector.broadcast(L8, -0f);
    }

    /** acc + the whole vectors of x[off, off + len), len a multiple of 8. */
    static FloatVector addAll(FloatVector acc, float[] x, int off, int len) {
        for (int i = 0; i < len; i += 8) {
            acc = acc.add(FloatVector.fromArray(L8, x, off + i));
        }
        return acc;
    }

    /** Adds the tail x[off, off + r) (r &lt; 8) to lanes [0, r) and folds. */
    static float finishSum(FloatVector acc, float[] x, int off, int r) {
        if (r > 0) {
            VectorMask<Float> m = L8.indexInRange(0, r);
            acc = acc.add(FloatVector.fromArray(L8, x, off, m), m);
        }
        float b0 = acc.lane(0) + acc.lane(4);
        float b1 = acc.lane(1) + acc.lane(5);
        float b2 = acc.lane(2) + acc.lane(6);
        float b3 = acc.lane(3) + acc.lane(7);
        return (b0 + b2) + (b1 + b3);
    }

    /** {@code reduce_all(+, x + off, n)}, n ≥ 8. */
    static float sum(float[] x, int off, int n) {
        int full = n - n % 8;
        return finishSum(addAll(zeroSum(), x, off, full), x, off + full, n - full);
    }

    /**
     * {@code reduce_all(vec::maximum, x + off, n)}, n ≥ 8: NaN if any element is NaN, else lane-wise
     * {@code a > b ? a : b} (b on ties, so -0 against +0 gives the later one). The comparison chain
     * runs without NaN handling and a NaN seen anywhere decides the result at the end: maximum is
     * NaN-absorbing and every element enters it, so this is the same value.
     */
    static float max(float[] x, int off, int n) {
        int full = n - n % 8;
        FloatVector acc = FloatVector.fromArray(L8, x, off);
        VectorMask<Float> nan = acc.compare(VectorOperators.NE, acc);
        for (int i = 8; i < full; i += 8) {
            FloatVector v = FloatVector.fromArray(L8, x, off + i);
            nan = nan.or(v.compare(VectorOperators.NE, v));
            acc = v.blend(acc, acc.compare(VectorOperators.GT, v));
        }
        int r = n - full;
        if (r > 0) {
            VectorMask<Float> m = L8.indexInRange(0, r);
            FloatVector v = FloatVector.fromArray(L8, x, off + full, m);
            nan = nan.or(v.compare(VectorOperators.NE, v).and(m));
            acc = acc.blend(v, acc.compare(VectorOperators.GT, v).not().and(m));
        }
        if (nan.anyTrue()) {
            return Float.NaN;
        }
        float b0 = max(acc.lane(0), acc.lane(4));
        float b1 = max(acc.lane(1), acc.lane(5));
        float b2 = max(acc.lane(2), acc.lane(6));
        float b3 = max(acc.lane(3), acc.lane(7));
        return max(max(b0, b2), max(b1, b3));
    }

    private static float max(float a, float b) {
        return a > b ? a : b;
    }

    /**
     * {@code map2_reduce_all(a * b, +)} with each product added by one FMA, n ≥ 8: lanes start from
     * the first products, and {@code fma(a, b, -0)} is that product rounded once.
     */
    static float dot(float[] a, float[] b, int off, int n) {
        int full = n - n % 8;
        FloatVector acc = zeroSum();
        for (int i = 0; i < full; i += 8) {
            acc = FloatVector.fromArray(L8, a, off + i).fma(FloatVector.fromArray(L8, b, off + i), acc);
        }
        int r = n - full;
        if (r > 0) {
            VectorMask<Float> m = L8.indexInRange(0, r);
            FloatVector p = FloatVector.fromArray(L8, a, off + full, m).fma(FloatVector.fromArray(L8, b, off + full, m), acc);
            acc = acc.blend(p, m);
        }
        return finishSum(acc, a, off, 0);
    }
}
