package io.github.torchact.bench;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What every benchmark of one activation shares: its parameters (PyTorch's defaults, or {@code dim=-1}
 * for the softmax family), the input shape ({@code [size / 1024, 1024]}, rows along the last dim) and
 * seeded inputs (normal · 3, so every branch of a piecewise kernel is taken).
 */
final class BenchCase {

    /** Length of the last dimension. */
    static final int ROW = 1024;

    private BenchCase() {}

    /** The parameters benchmarked, or null if the activation has no usable default. */
    static Params params(ActivationSpec s) {
        List<Params> sets = s.paramSets();
        if (!sets.isEmpty()) {
            return sets.get(0);
        }
        try {
            return s.params(Map.of("dim", -1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Params params(String activation) {
        Params p = params(Catalog.get(activation));
        if (p == null) {
            throw new IllegalArgumentException(activation + ": no default parameters to benchmark");
        }
        return p;
    }

    static long[] shape(int size) {
        if (size % ROW != 0) {
            throw new IllegalArgumentException("size must be a multiple of " + ROW + ", got " + size);
        }
        return new long[] {size / ROW, ROW};
    }

    static float[] floats(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (normal(r) * 3);
        }
        return a;
    }

    static double[] doubles(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = normal(r) * 3;
        }
        return a;
    }

    private static double normal(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
