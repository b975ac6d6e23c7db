package io.github.torchact.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.math.TorchVersion;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.kernel.vector.VectorLoops;
import io.github.torchact.kernel.vector.VectorSupport;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.StandardInputs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The array loops (Vector API form plus scalar tail, split across threads for long arrays) give the
 * same bits as the scalar kernel, element by element, for every kernel that has a vector form: on
 * the standard inputs, on random bit patterns, at offsets and lengths that leave a tail.
 *
 * <p>Every result must have the same bits (so ±0 and infinities included), NaNs too: Java leaves
 * the NaN bit patterns of arithmetic unspecified (the JIT may commute {@code x · c} with two NaN
 * operands), so the kernels write every NaN as the canonical NaN on both paths ({@code
 * VectorContractsTest} covers NaN inputs of every payload).
 */
class VectorIdentityTest {

    private static final int RANDOM = 1 << 18;

    static Stream<Arguments> vectorised() {
        List<Arguments> cases = new ArrayList<>();
        for (TorchVersion v : TorchVersion.values()) {
            TorchVersion.set(v);
            try {
                for (ActivationSpec s : Catalog.all()) {
                    for (Params p : s.paramSets()) {
                        Kernel k = s.kernel(p);
                        // 2.13's kernels where their code differs: hardswish, gelu, the elu family (expm1)
                        boolean distinct = v == TorchVersion.V2_7 || s == Catalog.HARDSWISH || s == Catalog.GELU
                                || s == Catalog.ELU || s == Catalog.SELU || s == Catalog.CELU;
                        if (distinct && k instanceof ElementwiseKernel
                                && VectorSupport.loopsFor((ElementwiseKernel) k) != VectorLoops.NONE) {
                            cases.add(Arguments.of(p, k));
                        }
                    }
                }
            } finally {
                TorchVersion.set(null);
            }
        }
        return cases.stream();
    }

    @Test
    void vectorFormsAreLoaded() {
        assertTrue(VectorSupport.enabled(), "run with --add-modules jdk.incubator.vector");
        // listed on purpose, the kernels known to have a vector form: derived from loopsFor it would pass with none
        for (ActivationSpec s : List.of(Catalog.RELU, Catalog.LEAKY_RELU, Catalog.SIGMOID, Catalog.SILU,
                Catalog.TANH, Catalog.TANHSHRINK, Catalog.GELU, Catalog.GELU_TANH, Catalog.SOFTPLUS,
                Catalog.LOGSIGMOID, Catalog.MISH, Catalog.ELU, Catalog.HARDSIGMOID, Catalog.SOFTSHRINK,
                Catalog.RRELU)) {
            ElementwiseKernel k = (ElementwiseKernel) s.kernel(s.defaults());
            assertNotSame(VectorLoops.NONE, VectorSupport.loopsFor(k), s + " has no vector form");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void float32(Params p, ElementwiseKernel k) {
        ActivationSpec s = p.spec();
        double[] std = StandardInputs.values(false, s.thresholds(p), s.plotMin(), s.plotMax());
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 1);
        float[] x = new float[std.length + RANDOM];
        float[] gy = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < std.length ? (float) std[i] : Float.intBitsToFloat(r.nextInt());
            gy[i] = Float.intBitsToFloat(r.nextInt());
        }
        for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
            Parallelism.setThreads(threads);
            for (int off : new int[] {0, 3}) {
                int len = x.length - off - 5;
                float[] want = new float[x.length];
                float[] got = new float[x.length];
                k.forwardScalar(x, off, want, off, len);
                k.forward(x, off, got, off, len);
                assertSameBits(p + " f32 forward", x, want, got);
                if (p.spec().differentiable()) {
                    k.backwardScalar(x, off, gy, off, want, off, len);
                    k.backward(x, off, gy, off, got, off, len);
                    assertSameBits(p + " f32 backward", x, want, got);
                }
            }
        }
    }

    /**
     * Float32 forward where exp is neither 0 nor +inf: random bit patterns put only a few thousand
     * values there, so here every input is in [-120, 120] (uniform, plus the 64 floats on each side
     * of exp's cut-offs ±104/100, the overflow/underflow edges ±88.72 and ±87.34, and the rounding
     * ties x·(1/ln 2) = k + 1/2 of the range reduction), repeated so that the later rounds run the
     * C2-compiled vector loop. The gradient is checked on the same inputs with gy uniform in [-2, 2].
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void float32ExpRange(Params p, ElementwiseKernel k) {
        List<Float> edges = new ArrayList<>();
        for (float c : new float[] {-104f, 104f, -100f, 100f, -88.72284f, 88.72284f, -87.33655f, 87.33655f, -16.635532f, 0f}) {
            around(edges, c, 64);
        }
        for (int q = -152; q <= 152; q++) {
            float t = (float) ((q + 0.5) * 0.6931471805599453);
            edges.add(Math.nextDown(t));
            edges.add(t);
            edges.add(Math.nextUp(t));
        }
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 3);
        float[] x = new float[edges.size() + RANDOM];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < edges.size() ? edges.get(i) : (float) (r.nextDouble() * 240 - 120);
        }
        float[] gy = new float[x.length];
        for (int i = 0; i < gy.length; i++) {
            gy[i] = (float) (r.nextDouble() * 4 - 2);
        }
        assertLoopsAgree(p, k, x, gy, "exp range");
    }

    /**
     * Float64 forward and backward where exp is neither 0 nor +inf: inputs uniform in [-1100, 1100]
     * and [-40, 40], plus the 64 doubles on each side of exp's cut-offs -1000 and log(DBL_MAX), the
     * subnormal and underflow edges -708.40 and -745.13, 0, and the rounding ties x·(1/ln 2) = k + 1/2
     * of the range reduction; gy uniform in [-2, 2]; repeated so the later rounds run compiled code.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void float64ExpRange(Params p, ElementwiseKernel k) {
        List<Double> edges = new ArrayList<>();
        for (double c : new double[] {-1000, 1000, 0x1.62e42fefa39efp+9, -0x1.62e42fefa39efp+9, -708.3964185322641,
                -745.1332191019412, 0}) {
            around(edges, c, 64);
        }
        for (int q = -1500; q <= 1500; q++) {
            double t = (q + 0.5) * 0.6931471805599453;
            edges.add(Math.nextDown(t));
            edges.add(t);
            edges.add(Math.nextUp(t));
        }
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 4);
        double[] x = new double[edges.size() + RANDOM];
        double[] gy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < edges.size() ? edges.get(i) : i % 2 == 0 ? r.nextDouble() * 2200 - 1100 : r.nextDouble() * 80 - 40;
            gy[i] = r.nextDouble() * 4 - 2;
        }
        assertLoopsAgree(p, k, x, gy, "exp range");
    }

    /**
     * Float32 forward and backward where log1p's and the kernels' own selects switch: the 64 floats on
     * each side of every threshold of the spec (softplus: x = threshold / beta, where beta·x crosses
     * threshold), of x where exp(x) reaches LOG1PF_BOUND = 1e38 (ln 1e38 = 87.49823, log1p's switch
     * to ln for mish and for softplus with a large threshold) or FLT_MAX, of |x| where exp(−|x|)
     * turns subnormal (87.33655) or 0 (103.27893, 104), of ±0 and ±2^-24 (exp(x) − 1 below float
     * resolution), values with tiny and subnormal magnitude, plus uniform values in [−110, 110] and
     * random gradients, repeated so that C2-compiled loops run.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void float32Log1pRange(Params p, ElementwiseKernel k) {
        List<Float> centres = new ArrayList<>();
        for (double t : p.spec().thresholds(p)) {
            centres.add((float) t);
            centres.add((float) -t);
        }
        for (float c : new float[] {87.49823f, -87.49823f, 88.72284f, 87.33655f, -87.33655f, -103.27893f,
            103.27893f, -104f, 0f, -0f, 0x1p-24f, -0x1p-24f, 0x1p-126f, -0x1p-126f, 0x1p-149f, -0x1p-149f, 1f, -1f}) {
            centres.add(c);
        }
        List<Float> edges = new ArrayList<>();
        for (float c : centres) {
            around(edges, c, 64);
        }
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 4);
        float[] x = new float[edges.size() + RANDOM];
        float[] gy = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < edges.size() ? edges.get(i) : (float) (r.nextDouble() * 220 - 110);
            gy[i] = (float) (r.nextDouble() * 4 - 2);
        }
        assertLoopsAgree(p, k, x, gy, "log1p range");
    }

    /**
     * Float64 counterpart of {@link #float32Log1pRange}: the 64 doubles on each side of the spec's
     * thresholds, of x where exp(x) reaches LOG1P_BOUND = 1e307 (ln 1e307 = 706.89362) or DBL_MAX, of
     * |x| where exp(−|x|) turns subnormal or 0, of ±0, ±2^-53 and tiny magnitudes, plus uniform values
     * in [−800, 800] and [−30, 30].
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void float64Log1pRange(Params p, ElementwiseKernel k) {
        List<Double> centres = new ArrayList<>();
        for (double t : p.spec().thresholds(p)) {
            centres.add(t);
            centres.add(-t);
        }
        for (double c : new double[] {706.893623549172, -706.893623549172, 0x1.62e42fefa39efp+9, -708.3964185322641,
            708.3964185322641, -745.1332191019412, 0, -0.0, 0x1p-53, -0x1p-53, 0x1p-1022, -0x1p-1022, Double.MIN_VALUE,
            -Double.MIN_VALUE, 1, -1}) {
            centres.add(c);
        }
        List<Double> edges = new ArrayList<>();
        for (double c : centres) {
            around(edges, c, 64);
        }
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 5);
        double[] x = new double[edges.size() + RANDOM];
        double[] gy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < edges.size() ? edges.get(i) : i % 2 == 0 ? r.nextDouble() * 1600 - 800 : r.nextDouble() * 60 - 30;
            gy[i] = r.nextDouble() * 4 - 2;
        }
        assertLoopsAgree(p, k, x, gy, "log1p range");
    }

    /**
     * Float32 forward and backward where tanh and erf change regime: the 128 floats on each side of
     * Sleef tanhf's cut-off ±8.664339742 (above it the result is a select, below it the double-float
     * quotient), of gelu_tanh's inner argument reaching it (x ≈ ±5.06138, a wider window since the
     * inner argument grows ~7 ulps per ulp of x), of e^(−x²) and e^(−x²/2) reaching exp's −104
     * cut-off (|x| ≈ 10.198, 14.422), the rounding ties |x|·(1/ln 2) = q + 1/2 of expk2f's range
     * reduction for q ≤ 20, powers of two from 1 down to the smallest subnormal with their
     * neighbours, and uniform values in [−16, 16]; gy uniform in [−4, 4] so gradients stay finite.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void float32TanhRange(Params p, ElementwiseKernel k) {
        List<Float> edges = new ArrayList<>();
        float[][] windows = {{8.664339742f, 128}, {5.0613804f, 4096}, {10.198039f, 64}, {14.422205f, 64}};
        for (float[] w : windows) {
            for (float c : new float[] {w[0], -w[0]}) {
                around(edges, c, (int) w[1]);
            }
        }
        for (int q = 0; q <= 20; q++) {
            aroundBothSigns(edges, (float) ((q + 0.5) * 0.6931471805599453), 2);
        }
        for (int e = 0; e >= -149; e--) {
            float t = Math.scalb(1f, e);
            for (float v : new float[] {Math.nextDown(t), t, Math.nextUp(t)}) {
                edges.add(v);
                edges.add(-v);
            }
        }
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 4);
        float[] x = new float[edges.size() + RANDOM];
        float[] gy = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < edges.size() ? edges.get(i) : (float) (r.nextDouble() * 32 - 16);
            gy[i] = (float) (r.nextDouble() * 8 - 4);
        }
        assertLoopsAgree(p, k, x, gy, "tanh range");
    }

    /**
     * Float32 forward and backward where the float64-evaluated tanh of tanh and tanhshrink ({@code
     * TanhViaDoubleF}) changes regime: the 128 floats on each side of its clamp 2|x| = 20 and of
     * |x| = 9.0109 (where tanh rounds to 1), the rounding ties 2|x|·(1/ln 2) = j + 1/2 of its range
     * reduction for j ≤ 29 with two floats either side, and uniform values in [−12, 12] and in
     * [−2^-10, 2^-10]; gy uniform in [−4, 4].
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void float32TanhViaDoubleRange(Params p, ElementwiseKernel k) {
        List<Float> edges = new ArrayList<>();
        for (float c : new float[] {10f, -10f, 9.0109f, -9.0109f}) {
            around(edges, c, 128);
        }
        for (int j = 0; j <= 29; j++) {
            aroundBothSigns(edges, (float) ((j + 0.5) * 0.6931471805599453 / 2), 2);
        }
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 7);
        float[] x = new float[edges.size() + RANDOM];
        float[] gy = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < edges.size() ? edges.get(i) : (float) (i % 2 == 0 ? r.nextDouble() * 24 - 12 : (r.nextDouble() * 2 - 1) * 0x1p-10);
            gy[i] = (float) (r.nextDouble() * 8 - 4);
        }
        assertLoopsAgree(p, k, x, gy, "float64-evaluated tanh range");
    }

    /**
     * Float64 forward and backward where Sleef tanh changes regime (random bit patterns rarely land
     * in [1, 19]): the 128 doubles on each side of the cut-off ±18.714973875, of gelu_tanh's inner
     * argument reaching it (x ≈ ±7.14507, wider window), of gelu's erf(x/√2) switching form (x/√2 at
     * 2.5, 6 and 1e-8) and of its e^(−x²/2) reaching exp's −1000 cut-off, expk2's rounding ties
     * |x|·(1/ln 2) = q + 1/2 for q ≤ 30, powers of two down to the smallest subnormal with
     * neighbours, uniform in [−24, 24].
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void float64TanhRange(Params p, ElementwiseKernel k) {
        List<Double> edges = new ArrayList<>();
        double[][] windows = {{18.714973875, 128}, {7.1450658744181, 4096},
            {3.5355339059327378, 128}, {8.485281374238571, 128}, {1.4142135623730951e-8, 128}, {44.721359549995796, 64}};
        for (double[] w : windows) {
            for (double c : new double[] {w[0], -w[0]}) {
                around(edges, c, (int) w[1]);
            }
        }
        for (int q = 0; q <= 30; q++) {
            aroundBothSigns(edges, (q + 0.5) * 0.6931471805599453, 2);
        }
        for (int e = 0; e >= -1074; e--) {
            double t = Math.scalb(1d, e);
            for (double v : new double[] {Math.nextDown(t), t, Math.nextUp(t)}) {
                edges.add(v);
                edges.add(-v);
            }
        }
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 5);
        double[] x = new double[edges.size() + RANDOM];
        double[] gy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < edges.size() ? edges.get(i) : r.nextDouble() * 48 - 24;
            gy[i] = r.nextDouble() * 8 - 4;
        }
        assertLoopsAgree(p, k, x, gy, "tanh range");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void float64(Params p, ElementwiseKernel k) {
        ActivationSpec s = p.spec();
        double[] std = StandardInputs.values(true, s.thresholds(p), s.plotMin(), s.plotMax());
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 2);
        double[] x = new double[std.length + RANDOM];
        double[] gy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < std.length ? std[i] : Double.longBitsToDouble(r.nextLong());
            gy[i] = Double.longBitsToDouble(r.nextLong());
        }
        for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
            Parallelism.setThreads(threads);
            for (int off : new int[] {0, 3}) {
                int len = x.length - off - 5;
                double[] want = new double[x.length];
                double[] got = new double[x.length];
                k.forwardScalar(x, off, want, off, len);
                k.forward(x, off, got, off, len);
                assertSameBits(p + " f64 forward", x, want, got);
                if (p.spec().differentiable()) {
                    k.backwardScalar(x, off, gy, off, want, off, len);
                    k.backward(x, off, gy, off, got, off, len);
                    assertSameBits(p + " f64 backward", x, want, got);
                }
            }
        }
    }

    /**
     * Float32 and float64 at every length up to 200 and one or two vectors either side of one and two
     * {@link Blocks}, forward (out of place and in place) and backward: loops that take several
     * vectors per iteration meet every count of leftover vectors, the last block's included. Values
     * uniform in [−12, 12], gy in [−2, 2]; four rounds, so that the later ones run compiled code.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void lengthsAroundVectors(Params p, ElementwiseKernel k) {
        List<Integer> lengths = new ArrayList<>();
        for (int len = 0; len <= 200; len++) {
            lengths.add(len);
        }
        for (int blocks = 1; blocks <= 2; blocks++) {
            for (int d : new int[] {-32, -17, -16, 16, 17, 32, 48}) {
                lengths.add(blocks * Blocks.SIZE + d);
            }
        }
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 6);
        int size = 2 * Blocks.SIZE + 64;
        float[] x = new float[size];
        float[] gy = new float[size];
        double[] xd = new double[size];
        double[] gyd = new double[size];
        for (int i = 0; i < size; i++) {
            xd[i] = r.nextDouble() * 24 - 12;
            gyd[i] = r.nextDouble() * 4 - 2;
            x[i] = (float) xd[i];
            gy[i] = (float) gyd[i];
        }
        Parallelism.setThreads(1);
        for (int round = 0; round < 4; round++) {
            for (int len : lengths) {
                String at = p + " length " + len;
                float[] want = new float[len];
                float[] got = new float[len];
                k.forwardScalar(x, 0, want, 0, len);
                k.forward(x, 0, got, 0, len);
                assertSameBits(at + " f32 forward", x, want, got);
                System.arraycopy(x, 0, got, 0, len);
                k.forward(got, 0, got, 0, len);
                assertSameBits(at + " f32 forward in place", x, want, got);
                double[] wantD = new double[len];
                double[] gotD = new double[len];
                k.forwardScalar(xd, 0, wantD, 0, len);
                k.forward(xd, 0, gotD, 0, len);
                assertSameBits(at + " f64 forward", xd, wantD, gotD);
                System.arraycopy(xd, 0, gotD, 0, len);
                k.forward(gotD, 0, gotD, 0, len);
                assertSameBits(at + " f64 forward in place", xd, wantD, gotD);
                if (p.spec().differentiable()) {
                    k.backwardScalar(x, 0, gy, 0, want, 0, len);
                    k.backward(x, 0, gy, 0, got, 0, len);
                    assertSameBits(at + " f32 backward", x, want, got);
                    k.backwardScalar(xd, 0, gyd, 0, wantD, 0, len);
                    k.backward(xd, 0, gyd, 0, gotD, 0, len);
                    assertSameBits(at + " f64 backward", xd, wantD, gotD);
                }
            }
        }
    }

    /**
     * Forward and (where differentiable) backward, vector loops against the scalar loop, at offsets
     * 0, 1 and 7, four rounds alternating 1 thread and all cores so that the later rounds run the
     * C2-compiled loops.
     */
    /** Adds the 2·each + 1 floats centred on c to edges, in increasing order. */
    private static void around(List<Float> edges, float c, int each) {
        float v = c;
        for (int i = 0; i < each; i++) {
            v = Math.nextDown(v);
        }
        for (int i = 0; i <= 2 * each; i++, v = Math.nextUp(v)) {
            edges.add(v);
        }
    }

    /** Adds the 2·each + 1 doubles centred on c to edges, in increasing order. */
    private static void around(List<Double> edges, double c, int each) {
        double v = c;
        for (int i = 0; i < each; i++) {
            v = Math.nextDown(v);
        }
        for (int i = 0; i <= 2 * each; i++, v = Math.nextUp(v)) {
            edges.add(v);
        }
    }

    /** Adds the 2·each + 1 floats centred on c to edges, in increasing order, each followed by its negation. */
    private static void aroundBothSigns(List<Float> edges, float c, int each) {
        List<Float> side = new ArrayList<>();
        around(side, c, each);
        for (float v : side) {
            edges.add(v);
            edges.add(-v);
        }
    }

    /** Adds the 2·each + 1 doubles centred on c to edges, in increasing order, each followed by its negation. */
    private static void aroundBothSigns(List<Double> edges, double c, int each) {
        List<Double> side = new ArrayList<>();
        around(side, c, each);
        for (double v : side) {
            edges.add(v);
            edges.add(-v);
        }
    }

    private static void assertLoopsAgree(Params p, ElementwiseKernel k, float[] x, float[] gy, String inputs) {
        for (int round = 0; round < 4; round++) {
            Parallelism.setThreads(round % 2 == 0 ? 1 : Runtime.getRuntime().availableProcessors());
            for (int off : new int[] {0, 1, 7}) {
                int len = x.length - off - 3;
                float[] want = new float[x.length];
                float[] got = new float[x.length];
                k.forwardScalar(x, off, want, off, len);
                k.forward(x, off, got, off, len);
                assertSameBits(p + " f32 forward (" + inputs + ")", x, want, got);
                if (p.spec().differentiable()) {
                    k.backwardScalar(x, off, gy, off, want, off, len);
                    k.backward(x, off, gy, off, got, off, len);
                    assertSameBits(p + " f32 backward (" + inputs + ")", x, want, got);
                }
            }
        }
    }

    /** As {@link #assertLoopsAgree(Params, ElementwiseKernel, float[], float[], String)}, float64. */
    private static void assertLoopsAgree(Params p, ElementwiseKernel k, double[] x, double[] gy, String inputs) {
        for (int round = 0; round < 4; round++) {
            Parallelism.setThreads(round % 2 == 0 ? 1 : Runtime.getRuntime().availableProcessors());
            for (int off : new int[] {0, 1, 7}) {
                int len = x.length - off - 3;
                double[] want = new double[x.length];
                double[] got = new double[x.length];
                k.forwardScalar(x, off, want, off, len);
                k.forward(x, off, got, off, len);
                assertSameBits(p + " f64 forward (" + inputs + ")", x, want, got);
                if (p.spec().differentiable()) {
                    k.backwardScalar(x, off, gy, off, want, off, len);
                    k.backward(x, off, gy, off, got, off, len);
                    assertSameBits(p + " f64 backward (" + inputs + ")", x, want, got);
                }
            }
        }
    }

    static void assertSameBits(String what, float[] x, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                assertEquals(Integer.toHexString(Float.floatToRawIntBits(want[i])),
                        Integer.toHexString(Float.floatToRawIntBits(got[i])),
                        what + " differs at " + i + " (x = " + x[i] + ")");
            }
        }
    }

    static void assertSameBits(String what, double[] x, double[] want, double[] got) {
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i])) {
                assertEquals(Long.toHexString(Double.doubleToRawLongBits(want[i])),
                        Long.toHexString(Double.doubleToRawLongBits(got[i])),
                        what + " differs at " + i + " (x = " + x[i] + ")");
            }
        }
    }
}
