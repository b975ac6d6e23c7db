package io.github.torchact.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.impl.ScalarPath;
import io.github.torchact.kernel.math.CpuCapability;
import io.github.torchact.kernel.math.TorchVersion;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.kernel.vector.AlongDimLoops;
import io.github.torchact.kernel.vector.VectorSupport;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.StandardInputs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The softmax family and GLU in float32 (Vector API row forms, threads) give the same bits as their
 * scalar loops ({@link ScalarPath}), forward and backward, on rows of lengths around the 8-lane
 * reduction width, the 16-lane vectors and the 1024-element staging blocks, filled with the standard
 * inputs, normal and uniform values, random bit patterns, and rows holding NaN, ±inf, only -inf,
 * ties and signed zeros at the first, a middle, and the tail positions. NaN must meet NaN (any
 * payload); every other result must have the same bits.
 */
class AlongDimIdentityTest {

    private static final int[] LENGTHS = {1, 2, 7, 8, 9, 15, 16, 17, 24, 63, 64, 65, 100, 1000, 1024, 1029, 2053, 5000};
    /** Elements per case, at least: enough rows of each kind for the short lengths. */
    private static final int ELEMENTS = 1 << 15;
    private static final int KINDS = 8;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        // the catalog's activations along a dim argument (softmax2d has none: it is softmax's kernel at dim -3, below)
        for (ActivationSpec s : Catalog.all()) {
            if (s.layout() != Layout.ALONG_DIM || s.params().isEmpty()) {
                continue;
            }
            String op = s.name();
            boolean halves = s.halvesDim();
            for (int n : LENGTHS) {
                int row = halves ? 2 * n : n;
                int rows = Math.max(2 * KINDS, ELEMENTS / row);
                out.add(Arguments.of(op, -1, new long[] {rows, row}));
            }
            // other dims: softmax's vector columns (whole vectors, then the scalar ones) and the
            // scalar column loops, split across threads by outer slices
            out.add(Arguments.of(op, 1, new long[] {64, 6, 11}));
            out.add(Arguments.of(op, 1, new long[] {32, 6, 40}));
            out.add(Arguments.of(op, 1, new long[] {4, 6, 1029}));
            // log_softmax's 128 KiB column blocks: 512 columns each at size 64, 680 (not whole 16-lane vectors) at 48
            out.add(Arguments.of(op, 1, new long[] {2, 64, 1100}));
            out.add(Arguments.of(op, 1, new long[] {2, 48, 1500}));
            out.add(Arguments.of(op, -3, new long[] {4, 6, 17, 19}));
            out.add(Arguments.of(op, 0, new long[] {4, 4096}));
            out.add(Arguments.of(op, -1, new long[] {3, 2, 64}));
        }
        return out.stream();
    }

    @Test
    void vectorFormsAreLoaded() {
        assertTrue(VectorSupport.enabled(), "run with --add-modules jdk.incubator.vector");
        assertNotSame(AlongDimLoops.NONE, VectorSupport.alongDim());
    }

    @ParameterizedTest(name = "{0} dim={1} {2}")
    @MethodSource("cases")
    void float32(String op, int dim, long[] shape) {
        check(op, dim, shape);
    }

    /** The same under the other reference settings: AVX-512 reduction order, PyTorch 2.13's gradients. */
    @ParameterizedTest(name = "{0} dim={1} {2}")
    @MethodSource("cases")
    void float32Avx512Torch213(String op, int dim, long[] shape) {
        CpuCapability.set(CpuCapability.AVX512);
        TorchVersion.set(TorchVersion.V2_13);
        try {
            check(op, dim, shape);
        } finally {
            CpuCapability.set(null);
            TorchVersion.set(null);
        }
    }

    private static void check(String op, int dim, long[] shape) {
        ActivationSpec spec = Catalog.get(op);
        Params p = spec.params(Map.of("dim", dim));
        Kernel k = spec.kernel(p);
        ScalarPath scalar = (ScalarPath) k;
        int numel = Kernel.numel(shape);
        int rowLength = (int) shape[shape.length - 1];
        float[] x = inputs(spec, p, numel, rowLength);
        if (dim != -1) {
            specialColumns(x, shape, dim);
        }
        int outNumel = Kernel.numel(k.outputShape(shape));
        float[] gy = gradients(outNumel, rowLength);
        String what = op + " dim=" + dim + " " + Arrays.toString(shape);
        for (int round = 0; round < 3; round++) {
            for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
                Parallelism.setThreads(threads);
                float[] want = new float[outNumel];
                float[] got = new float[outNumel];
                scalar.forwardScalar(x, shape, want);
                k.forward(x, shape, new float[0][], got);
                assertSameBits(what + " forward, " + threads + " threads", x, want, got);
                float[] gWant = new float[numel];
                float[] gGot = new float[numel];
                scalar.backwardScalar(x, shape, gy, gWant);
                k.backward(x, shape, new float[0][], gy, gGot, new float[0][]);
                assertSameBits(what + " backward, " + threads + " threads", x, gWant, gGot);
            }
        }
    }

    /** Rows of {@code n}, each of one kind (row index mod {@link #KINDS}). */
    private static float[] inputs(ActivationSpec spec, Params p, int numel, int n) {
        double[] std = StandardInputs.values(false, spec.thresholds(p), spec.plotMin(), spec.plotMax());
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 11);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.MIN_VALUE};
        float[] x = new float[numel];
        int s = 0;
        for (int row = 0; row * n < numel; row++) {
            int off = row * n;
            int kind = row % KINDS;
            for (int i = off; i < Math.min(numel, off + n); i++) {
                x[i] = switch (kind) {
                    case 0 -> (float) std[s++ % std.length];
                    case 1 -> (float) (normal(r) * 3);
                    case 2 -> (float) (r.nextDouble() * 240 - 120);
                    case 3 -> Float.intBitsToFloat(r.nextInt());
                    case 4 -> (float) (normal(r) * 30);
                    case 5 -> r.nextBoolean() ? -0f : 0f;
                    case 6 -> Float.NEGATIVE_INFINITY;
                    default -> (float) Math.rint(normal(r) * 2);
                };
            }
            if (kind == 4 || kind == 7) {
                // one special value at the first, a random, or the last (tail) position
                int at = off + switch (row / KINDS % 3) {
                    case 0 -> 0;
                    case 1 -> r.nextInt(n);
                    default -> n - 1;
                };
                if (at < numel) {
                    x[at] = specials[row / KINDS % specials.length];
                }
            }
        }
        return x;
    }

    /**
     * In the first slice of a non-last {@code dim}: column 1 all -inf, column 2 NaN in its first row and column 6 in its last,
     * column 3 +inf in its first, column 4 ±0 only, column 5 ties at the maximum.
     */
    private static void specialColumns(float[] x, long[] shape, int dim) {
        int d = dim < 0 ? dim + shape.length : dim;
        int n = (int) shape[d];
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) {
            inner *= (int) shape[i];
        }
        if (inner < 7) {
            return;
        }
        for (int r = 0; r < n; r++) {
            x[r * inner + 1] = Float.NEGATIVE_INFINITY;
            x[r * inner + 4] = r % 2 == 0 ? -0f : 0f;
            x[r * inner + 5] = r % 3 == 0 ? 7f : 1f;
        }
        x[2] = Float.NaN;
        x[(n - 1) * inner + 6] = Float.NaN;
        x[3] = Float.POSITIVE_INFINITY;
    }

    private static float[] gradients(int numel, int n) {
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 12);
        float[] gy = new float[numel];
        for (int i = 0; i < numel; i++) {
            int row = i / Math.max(1, n);
            gy[i] = row % 5 == 3 ? Float.intBitsToFloat(r.nextInt()) : (float) normal(r);
        }
        return gy;
    }

    private static double normal(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static void assertSameBits(String what, float[] x, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i]) && !(want[i] != want[i] && got[i] != got[i])) {
                assertEquals(Integer.toHexString(Float.floatToRawIntBits(want[i])),
                        Integer.toHexString(Float.floatToRawIntBits(got[i])),
                        what + " differs at " + i + " (x = " + (i < x.length ? x[i] : Float.NaN) + ")");
            }
        }
    }
}
