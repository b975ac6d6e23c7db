package io.github.torchact.parity.inputs;

import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.StandardInputs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tensors whose contiguous runs are not multiples of 16, so libtorch computes their last {@code n mod
 * 16} (float32) or {@code n mod 8} (float64) elements with its scalar loop: elementwise inputs of every
 * length 1…70 and every prime up to 257; along-dim inputs of 3 rows of those widths (even ones for glu,
 * 4-D for softmax2d); channel-weighted inputs {@code [2, 3, w]}. Values are windows of the standard
 * inputs ({@link StandardInputs}), a different window per length, so the tails see the specials,
 * thresholds and random values too.
 */
public final class UnpaddedInputs {

    /** The run lengths: 1…70, then the primes up to 257. */
    public static final int[] LENGTHS = lengths();

    private UnpaddedInputs() {}

    private static int[] lengths() {
        List<Integer> n = new ArrayList<>();
        for (int i = 1; i <= 257; i++) {
            if (i <= 70 || isPrime(i)) {
                n.add(i);
            }
        }
        return n.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean isPrime(int n) {
        for (int d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return n > 1;
    }

    /** One case per length, shaped for the activation's layout. */
    public static List<ParityCase> cases(ActivationSpec spec, Params params, boolean f64) {
        double[] v = StandardInputs.values(f64, spec.thresholds(params), spec.plotMin(), spec.plotMax());
        List<ParityCase> cases = new ArrayList<>();
        for (int w : LENGTHS) {
            long[] shape = shapeFor(spec, w);
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            double[] window = new double[n];
            int start = (int) ((long) w * 7919 % (v.length - n));
            System.arraycopy(v, start, window, 0, n);
            HostTensor x = f64 ? HostTensor.of(window, shape) : HostTensor.of(toFloat(window), shape);
            HostTensor weight = null;
            if (spec.weight() != null) {
                double[] wt = ParityCase.CHANNEL_WEIGHTS.clone();
                weight = x.like(wt, wt.length);
            }
            cases.add(new ParityCase(spec, params, x, weight, upstream(x, spec.outputShape(params, shape), w)));
        }
        return cases;
    }

    private static long[] shapeFor(ActivationSpec spec, int w) {
        if (spec.layout() == Layout.CHANNEL_WEIGHTED) {
            return new long[] {2, 3, w};
        }
        if (spec.layout() == Layout.ALONG_DIM) {
            if (spec.name().equals("softmax2d")) {
                return new long[] {2, 3, 2, w};
            }
            return spec.name().equals("glu") ? new long[] {2, 2L * w} : new long[] {3, w};
        }
        return new long[] {w};
    }

    private static HostTensor upstream(HostTensor x, long[] shape, int seed) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        SplittableRandom rnd = new SplittableRandom(StandardInputs.SEED + seed);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = i % 17 == 5 ? 0 : StandardInputs.gaussian(rnd);
        }
        return x.like(g, shape);
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
