package io.github.torchact.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The adversarial input values every parity check uses, as doubles exactly representable in the
 * requested dtype: ±0, NaN, ±Inf, subnormals, ±MAX, every threshold with its two ulp neighbours, ±1,
 * ±½, a dense grid over the activation's plot range, log-spaced magnitudes and seeded random bit
 * patterns and normals. The length is padded (by repeating the grid) to a multiple of {@link
 * #MULTIPLE} so libtorch takes its vectorised path for every element and every layout's shape fits.
 */
public final class StandardInputs {

    /** Lengths are multiples of this: 64 (no scalar tail in libtorch) × 12 (layouts' shapes). */
    public static final int MULTIPLE = 768;

    /** Seed of the random parts; fixed so every run sees the same inputs. */
    public static final long SEED = 20261122L;

    private static final int GRID = 2001;
    private static final int RANDOM_BITS = 4096;
    private static final int RANDOM_NORMAL = 2048;

    private StandardInputs() {}

    /**
     * The standard inputs.
     *
     * @param f64 float64 values when true, else float32 values (widened to double)
     * @param thresholds where the activation changes behaviour
     * @param plotMin low end of the dense grid
     * @param plotMax high end of the dense grid
     */
    public static double[] values(boolean f64, double[] thresholds, double plotMin, double plotMax) {
        List<Double> v = new ArrayList<>();
        specials(v, f64);
        for (double t : thresholds) {
            double r = round(t, f64);
            v.add(r);
            v.add(f64 ? Math.nextDown(r) : (double) Math.nextDown((float) r));
            v.add(f64 ? Math.nextUp(r) : (double) Math.nextUp((float) r));
        }
        List<Double> grid = new ArrayList<>();
        for (int i = 0; i < GRID; i++) {
            grid.add(round(plotMin + (plotMax - plotMin) * i / (GRID - 1), f64));
        }
        v.addAll(grid);
        int maxExp = f64 ? 308 : 38;
        int minExp = f64 ? -323 : -45;
        for (double e = minExp; e <= maxExp; e += 0.25) {
            double m = round(Math.pow(10, e), f64);
            if (m != 0 && !Double.isInfinite(m)) {
                v.add(m);
                v.add(-m);
            }
        }
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int i = 0; i < RANDOM_BITS; i++) {
            v.add(f64 ? Double.longBitsToDouble(rnd.nextLong()) : (double) Float.intBitsToFloat(rnd.nextInt()));
        }
        for (int i = 0; i < RANDOM_NORMAL; i++) {
            v.add(round(gaussian(rnd) * 5, f64));
        }
        int i = 0;
        while (v.size() % MULTIPLE != 0) {
            v.add(grid.get(i++ % grid.size()));
        }
        double[] out = new double[v.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = v.get(k);
        }
        return out;
    }

    private static void specials(List<Double> v, boolean f64) {
        double minSub = f64 ? Double.MIN_VALUE : Float.MIN_VALUE;
        double maxSub = f64 ? Math.nextDown(Double.MIN_NORMAL) : Math.nextDown(Float.MIN_NORMAL);
        double minNorm = f64 ? Double.MIN_NORMAL : Float.MIN_NORMAL;
        double max = f64 ? Double.MAX_VALUE : Float.MAX_VALUE;
        for (double s : new double[] {0.0, Double.NaN, Double.POSITIVE_INFINITY, minSub, maxSub, minNorm, max, 1, 0.5,
            2, 10, 20, 88.72283935546875, 100, 709.782712893384, 1e-4, 1e-8}) {
            v.add(s);
            v.add(-s);
        }
    }

    /** v rounded to the dtype. */
    public static double round(double v, boolean f64) {
        return f64 ? v : (double) (float) v;
    }

    /** A standard normal deviate (Box–Muller), from the given generator. */
    public static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double w = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * w);
    }
}
