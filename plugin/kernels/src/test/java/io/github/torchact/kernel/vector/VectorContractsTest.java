package io.github.torchact.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.impl.ScalarPath;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.kernel.vector.VectorSupport;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@link Kernel}'s NaN and in-place contracts on the Vector API path (this module's tests run with
 * {@code --add-modules jdk.incubator.vector}; the plugin's KernelContractsTest covers the scalar
 * path).
 *
 * <p>NaN: inputs hold NaNs of many payloads and both signs (and infinities, which make NaN), in
 * runs long enough for whole vectors; the vector loops and the scalar loops must give identical
 * bits, every NaN the canonical one except for the piecewise-linear kernels ({@link
 * Kernel#canonicalNaN} false), which pass the input's NaN through on both paths (the scalar loop
 * is the reference; the plugin's KernelContractsTest checks it is the input's). Before the kernels
 * wrote the canonical NaN, 19 elementwise
 * kernels (celu, elu, selu, gelu, gelu_tanh, hardsigmoid, hardswish, logsigmoid, mish, sigmoid, silu,
 * softplus, softsign, tanh, tanhshrink, in some dtype and direction) and softmax, log_softmax,
 * softmin, softmax2d and GLU differed in sign or payload between the two paths.
 *
 * <p>In place: {@code forward(x, shape, w, x)}, {@code backward} with {@code gx == x} and with
 * {@code gx == gy} give the out-of-place bits with the arrays split across threads (log_softmax's
 * vector gradient once staged exp(y) in gx, breaking {@code gx == gy}).
 */
class VectorContractsTest {

    private static final int[] NAN32 = {0x7fc00000, 0xffc00000, 0x7fc00001, 0xffc12345, 0x7f800001, 0xff800001,
        0x7fffffff, 0xffffffff, 0x7fa5a5a5, 0x7f800000, 0xff800000};
    private static final long[] NAN64 = {0x7ff8000000000000L, 0xfff8000000000000L, 0x7ff8000000000001L,
        0xfff8123456789abcL, 0x7ff0000000000001L, 0x7fffffffffffffffL, 0xffffffffffffffffL, 0x7ff0000000000000L,
        0xfff0000000000000L};

    @AfterEach
    void restore() {
        Parallelism.setThreshold(Parallelism.DEFAULT_THRESHOLD);
        Parallelism.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void nanBitsAreCanonicalAndEqualOnBothPaths() {
        assertTrue(VectorSupport.enabled(), "run with --add-modules jdk.incubator.vector");
        int n = 4096;
        SplittableRandom r = new SplittableRandom(12);
        float[] x = new float[n];
        float[] gy = new float[n];
        double[] xd = new double[n];
        double[] gyd = new double[n];
        for (int i = 0; i < n; i++) {
            // runs of 64: x NaN / gy normal, x normal / gy NaN, both NaN, mixed
            int mode = (i / 64) % 4;
            boolean xNaN = mode == 0 || mode == 2 || (mode == 3 && r.nextInt(3) == 0);
            boolean gNaN = mode == 1 || mode == 2 || (mode == 3 && r.nextInt(3) == 0);
            x[i] = xNaN ? Float.intBitsToFloat(NAN32[r.nextInt(NAN32.length)]) : (float) (r.nextDouble() * 8 - 4);
            gy[i] = gNaN ? Float.intBitsToFloat(NAN32[r.nextInt(NAN32.length)]) : (float) (r.nextDouble() * 2 - 1);
            xd[i] = xNaN ? Double.longBitsToDouble(NAN64[r.nextInt(NAN64.length)]) : r.nextDouble() * 8 - 4;
            gyd[i] = gNaN ? Double.longBitsToDouble(NAN64[r.nextInt(NAN64.length)]) : r.nextDouble() * 2 - 1;
        }
        for (ActivationSpec s : Catalog.all()) {
            for (Params p : s.paramSets()) {
                Kernel k = s.kernel(p);
                boolean canonical = k.canonicalNaN();
                // later rounds run compiled loops (more of them where NaNs pass through: C2 must not change them)
                for (int round = 0; round < (canonical ? 2 : 24); round++) {
                    if (k instanceof ElementwiseKernel e) {
                        float[] want = new float[n];
                        float[] got = new float[n];
                        e.forwardScalar(x, 0, want, 0, n);
                        e.forward(x, 0, got, 0, n);
                        same(canonical, p + " f32 forward", want, got);
                        double[] wantD = new double[n];
                        double[] gotD = new double[n];
                        e.forwardScalar(xd, 0, wantD, 0, n);
                        e.forward(xd, 0, gotD, 0, n);
                        same(canonical, p + " f64 forward", wantD, gotD);
                        if (s.differentiable()) {
                            e.backwardScalar(x, 0, gy, 0, want, 0, n);
                            e.backward(x, 0, gy, 0, got, 0, n);
                            same(canonical, p + " f32 backward", want, got);
                            e.backwardScalar(xd, 0, gyd, 0, wantD, 0, n);
                            e.backward(xd, 0, gyd, 0, gotD, 0, n);
                            same(canonical, p + " f64 backward", wantD, gotD);
                        }
                    } else if (k instanceof ScalarPath sp) {
                        for (long[] shape : new long[][] {{4, 16, 64}, {2, 64, 32}}) {
                            int m = Kernel.numel(k.outputShape(shape));
                            float[] want = new float[m];
                            float[] got = new float[m];
                            sp.forwardScalar(x, shape, want);
                            k.forward(x, shape, new float[0][], got);
                            same(canonical, p + " f32 forward " + Arrays.toString(shape), want, got);
                            if (s.differentiable()) {
                                float[] wantG = new float[n];
                                float[] gotG = new float[n];
                                float[] g = Arrays.copyOf(gy, m);
                                sp.backwardScalar(x, shape, g, wantG);
                                k.backward(x, shape, new float[0][], g, gotG, new float[0][]);
                                same(canonical, p + " f32 backward " + Arrays.toString(shape), wantG, gotG);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void inPlaceEqualsOutOfPlace() {
        Parallelism.setThreshold(1024);
        SplittableRandom r = new SplittableRandom(13);
        long[] shape = {4, 3, 64, 66};
        int n = Kernel.numel(shape);
        float[] x = new float[n];
        float[] gy = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 8 - 4);
            gy[i] = (float) (r.nextDouble() * 2 - 1);
        }
        for (ActivationSpec s : Catalog.all()) {
            for (Params p : s.paramSets()) {
                Kernel k = s.kernel(p);
                if (Kernel.numel(k.outputShape(shape)) != n) {
                    continue; // GLU: its output cannot be in place
                }
                float[][] w = s.weight() == null ? new float[0][] : new float[][] {{0.25f, -0.5f, 2f}};
                float[] want = new float[n];
                k.forward(x, shape, w, want);
                float[] y = x.clone();
                k.forward(y, shape, w, y);
                assertArrayEquals(want, y, p + " forward in place");
                if (!s.differentiable()) {
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

    private static void same(boolean canonical, String what, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Integer.toHexString(Float.floatToRawIntBits(want[i])),
                    Integer.toHexString(Float.floatToRawIntBits(got[i])), what + " at " + i);
            if (canonical && want[i] != want[i]) {
                assertEquals(0x7fc00000, Float.floatToRawIntBits(want[i]), what + ": NaN not canonical at " + i);
            }
        }
    }

    private static void same(boolean canonical, String what, double[] want, double[] got) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Long.toHexString(Double.doubleToRawLongBits(want[i])),
                    Long.toHexString(Double.doubleToRawLongBits(got[i])), what + " at " + i);
            if (canonical && want[i] != want[i]) {
                assertEquals(0x7ff8000000000000L, Double.doubleToRawLongBits(want[i]), what + ": NaN not canonical at " + i);
            }
        }
    }
}
