package io.github.torchact.parity.kernel;

import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.StandardInputs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cases for the weight gradients of channel-weighted activations (PReLU, Flexible ReLU). The standard
 * inputs contain NaN and values near the dtype's limits, so their weight gradients are mostly NaN or
 * infinite; these cases use the standard values with non-finite and |x| &gt; 1e4 replaced by 0, laid
 * out in shapes that take each of libtorch's summation paths: a contiguous row per channel ([n, c, s]
 * with s at least a vector or shorter), a single row (n = 1), a strided reduction over n ([n, c] with
 * few or many channels) and trailing dimensions that coalesce ([n, c, h, w]); then shapes for each
 * branch of the plugin's ChannelSum: one row or C = 1 long enough that every level of the cascade
 * flushes, rows per channel with vector and scalar tails and shorter than a vector, the strided
 * reduction with C below 4, below a vector, at and past 4·V channels (with and without a row_sum
 * remainder) over N past the cascade's third level, N = S = 1, and empty; and shapes whose channels
 * hold special terms ({@link #special}): ±0 only, ±inf, inf − inf, NaN, sums that overflow; a single
 * element of rank 1 and 2.
 */
final class WeightGradientCases {

    private static final long[][] SHAPES = {
        {48, 3, 64}, {1, 3, 512}, {300, 3, 5}, {400, 5}, {60, 40}, {20, 3, 4, 8}, {4000},
        {140_003}, {1, 2, 140_003}, {3, 1, 50_001}, {4, 3, 37}, {6, 2, 7}, {300, 3}, {300, 4}, {300, 8},
        {70, 32}, {90, 16}, {4100, 3}, {4100, 33}, {1, 5}, {0, 3, 4}
    };
    private static final long[][] SPECIAL_SHAPES = {{5, 6, 37}, {2, 6, 9}, {300, 6}, {300, 70}, {1, 6}, {1, 1}, {1}};

    private WeightGradientCases() {}

    static List<ParityCase> all() {
        List<ParityCase> cases = new ArrayList<>();
        for (ActivationSpec s : Catalog.all()) {
            if (s.layout() != Layout.CHANNEL_WEIGHTED || !KernelParityTest.selected(s)) {
                continue;
            }
            for (Params p : s.paramSets()) {
                for (boolean f64 : new boolean[] {false, true}) {
                    for (long[] shape : SHAPES) {
                        cases.add(of(s, p, f64, shape, true, false));
                        if (shape.length > 1) {
                            cases.add(of(s, p, f64, shape, false, false));
                        }
                    }
                    for (long[] shape : SPECIAL_SHAPES) {
                        cases.add(of(s, p, f64, shape, true, true));
                        if (shape.length > 1) {
                            cases.add(of(s, p, f64, shape, false, true));
                        }
                    }
                }
            }
        }
        return cases;
    }

    private static ParityCase of(ActivationSpec s, Params p, boolean f64, long[] shape, boolean shared,
            boolean specials) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        double[] std = StandardInputs.values(f64, s.thresholds(p), s.plotMin(), s.plotMax());
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double v = std[i % std.length];
            x[i] = Double.isFinite(v) && Math.abs(v) <= 1e4 ? v : 0;
        }
        int channels = shape.length > 1 ? (int) shape[1] : 1;
        double[] w = new double[shared ? 1 : channels];
        for (int c = 0; c < w.length; c++) {
            w[c] = StandardInputs.round((c % 2 == 0 ? 0.25 : -0.5) + 0.125 * c, f64);
        }
        SplittableRandom rnd = new SplittableRandom(StandardInputs.SEED + n);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = StandardInputs.round(StandardInputs.gaussian(rnd), f64);
        }
        if (specials) {
            int inner = n / (int) shape[0] / channels;
            for (int i = 0; i < n; i++) {
                special((i / inner) % channels, i, x, g, f64);
            }
        }
        HostTensor xt = f64 ? HostTensor.of(x, shape) : HostTensor.of(toFloat(x), shape);
        return new ParityCase(s, p, xt, xt.like(w, w.length), xt.like(g, shape));
    }

    /**
     * Channel k mod 6 of special terms (prelu's x·gy where x &lt;= 0, flexible_relu's gy): 0 x = +0 and
     * gy = ±0, mostly -0 (every term a zero: a single one keeps its sign only where nothing is summed);
     * 1 finite; 2 gy = +inf every 5th element; 3 +inf and -inf (inf − inf); 4 a NaN x every 7th element;
     * 5 x = -1 and gy = 3e38 or -1.5e38 (1e308, -5e307 in float64), sums that overflow part-way.
     */
    private static void special(int channel, int i, double[] x, double[] g, boolean f64) {
        double huge = f64 ? 1e308 : 3e38;
        switch (channel % 6) {
            case 0 -> {
                x[i] = 0d;
                g[i] = i % 3 == 2 ? 0d : -0d;
            }
            case 2 -> g[i] = i % 5 == 0 ? Double.POSITIVE_INFINITY : g[i];
            case 3 -> g[i] = i % 4 == 0 ? Double.POSITIVE_INFINITY : i % 4 == 2 ? Double.NEGATIVE_INFINITY : g[i];
            case 4 -> x[i] = i % 7 == 0 ? Double.NaN : x[i];
            case 5 -> {
                x[i] = -1;
                g[i] = g[i] > 0 ? huge : -huge / 2;
            }
            default -> { }
        }
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
