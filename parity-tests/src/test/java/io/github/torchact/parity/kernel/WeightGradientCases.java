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
 * few or many channels) and trailing dimensions that coalesce ([n, c, h, w]).
 */
final class WeightGradientCases {

    private static final long[][] SHAPES = {
        {48, 3, 64}, {1, 3, 512}, {300, 3, 5}, {400, 5}, {60, 40}, {20, 3, 4, 8}, {4000}
    };

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
                        cases.add(of(s, p, f64, shape, true));
                        if (shape.length > 1) {
                            cases.add(of(s, p, f64, shape, false));
                        }
                    }
                }
            }
        }
        return cases;
    }

    private static ParityCase of(ActivationSpec s, Params p, boolean f64, long[] shape, boolean shared) {
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
        HostTensor xt = f64 ? HostTensor.of(x, shape) : HostTensor.of(toFloat(x), shape);
        return new ParityCase(s, p, xt, xt.like(w, w.length), xt.like(g, shape));
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
