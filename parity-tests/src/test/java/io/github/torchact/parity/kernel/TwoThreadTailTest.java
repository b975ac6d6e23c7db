package io.github.torchact.parity.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.pytorch.jni.JniUtils;
import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.StandardInputs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * libtorch's multithreaded chunking makes further tails (parity-tests/PARITY.md, "Tensor tails"): with
 * T intra-op threads, a contiguous elementwise op over n &gt; 32768 elements (at::internal::GRAIN_SIZE)
 * runs as p = min(T, ceil(n / 32768)) chunks of c = ceil(n / p) elements, each a run with its own
 * scalar tail. At 2 threads, libtorch equals the Java kernel applied chunk by chunk, and differs from
 * its own single-threaded result where a chunk's tail holds values whose libm and vector results
 * differ (placed there on purpose).
 */
class TwoThreadTailTest {

    private static final int GRAIN = 32768;
    private static final int N = 2 * GRAIN + 2 * 37;

    static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        // a chosen sample, not every kernel: exp-based kernels that match libtorch bitwise and whose scalar tail
        // (glibc's exp) differs from their vector body, so a misplaced chunk boundary shows
        for (ActivationSpec s : List.of(Catalog.SIGMOID, Catalog.SILU, Catalog.MISH, Catalog.SOFTPLUS)) {
            for (boolean f64 : new boolean[] {false, true}) {
                cases.add(new Object[] {s.name(), f64, s});
            }
        }
        return cases;
    }

    /** libtorch's chunks of [0, n) at {@code threads} threads (at::parallel_for over OpenMP). */
    static int[][] torchChunks(int n, int threads, int grain) {
        if (n <= grain || threads == 1) {
            return new int[][] {{0, n}};
        }
        int p = Math.min(threads, (n + grain - 1) / grain);
        int c = (n + p - 1) / p;
        List<int[]> chunks = new ArrayList<>();
        for (int b = 0; b < n; b += c) {
            chunks.add(new int[] {b, Math.min(n, b + c)});
        }
        return chunks.toArray(new int[0][]);
    }

    @ParameterizedTest(name = "{0} f64={1}")
    @MethodSource("cases")
    void forwardAtTwoThreads(String name, boolean f64, ActivationSpec s) {
        Params p = s.paramSets().get(0);
        ElementwiseKernel k = (ElementwiseKernel) s.kernel(p);
        int[][] chunks = torchChunks(N, 2, GRAIN);
        double[] v = inputs(k, f64, chunks[0][1]);
        HostTensor x = f64 ? HostTensor.of(v, N) : HostTensor.of(toFloat(v), N);
        HostTensor one = TorchReference.get().forward(s, p, x, null);
        HostTensor two;
        JniUtils.setNumThreads(2);
        try {
            two = TorchReference.get().forward(s, p, x, null);
        } finally {
            JniUtils.setNumThreads(1);
        }
        if (f64) {
            double[] y = new double[N];
            for (int[] c : chunks) {
                k.forward(x.f64(), c[0], y, c[0], c[1] - c[0]);
            }
            assertArrayEquals(bits(two.f64()), bits(y), name + ": libtorch at 2 threads vs the kernel chunk by chunk");
            assertFalse(Arrays.equals(bits(one.f64()), bits(two.f64())), name + ": 2 threads made no further tail");
        } else {
            float[] y = new float[N];
            for (int[] c : chunks) {
                k.forward(x.f32(), c[0], y, c[0], c[1] - c[0]);
            }
            assertArrayEquals(bits(two.f32()), bits(y), name + ": libtorch at 2 threads vs the kernel chunk by chunk");
            assertFalse(Arrays.equals(bits(one.f32()), bits(two.f32())), name + ": 2 threads made no further tail");
        }
    }

    /**
     * Seeded normals, with the last {@code end mod 16} positions before {@code end} (the first chunk's
     * tail at 2 threads) holding values whose vector and scalar-loop results differ.
     */
    private static double[] inputs(ElementwiseKernel k, boolean f64, int end) {
        SplittableRandom rnd = new SplittableRandom(StandardInputs.SEED + 2);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = StandardInputs.round(StandardInputs.gaussian(rnd) * 5, f64);
        }
        int from = ElementwiseKernel.bodyLength(end, f64);
        for (int i = from; i < end; i++) {
            double t;
            do {
                t = StandardInputs.round(StandardInputs.gaussian(rnd) * 5, f64);
            } while (f64 ? k.apply(t) == k.applyTail(t) : k.apply((float) t) == k.applyTail((float) t));
            v[i] = t;
        }
        return v;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static long[] bits(double[] a) {
        return Arrays.stream(a).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
