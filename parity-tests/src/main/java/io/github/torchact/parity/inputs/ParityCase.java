package io.github.torchact.parity.inputs;

import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.StandardInputs;

import java.util.SplittableRandom;

/**
 * One activation, parameter set and dtype with its standard input laid out for the activation's
 * layout, the learnable weight (if any) and the upstream gradient for backward checks.
 *
 * @param spec the activation
 * @param params its parameter values
 * @param x the input
 * @param weight the learnable tensor, or {@code null}
 * @param gy the upstream gradient, shaped as the output
 */
public record ParityCase(ActivationSpec spec, Params params, HostTensor x, HostTensor weight, HostTensor gy) {

    /** Per-channel weights used for channel-weighted activations: a positive, negative and large slope. */
    static final double[] CHANNEL_WEIGHTS = {0.25, -0.5, 2.0};

    /** The standard case; {@code perChannel} picks 3 channel weights over one shared weight. */
    public static ParityCase standard(ActivationSpec spec, Params params, boolean f64, boolean perChannel) {
        double[] v = StandardInputs.values(f64, spec.thresholds(params), spec.plotMin(), spec.plotMax());
        long[] shape = shapeFor(spec, params, v.length);
        HostTensor x = f64 ? HostTensor.of(v, shape) : HostTensor.of(toFloat(v), shape);
        HostTensor weight = null;
        if (spec.weight() != null) {
            double[] w = perChannel ? CHANNEL_WEIGHTS.clone() : new double[] {spec.weight().init() == 0 ? 0.5 : spec.weight().init()};
            weight = x.like(w, w.length);
        }
        long[] outShape = spec.outputShape(params, shape);
        return new ParityCase(spec, params, x, weight, upstream(x, outShape));
    }

    /** The input's shape: 1-D, [n/3/64, 3, 64] with channels, [n/64, 64] along a dim, 4-D for softmax2d. */
    static long[] shapeFor(ActivationSpec spec, Params params, int n) {
        if (spec.layout() == Layout.CHANNEL_WEIGHTED) {
            return new long[] {n / 192, 3, 64};
        }
        if (spec.layout() == Layout.ALONG_DIM) {
            if (spec.name().equals("softmax2d")) {
                return new long[] {n / 256, 4, 8, 8};
            }
            return new long[] {n / 64, 64};
        }
        return new long[] {n};
    }

    private static HostTensor upstream(HostTensor x, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        SplittableRandom rnd = new SplittableRandom(StandardInputs.SEED + 1);
        double[] g = new double[(int) n];
        for (int i = 0; i < g.length; i++) {
            g[i] = i % 17 == 0 ? 0 : StandardInputs.gaussian(rnd);
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

    /** Whether the case is float64. */
    public boolean isF64() {
        return x.isF64();
    }

    @Override
    public String toString() {
        return params + (isF64() ? " f64" : " f32") + (weight != null ? " weights=" + weight.size() : "");
    }
}
