package io.github.torchact.parity.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.impl.LogSoftmax;
import io.github.torchact.kernel.impl.Softmax;
import io.github.torchact.parity.compare.KernelRun;
import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference.Gradients;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.StandardInputs;
import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The softmax family and GLU against libtorch on shapes the standard [n/64, 64] input does not
 * reach: 3-D tensors with a middle dim, single rows, lengths that are not multiples of the vector
 * width (libtorch's scalar tails), a trailing size-1 dim, and rows holding +inf, only -inf, NaN,
 * huge values and signed zeros.
 */
class AlongDimKernelTest {

    /** One focused case: activation, dim (ignored by softmax2d, whose dim is fixed), shape, dtype. */
    record Shaped(String op, int dim, long[] shape, boolean f64) {
        @Override
        public String toString() {
            return op + " dim=" + dim + " " + java.util.Arrays.toString(shape) + (f64 ? " f64" : " f32");
        }
    }

    /** The catalog's activations along a dim: the softmax family, softmax2d and GLU. */
    static List<ActivationSpec> alongDim() {
        return Catalog.all().stream().filter(s -> s.layout() == Layout.ALONG_DIM).toList();
    }


    /** Shapes by what the activation needs: a dim argument, a fixed dim (softmax2d's -3), a halved dim (GLU). */
    static List<Shaped> shapes() {
        List<Shaped> out = new ArrayList<>();
        for (boolean f64 : new boolean[] {false, true}) {
            for (ActivationSpec s : alongDim()) {
                String op = s.name();
                if (s.params().isEmpty()) {
                    out.add(new Shaped(op, -3, new long[] {6, 4, 3, 5}, f64));
                    out.add(new Shaped(op, -3, new long[] {5, 2, 8}, f64));
                } else if (s.halvesDim()) {
                    out.add(new Shaped(op, 1, new long[] {3, 6, 7}, f64));
                    out.add(new Shaped(op, -1, new long[] {5, 10}, f64));
                    out.add(new Shaped(op, 0, new long[] {6, 5}, f64));
                } else {
                    out.add(new Shaped(op, 1, new long[] {3, 5, 7}, f64));
                    out.add(new Shaped(op, -1, new long[] {3, 5, 7}, f64));
                    out.add(new Shaped(op, -1, new long[] {1, 13}, f64));
                    out.add(new Shaped(op, 0, new long[] {13}, f64));
                    out.add(new Shaped(op, -2, new long[] {2, 6, 16}, f64));
                    out.add(new Shaped(op, 1, new long[] {4, 40, 1}, f64));
                    out.add(new Shaped(op, 0, new long[] {9, 2, 90}, f64));
                    out.add(new Shaped(op, -1, new long[] {6, 100}, f64));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void forwardAndBackwardMatchLibtorch(Shaped c) {
        ActivationSpec spec = Catalog.get(c.op());
        Params p = spec.params().isEmpty() ? spec.defaults() : spec.params(Map.of("dim", c.dim()));
        ParityCase pc = special(spec, p, c.shape(), c.f64());
        Kernel k = spec.kernel(p);
        HostTensor ref = TorchReference.get().forward(spec, p, pc.x(), null);
        Stats f = Stats.compare(bound(spec, c, false), pc.x(), ref, KernelRun.forward(k, pc));
        Gradients g = TorchReference.get().backward(spec, p, pc.x(), null, pc.gy());
        Stats b = Stats.compare(bound(spec, c, true), pc.x(), pc.gy(), g.input(), KernelRun.backward(k, pc).input());
        for (Stats s : new Stats[] {f, b}) {
            System.out.printf("SHAPED %s %s: maxErr=%.3g maxUlp=%d bitwise=%.4f nan=%d inf=%d%n", c, s == f ? "fwd" : "bwd",
                    s.maxError(), s.maxUlp(), 1 - (double) s.nonBitwise() / s.count(), s.nanMismatches(), s.infMismatches());
        }
        assertTrue(f.passed(), c + " forward: " + f);
        assertTrue(b.passed(), c + " backward: " + b);
    }

    /** Times the spec's ulps allowed where libtorch takes its scalar path (see {@link #bound}). */
    static final int SCALAR_PATH_FACTOR = 16;

    /**
     * The spec's bound where libtorch computes every element on its vector path (element count a
     * multiple of 64, as the reference requires); elsewhere its scalar tails call glibc's exp/log, up
     * to an ulp from the vector path's Sleef ones and amplified by these gradients' cancellation, so
     * the bound there is the spec's ulps times {@value #SCALAR_PATH_FACTOR} on the same scale (the
     * parity report measures libtorch's own vector-scalar spread separately).
     */
    static Tolerance bound(ActivationSpec spec, Shaped c, boolean backward) {
        Tolerance t = spec.bounds().get(c.f64(), backward);
        long n = 1;
        for (long d : c.shape()) {
            n *= d;
        }
        return n % 64 == 0 ? t : new Tolerance(Math.max(1, t.ulps()) * SCALAR_PATH_FACTOR, t.scale());
    }

    /**
     * The reduction order alone: the backward from libtorch's own forward output (so exp's
     * last bits do not enter for softmax), on the standard inputs, for every activation whose kernel
     * computes its gradient from the output (Softmax, LogSoftmax: softmax, log_softmax, softmax2d).
     */
    @Test
    void backwardFromLibtorchOutputMatches() {
        int checked = 0;
        for (ActivationSpec spec : alongDim()) {
            for (Params p : spec.paramSets()) {
                Kernel k = spec.kernel(p);
                if (!(k instanceof Softmax || k instanceof LogSoftmax)) {
                    continue;
                }
                for (boolean f64 : new boolean[] {false, true}) {
                    ParityCase c = ParityCase.standard(spec, p, f64, false);
                    HostTensor y = TorchReference.get().forward(spec, p, c.x(), null);
                    Gradients ref = TorchReference.get().backward(spec, p, c.x(), null, c.gy());
                    HostTensor got = backwardFromOutput(k, y, c.gy(), c.x().shape());
                    Tolerance t = spec.bounds().get(f64, true);
                    Stats s = Stats.compare(t, c.x(), c.gy(), ref.input(), got);
                    System.out.printf("from-torch-y %s %s %s backward: maxErr=%.3g maxUlp=%d bitwise=%.4f%n", spec, p,
                            f64 ? "f64" : "f32", s.maxError(), s.maxUlp(), 1 - (double) s.nonBitwise() / s.count());
                    assertTrue(s.passed(), spec + " " + p + " from libtorch's y: " + s);
                    checked++;
                }
            }
        }
        assertTrue(checked > 0, "no catalog kernel computes its gradient from the output");
    }

    private static HostTensor backwardFromOutput(Kernel k, HostTensor y, HostTensor gy, long[] shape) {
        if (y.isF64()) {
            double[] gx = new double[y.size()];
            if (k instanceof LogSoftmax l) {
                l.backwardFromOutput(y.f64(), gy.f64(), shape, gx);
            } else {
                ((Softmax) k).backwardFromOutput(y.f64(), gy.f64(), shape, gx);
            }
            return HostTensor.of(gx, shape);
        }
        float[] gx = new float[y.size()];
        if (k instanceof LogSoftmax l) {
            l.backwardFromOutput(y.f32(), gy.f32(), shape, gx);
        } else {
            ((Softmax) k).backwardFromOutput(y.f32(), gy.f32(), shape, gx);
        }
        return HostTensor.of(gx, shape);
    }

    /** Per op, dim case, dtype and direction on the standard inputs: error in bound units, max ulp, bitwise share. */
    @Test
    void report() {
        int rows = 0;
        int expected = 0;
        for (ActivationSpec spec : alongDim()) {
            String op = spec.name();
            expected += 4 * spec.paramSets().size();
            for (Params p : spec.paramSets()) {
                for (boolean f64 : new boolean[] {false, true}) {
                    ParityCase c = ParityCase.standard(spec, p, f64, false);
                    Kernel k = spec.kernel(p);
                    HostTensor ref = TorchReference.get().forward(spec, p, c.x(), null);
                    Stats f = Stats.compare(spec.bounds().get(f64, false), c.x(), ref, KernelRun.forward(k, c));
                    Gradients g = TorchReference.get().backward(spec, p, c.x(), null, c.gy());
                    Stats b = Stats.compare(spec.bounds().get(f64, true), c.x(), c.gy(), g.input(),
                            KernelRun.backward(k, c).input());
                    for (Stats s : new Stats[] {f, b}) {
                        System.out.printf("REPORT %-12s %-10s %s %s: maxErr=%.3g (%s) maxUlp=%d bitwise=%.4f %s%n", op, p,
                                f64 ? "f64" : "f32", s == f ? "fwd" : "bwd", s.maxError(), s.tolerance(), s.maxUlp(),
                                1 - (double) s.nonBitwise() / s.count(), s.passed() ? "PASS" : "FAIL");
                        rows++;
                    }
                }
            }
        }
        assertTrue(expected > 0 && rows == expected, "expected " + expected + " report rows, got " + rows);
    }

    /** Random normals (×5) with whole slices along dim set to +inf-bearing, all -inf, NaN, huge and ±0 values. */
    static ParityCase special(ActivationSpec spec, Params p, long[] shape, boolean f64) {
        int n = Kernel.numel(shape);
        SplittableRandom rnd = new SplittableRandom(7);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = StandardInputs.round(StandardInputs.gaussian(rnd) * 5, f64);
        }
        // softmax2d, the one without a dim argument, normalises over the channels (dim -3)
        int d = spec.params().isEmpty() ? shape.length - 3 : Kernel.normalizeDim(p.getInt("dim"), shape.length);
        int size = (int) shape[d];
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) {
            inner *= (int) shape[i];
        }
        int slices = n / size;
        double huge = f64 ? Double.MAX_VALUE : Float.MAX_VALUE;
        for (int s = 0; s < slices; s++) {
            int base = (s / inner) * size * inner + s % inner;
            for (int k = 0; k < size; k++) {
                int i = base + k * inner;
                switch (s % 8) {
                    case 1 -> v[i] = k == size / 2 ? Double.POSITIVE_INFINITY : v[i];
                    case 2 -> v[i] = Double.NEGATIVE_INFINITY;
                    case 3 -> v[i] = k == size - 1 ? Double.NaN : v[i];
                    case 4 -> v[i] = k % 2 == 0 ? huge : -huge;
                    case 5 -> v[i] = k % 2 == 0 ? 0.0 : -0.0;
                    case 6 -> v[i] = k == 0 ? Double.NEGATIVE_INFINITY : v[i] * 1e-3;
                    default -> { }
                }
            }
        }
        HostTensor x = f64 ? HostTensor.of(v, shape) : HostTensor.of(toFloat(v), shape);
        long[] out = spec.kernel(p).outputShape(shape);
        int m = Kernel.numel(out);
        double[] g = new double[m];
        for (int i = 0; i < m; i++) {
            g[i] = StandardInputs.round(StandardInputs.gaussian(rnd), f64);
        }
        return new ParityCase(spec, p, x, null, x.like(g, out));
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
