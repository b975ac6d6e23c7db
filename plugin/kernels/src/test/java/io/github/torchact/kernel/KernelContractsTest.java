package io.github.torchact.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.impl.FlexibleRelu;
import io.github.torchact.kernel.impl.Glu;
import io.github.torchact.kernel.impl.LeakyRelu;
import io.github.torchact.kernel.impl.PRelu;
import io.github.torchact.kernel.impl.RRelu;
import io.github.torchact.kernel.impl.Relu;
import io.github.torchact.kernel.impl.Softmax;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link Kernel}'s contracts for every catalog kernel, on whatever path this JVM runs (the scalar
 * loops here; the benchmarks module runs the Vector API forms): shapes whose element count
 * overflows, null arrays, overlapping ranges (refused) and exact in place (computed as out of
 * place), and which NaN a kernel writes ({@link Kernel#canonicalNaN}).
 */
class KernelContractsTest {

    /** Channel 1 has 3 entries: PReLU and Flexible ReLU take 3 weights. */
    private static final long[] SHAPE = {2, 3, 4, 6};
    private static final int N = 144;
    /** Long enough for the arrays to split across threads (threshold lowered to 1024). */
    private static final long[] LONG_SHAPE = {4, 3, 64, 66};

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreshold(Parallelism.DEFAULT_THRESHOLD);
        Parallelism.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static List<Params> everyKernel() {
        List<Params> all = new ArrayList<>();
        for (ActivationSpec s : Catalog.all()) {
            all.addAll(s.paramSets());
        }
        return all;
    }

    private static float[][] weights32(Params p) {
        return p.spec().weight() == null ? new float[0][] : new float[][] {{0.25f, -0.5f, 2f}};
    }

    private static double[][] weights64(Params p) {
        return p.spec().weight() == null ? new double[0][] : new double[][] {{0.25, -0.5, 2}};
    }

    private static int outN(Kernel k, long[] shape) {
        return Kernel.numel(k.outputShape(shape));
    }

    @Test
    void numelRefusesOverflowNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kernel.numel(new long[] {3, (1L << 62) + 1}));
        assertTrue(e.getMessage().contains("overflow") && e.getMessage().contains("[3, 4611686018427387905]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Kernel.numel(new long[] {-17, 8}));
        assertTrue(e.getMessage().contains("[-17, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Kernel.numel(new long[] {1 << 16, 1 << 16}));
        assertTrue(e.getMessage().contains("[65536, 65536]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Kernel.numel(new long[] {0, 1L << 40}));
        assertTrue(e.getMessage().contains("[0, 1099511627776]"), e.getMessage());
        assertEquals(0, Kernel.numel(new long[] {0, 1L << 20, 1L << 20}));
        assertEquals(N, Kernel.numel(SHAPE));
        assertEquals(1, Kernel.numel(new long[0]));
        assertEquals("shape", assertThrows(NullPointerException.class, () -> Kernel.numel(null)).getMessage());
        // every kernel refuses such a shape instead of processing 3 elements
        float[] x = new float[8];
        for (Params p : everyKernel()) {
            Kernel k = p.spec().kernel(p);
            assertThrows(IllegalArgumentException.class,
                    () -> k.forward(x, new long[] {3, (1L << 62) + 1}, weights32(p), new float[8]), p.toString());
        }
    }

    @Test
    void nullArraysAreNamed() {
        for (Params p : everyKernel()) {
            Kernel k = p.spec().kernel(p);
            float[] x = new float[N];
            float[] y = new float[outN(k, SHAPE)];
            float[][] w = weights32(p);
            nullNamed("x", p, () -> k.forward(null, SHAPE, w, y));
            nullNamed("shape", p, () -> k.forward(x, null, w, y));
            nullNamed("weights", p, () -> k.forward(x, SHAPE, null, y));
            nullNamed("y", p, () -> k.forward(x, SHAPE, w, null));
            nullNamed("y", p, () -> k.forward(new double[N], SHAPE, weights64(p), null));
            if (w.length > 0) {
                nullNamed("weights[0]", p, () -> k.forward(x, SHAPE, new float[][] {null}, y));
            }
            if (!p.spec().differentiable()) {
                continue;
            }
            float[] gy = new float[y.length];
            float[] gx = new float[N];
            float[][] gw = w.length == 0 ? new float[0][] : new float[][] {new float[3]};
            nullNamed("x", p, () -> k.backward(null, SHAPE, w, gy, gx, gw));
            nullNamed("gy", p, () -> k.backward(x, SHAPE, w, null, gx, gw));
            nullNamed("gx", p, () -> k.backward(x, SHAPE, w, gy, null, gw));
            nullNamed("gw", p, () -> k.backward(x, SHAPE, w, gy, gx, null));
            nullNamed("gx", p, () -> k.backward(new double[N], SHAPE, weights64(p), new double[y.length], null,
                    w.length == 0 ? new double[0][] : new double[][] {new double[3]}));
            if (k instanceof ElementwiseKernel) {
                ElementwiseKernel e = (ElementwiseKernel) k;
                nullNamed("x", p, () -> e.forward((float[]) null, 0, y, 0, 4));
                nullNamed("y", p, () -> e.forward(x, 0, (float[]) null, 0, 4));
                nullNamed("y", p, () -> e.forwardScalar(new double[4], 0, (double[]) null, 0, 4));
                nullNamed("gy", p, () -> e.backward(x, 0, (float[]) null, 0, gx, 0, 4));
                nullNamed("gx", p, () -> e.backwardScalar(x, 0, gy, 0, (float[]) null, 0, 4));
                nullNamed("y", p, () -> e.forward(FloatBuffer.wrap(x), (FloatBuffer) null));
            }
        }
        RRelu r = new RRelu(0.1, 0.3);
        float[] a = new float[4];
        nullNamed("noise", null, () -> r.forwardTraining(a, new float[4], null, 1L));
        nullNamed("gy", null, () -> r.backwardTraining(null, a, new float[4]));
    }

    private static void nullNamed(String name, Params p, Executable call) {
        NullPointerException e = assertThrows(NullPointerException.class, call, p + ": null " + name);
        assertEquals(name, e.getMessage(), p + ": null " + name);
    }

    @Test
    void overlappingRangesAreRefused() {
        ElementwiseKernel relu = new Relu();
        float[] a = new float[64];
        refused(() -> relu.forward(a, 0, a, 1, 32));
        refused(() -> relu.forward(a, 8, a, 0, 32));
        refused(() -> relu.forwardScalar(a, 1, a, 0, 32));
        refused(() -> relu.backward(a, 0, new float[64], 0, a, 16, 32));
        refused(() -> relu.backward(new float[64], 0, a, 5, a, 0, 32));
        refused(() -> relu.forward(FloatBuffer.wrap(a, 0, 32), FloatBuffer.wrap(a, 1, 32)));
        // GLU's output (half the input) cannot be in place
        float[] g = new float[N];
        refused(() -> new Glu(-1).forward(g, SHAPE, new float[0][], g));
        refused(() -> new Glu(-1).backward(new float[N], SHAPE, new float[0][], g, g, new float[0][]));
        // PReLU: gx and gw are both outputs, and must not share elements
        float[][] w = {{0.25f, 0.5f, 1f}};
        refused(() -> new PRelu().backward(new float[N], SHAPE, w, new float[N], g, new float[][] {g}));
        float[] t = new float[8];
        refused(() -> new RRelu(0.1, 0.3).forwardTraining(new float[8], t, t, 1L));

        // allowed: disjoint ranges of one array, and exactly in place
        relu.forward(a, 0, a, 32, 32);
        relu.forward(a, 3, a, 3, 32);
        relu.backward(a, 0, a, 16, a, 32, 16);
        relu.forward(FloatBuffer.wrap(a, 4, 32), FloatBuffer.wrap(a, 4, 32));
        float[] sm = new float[N];
        new Softmax(-1).forward(sm, SHAPE, new float[0][], sm);
    }

    private static void refused(Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
    }

    /** Exactly in place gives the out-of-place bits, for every kernel whose output has x's shape, threads split or not. */
    @Test
    void inPlaceEqualsOutOfPlace() {
        Parallelism.setThreshold(1024);
        SplittableRandom r = new SplittableRandom(7);
        for (long[] shape : new long[][] {SHAPE, LONG_SHAPE}) {
            int n = Kernel.numel(shape);
            float[] x = new float[n];
            float[] gy = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextDouble() * 8 - 4);
                gy[i] = (float) (r.nextDouble() * 2 - 1);
            }
            for (Params p : everyKernel()) {
                Kernel k = p.spec().kernel(p);
                if (outN(k, shape) != n) {
                    continue;
                }
                float[][] w = weights32(p);
                float[] want = new float[n];
                k.forward(x, shape, w, want);
                float[] y = x.clone();
                k.forward(y, shape, w, y);
                assertArrayEquals(want, y, p + " forward in place");
                if (!p.spec().differentiable()) {
                    continue;
                }
                float[][] gwWant = w.length == 0 ? new float[0][] : new float[][] {new float[3]};
                float[][] gw = w.length == 0 ? new float[0][] : new float[][] {new float[3]};
                k.backward(x, shape, w, gy, want, gwWant);
                float[] gx = x.clone();
                k.backward(gx, shape, w, gy, gx, gw);
                assertArrayEquals(want, gx, p + " backward, gx = x");
                assertTrue(Arrays.deepEquals(gwWant, gw), p + " weight gradient, gx = x");
                gx = gy.clone();
                k.backward(x, shape, w, gx, gx, gw);
                assertArrayEquals(want, gx, p + " backward, gx = gy");
                assertTrue(Arrays.deepEquals(gwWant, gw), p + " weight gradient, gx = gy");
            }
        }
    }

    /** Float32 NaNs of many payloads and both signs, and the inputs that make NaN (±inf). */
    static final int[] NAN_BITS = {0x7fc00000, 0xffc00000, 0x7fc00001, 0xffc12345, 0x7f800001, 0xff800001,
        0x7fffffff, 0xffffffff, 0x7fa5a5a5, 0x7f800000, 0xff800000};

    /** Float64 counterparts. */
    static final long[] NAN_BITS64 = {0x7ff8000000000000L, 0xfff8000000000000L, 0x7ff8000000000001L,
        0xfff8123456789abcL, 0x7ff0000000000001L, 0x7fffffffffffffffL, 0xffffffffffffffffL, 0x7ff0000000000000L,
        0xfff0000000000000L};

    /**
     * Every NaN a kernel writes follows {@link Kernel#canonicalNaN}: the canonical bits, or for the
     * piecewise-linear kernels the input element's own NaN (x's in y, gy's in gx; quiet bit possibly
     * set); weight gradients canonical either way.
     */
    @Test
    void everyNaNWrittenFollowsTheRule() {
        int passing = 0;
        for (Params p : everyKernel()) {
            Kernel k = p.spec().kernel(p);
            boolean canonical = k.canonicalNaN();
            passing += canonical ? 0 : 1;
            float[] x = new float[N];
            float[] gy = new float[N];
            double[] xd = new double[N];
            double[] gyd = new double[N];
            for (int i = 0; i < N; i++) {
                boolean xNaN = i % 3 != 1;
                boolean gNaN = i % 3 != 0;
                x[i] = xNaN ? Float.intBitsToFloat(NAN_BITS[i % NAN_BITS.length]) : i * 0.25f - 9;
                gy[i] = gNaN ? Float.intBitsToFloat(NAN_BITS[(i / 3) % NAN_BITS.length]) : 0.5f;
                xd[i] = xNaN ? Double.longBitsToDouble(NAN_BITS64[i % NAN_BITS64.length]) : i * 0.25 - 9;
                gyd[i] = gNaN ? Double.longBitsToDouble(NAN_BITS64[(i / 3) % NAN_BITS64.length]) : 0.5;
            }
            float[] y = new float[outN(k, SHAPE)];
            k.forward(x, SHAPE, weights32(p), y);
            assertNaNRule(p + " f32 forward", canonical, y, x);
            double[] yd = new double[y.length];
            k.forward(xd, SHAPE, weights64(p), yd);
            assertNaNRule(p + " f64 forward", canonical, yd, xd);
            if (p.spec().differentiable()) {
                float[][] gw = weights32(p).length == 0 ? new float[0][] : new float[][] {new float[3]};
                float[] gx = new float[N];
                float[] g = Arrays.copyOf(gy, y.length);
                k.backward(x, SHAPE, weights32(p), g, gx, gw);
                assertNaNRule(p + " f32 backward", canonical, gx, g);
                for (float[] w : gw) {
                    assertCanonical(p + " f32 weight gradient", w);
                }
                double[][] gwd = weights64(p).length == 0 ? new double[0][] : new double[][] {new double[3]};
                double[] gxd = new double[N];
                double[] gd = Arrays.copyOf(gyd, y.length);
                k.backward(xd, SHAPE, weights64(p), gd, gxd, gwd);
                assertNaNRule(p + " f64 backward", canonical, gxd, gd);
                for (double[] w : gwd) {
                    assertCanonical(p + " f64 weight gradient", w);
                }
            }
        }
        assertTrue(passing >= 12, "piecewise-linear kernels passing NaNs through: " + passing);
        float[] x = {Float.intBitsToFloat(0xffc00001), -1f, Float.intBitsToFloat(0x7fa00000)};
        float[] y = new float[3];
        float[] noise = new float[3];
        new RRelu(0.1, 0.3).forwardTraining(x, y, noise, 3L);
        assertCanonical("rrelu training", y);
    }

    /** A NaN parameter or weight makes a piecewise-linear kernel write the canonical NaN. */
    @Test
    void nanParametersGiveCanonicalNaN() {
        float[] x = new float[N];
        double[] xd = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = i % 2 == 0 ? Float.intBitsToFloat(NAN_BITS[i % NAN_BITS.length]) : i * 0.25f - 9;
            xd[i] = i % 2 == 0 ? Double.longBitsToDouble(NAN_BITS64[i % NAN_BITS64.length]) : i * 0.25 - 9;
        }
        LeakyRelu nanSlope = new LeakyRelu(Double.longBitsToDouble(0xfff8000000000123L));
        assertTrue(nanSlope.canonicalNaN());
        float[] y = new float[N];
        double[] yd = new double[N];
        nanSlope.forward(x, 0, y, 0, N);
        assertCanonical("leaky_relu, NaN slope", y);
        nanSlope.backward(x, 0, x, 0, y, 0, N);
        assertCanonical("leaky_relu backward, NaN slope", y);
        nanSlope.forward(xd, 0, yd, 0, N);
        assertCanonical("leaky_relu f64, NaN slope", yd);
        assertTrue(new RRelu(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY).canonicalNaN());
        float[][] w = {{0.25f, Float.intBitsToFloat(0xffc00007), 2f}};
        double[][] wd = {{0.25, Double.longBitsToDouble(0xfff8000000000007L), 2}};
        for (Kernel k : new Kernel[] {new PRelu(), new FlexibleRelu()}) {
            k.forward(x, SHAPE, w, y);
            assertCanonical(k.getClass().getSimpleName() + ", NaN weight", y);
            k.forward(xd, SHAPE, wd, yd);
            assertCanonical(k.getClass().getSimpleName() + " f64, NaN weight", yd);
        }
        new PRelu().backward(x, SHAPE, w, x, y, new float[][] {new float[3]});
        assertCanonical("prelu backward, NaN weight", y);
        new PRelu().forward(x, SHAPE, new float[][] {{Float.intBitsToFloat(0xffc00007)}}, y);
        assertCanonical("prelu shared, NaN weight", y);
    }

    /**
     * Canonical kernels: every NaN canonical. Piecewise-linear ones: every NaN in {@code out} is
     * {@code in}'s NaN at the same index, its quiet bit possibly set.
     */
    static void assertNaNRule(String what, boolean canonical, float[] out, float[] in) {
        if (canonical) {
            assertCanonical(what, out);
            return;
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] != out[i]) {
                int got = Float.floatToRawIntBits(out[i]);
                int want = Float.floatToRawIntBits(in[i]);
                assertTrue(in[i] != in[i] && (got == want || got == (want | 0x00400000)),
                        what + " at " + i + ": wrote " + Integer.toHexString(got) + " for input " + Integer.toHexString(want));
            }
        }
    }

    static void assertNaNRule(String what, boolean canonical, double[] out, double[] in) {
        if (canonical) {
            assertCanonical(what, out);
            return;
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] != out[i]) {
                long got = Double.doubleToRawLongBits(out[i]);
                long want = Double.doubleToRawLongBits(in[i]);
                assertTrue(in[i] != in[i] && (got == want || got == (want | 0x0008000000000000L)),
                        what + " at " + i + ": wrote " + Long.toHexString(got) + " for input " + Long.toHexString(want));
            }
        }
    }

    static void assertCanonical(String what, float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != a[i]) {
                assertEquals(0x7fc00000, Float.floatToRawIntBits(a[i]), what + " at " + i);
            }
        }
    }

    static void assertCanonical(String what, double[] a) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != a[i]) {
                assertEquals(0x7ff8000000000000L, Double.doubleToRawLongBits(a[i]), what + " at " + i);
            }
        }
    }
}
