package io.github.torchact.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.impl.ScalarPath;
import io.github.torchact.kernel.math.CpuCapability;
import io.github.torchact.kernel.math.TorchVersion;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The last-dim rows of softmax, log_softmax and softmin ({@link SoftmaxRows}: two rows at a time,
 * any-order max) give the scalar kernels' bits, float32 and float64, forward and backward, under both
 * reduction orders (AVX2, AVX-512) and both gradient versions (libtorch 2.7, PyTorch 2.13): every row
 * length 1 to 70 and some primes around the 8/16-lane and 1024 boundaries, odd and even row counts
 * (an odd last row runs paired with itself), rows of mixed kinds side by side (normal, wide uniform,
 * random bits, ±0 only, negatives with a ±0 maximum, only -inf, NaN or ±inf at one position, ties).
 * NaN must meet NaN (any payload); every other result must have the same bits.
 */
class SoftmaxRowsIdentityTest {

    private static final int[] ROWS = {1, 2, 3, 5, 19};
    private static final int KINDS = 10;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (int n = 1; n <= 70; n++) {
            lengths.add(n);
        }
        lengths.addAll(List.of(97, 127, 131, 251, 257, 1021, 1031));
        for (String op : List.of("softmax", "log_softmax", "softmin")) {
            for (int n : lengths) {
                out.add(Arguments.of(op, n));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void sameBitsAsScalar(String op, int n) {
        Parallelism.setThreads(1);
        Kernel k = Catalog.get(op).kernel(Catalog.get(op).params(Map.of("dim", -1)));
        ScalarPath scalar = (ScalarPath) k;
        try {
            for (CpuCapability cpu : CpuCapability.values()) {
                for (TorchVersion version : new TorchVersion[] {TorchVersion.V2_7, TorchVersion.V2_13}) {
                    CpuCapability.set(cpu);
                    TorchVersion.set(version);
                    for (int rows : ROWS) {
                        String what = op + " n=" + n + " rows=" + rows + " " + cpu + " " + version;
                        check32(k, scalar, rows, n, what);
                        check64(k, scalar, rows, n, what);
                        // the rows did run on the vector form
                        assertEquals(n >= cpu.floatLanes(), VectorSupport.alongDim()
                                .softmaxRows(new float[rows * n], new float[rows * n], 0, rows, n), what);
                        assertEquals(n >= cpu.doubleLanes(), VectorSupport.alongDim()
                                .softmaxRows(new double[rows * n], new double[rows * n], 0, rows, n), what);
                    }
                }
            }
        } finally {
            CpuCapability.set(null);
            TorchVersion.set(null);
        }
    }

    private static void check32(Kernel k, ScalarPath scalar, int rows, int n, String what) {
        long[] shape = {rows, n};
        double[] xd = inputs(rows, n, false);
        double[] gd = gradients(rows, n, false);
        float[] x = new float[xd.length];
        float[] gy = new float[gd.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) xd[i];
            gy[i] = (float) gd[i];
        }
        float[] want = new float[x.length];
        float[] got = new float[x.length];
        scalar.forwardScalar(x, shape, want);
        k.forward(x, shape, new float[0][], got);
        assertSameBits(what + " float32 forward", want, got);
        scalar.backwardScalar(x, shape, gy, want);
        k.backward(x, shape, new float[0][], gy, got, new float[0][]);
        assertSameBits(what + " float32 backward", want, got);
    }

    private static void check64(Kernel k, ScalarPath scalar, int rows, int n, String what) {
        long[] shape = {rows, n};
        double[] x = inputs(rows, n, true);
        double[] gy = gradients(rows, n, true);
        double[] want = new double[x.length];
        double[] got = new double[x.length];
        scalar.forwardScalar(x, shape, want);
        k.forward(x, shape, new double[0][], got);
        assertSameBits(what + " float64 forward", want, got);
        scalar.backwardScalar(x, shape, gy, want);
        k.backward(x, shape, new double[0][], gy, got, new double[0][]);
        assertSameBits(what + " float64 backward", want, got);
    }

    /** Row r of kind (r + n) mod {@link #KINDS}, so neighbouring rows (run as a pair) differ. */
    private static double[] inputs(int rows, int n, boolean wide) {
        SplittableRandom r = new SplittableRandom(1000L * n + rows);
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0d, 0d, 1e30, -1e30, 88.5};
        double[] x = new double[rows * n];
        for (int row = 0; row < rows; row++) {
            int kind = (row + n) % KINDS;
            for (int i = row * n; i < (row + 1) * n; i++) {
                x[i] = switch (kind) {
                    case 0 -> normal(r) * 3;
                    case 1 -> r.nextDouble() * 240 - 120;
                    case 2 -> wide ? Double.longBitsToDouble(r.nextLong()) : Float.intBitsToFloat(r.nextInt());
                    case 3 -> r.nextBoolean() ? -0d : 0d;
                    case 4 -> r.nextInt(4) == 0 ? (r.nextBoolean() ? -0d : 0d) : -Math.abs(normal(r)) - 1e-3;
                    case 5 -> Double.NEGATIVE_INFINITY;
                    case 6, 7 -> normal(r) * 30;
                    case 8 -> Math.rint(normal(r) * 2);
                    default -> wide ? normal(r) * 700 : normal(r) * 90;
                };
            }
            if (kind == 6 || kind == 7 || kind == 8) {
                int at = row * n + r.nextInt(n);
                x[at] = specials[r.nextInt(specials.length)];
            }
        }
        return x;
    }

    private static double[] gradients(int rows, int n, boolean wide) {
        SplittableRandom r = new SplittableRandom(7000L * n + rows);
        double[] gy = new double[rows * n];
        for (int i = 0; i < gy.length; i++) {
            boolean bits = i / n % 4 == 3;
            gy[i] = !bits ? normal(r) : wide ? Double.longBitsToDouble(r.nextLong()) : Float.intBitsToFloat(r.nextInt());
        }
        return gy;
    }

    private static double normal(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static void assertSameBits(String what, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i]) && !(want[i] != want[i] && got[i] != got[i])) {
                assertEquals(Integer.toHexString(Float.floatToRawIntBits(want[i])),
                        Integer.toHexString(Float.floatToRawIntBits(got[i])), what + " differs at " + i);
            }
        }
    }

    private static void assertSameBits(String what, double[] want, double[] got) {
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i]) && !(want[i] != want[i] && got[i] != got[i])) {
                assertEquals(Long.toHexString(Double.doubleToRawLongBits(want[i])),
                        Long.toHexString(Double.doubleToRawLongBits(got[i])), what + " differs at " + i);
            }
        }
    }
}
