package io.github.torchact.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.FunnelKernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The Funnel kernel on the Vector API path ({@link FunnelKernel#forward}) gives the bits of its
 * scalar loops ({@link FunnelKernel#forwardScalar}), float32 and float64, for k = 1, 3, 5, 7, widths
 * from 1 to 75: interior (whole-window) columns fewer than one vector, exactly one, two and four
 * vectors, and one more or less than each (the one-, two- and four-vector steps, overlapped or not),
 * heights below and above k, every border row and column. Inputs: normal,
 * uniform, random bit patterns (NaN payloads, ±inf, subnormals), ±0 only, small integers with NaN, ±inf,
 * ±0, extremes placed at random positions, a negative constant; weights: normal, the identity
 * stencil with bias -0 (T(x) = x: ties and signed zeros), all -0, normal with inf and NaN entries,
 * huge (T overflows the dtype), summing to zero (on a constant input T(x) is then double's rounding
 * error alone, so a float32 result shows any change in the order of the sum or an fma), random bit
 * patterns. Every element must have the same bits, NaN included (both paths write the canonical
 * NaN).
 */
class FunnelIdentityTest {

    private static final int[] KERNELS = {1, 3, 5, 7};
    private static final int[] WIDTHS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
        21, 22, 23, 24, 25, 26, 31, 32, 33, 34, 40, 56, 66, 75};
    private static final int[] HEIGHTS = {1, 2, 4, 9};
    private static final int INPUT_KINDS = 7;
    private static final int WEIGHT_KINDS = 7;
    private static final float[] SPECIALS_F = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL, Float.intBitsToFloat(0xffc00001)};
    private static final double[] SPECIALS_D = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0d,
        0d, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL, Double.longBitsToDouble(0xfff8000000000001L)};

    private static final AtomicLong COMPARED = new AtomicLong();

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (int k : KERNELS) {
            for (int w : WIDTHS) {
                for (int h : HEIGHTS) {
                    out.add(Arguments.of(k, h, w));
                }
            }
        }
        return out.stream();
    }

    @Test
    void vectorFormIsLoaded() {
        assertTrue(VectorSupport.enabled(), "run with --add-modules jdk.incubator.vector");
        assertNotSame(FunnelLoops.NONE, VectorSupport.funnel());
    }

    @Test
    void refusesToWriteInPlace() {
        FunnelKernel.Folded f = new FunnelKernel.Folded(1, 3, new double[9], new double[1]);
        float[] x = new float[64];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FunnelKernel.forward(x, new long[] {1, 1, 8, 8}, f, x));
        assertTrue(e.getMessage().contains("y must be another array than x"), e.getMessage());
    }

    @ParameterizedTest(name = "k={0} h={1} w={2}")
    @MethodSource("shapes")
    void float32(int k, int h, int w) {
        SplittableRandom r = new SplittableRandom(31L * (k * 1000 + h * 100 + w));
        int channels = WEIGHT_KINDS;
        for (int n = 0; n < INPUT_KINDS; n++) {
            long[] shape = {1, channels, h, w};
            float[] x = new float[channels * h * w];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) input(r, n, i % (h * w) == 0);
            }
            sprinkle(r, x, n);
            FunnelKernel.Folded f = weights(r, channels, k, false);
            float[] want = new float[x.length];
            float[] got = new float[x.length];
            FunnelKernel.forwardScalar(x, shape, f, want);
            FunnelKernel.forward(x, shape, f, got);
            for (int i = 0; i < x.length; i++) {
                int wb = Float.floatToRawIntBits(want[i]);
                int gb = Float.floatToRawIntBits(got[i]);
                if (wb != gb) {
                    assertEquals(Integer.toHexString(wb), Integer.toHexString(gb), "k=" + k + " " + h + "x" + w
                            + " input kind " + n + " channel " + i / (h * w) + " at (" + i % (h * w) / w + ", "
                            + i % w + "), x = " + x[i]);
                }
                if (want[i] != want[i]) {
                    assertEquals(0x7fc00000, wb, "canonical NaN");
                }
            }
            COMPARED.addAndGet(x.length);
        }
    }

    @ParameterizedTest(name = "k={0} h={1} w={2}")
    @MethodSource("shapes")
    void float64(int k, int h, int w) {
        SplittableRandom r = new SplittableRandom(37L * (k * 1000 + h * 100 + w));
        int channels = WEIGHT_KINDS;
        for (int n = 0; n < INPUT_KINDS; n++) {
            long[] shape = {1, channels, h, w};
            double[] x = new double[channels * h * w];
            for (int i = 0; i < x.length; i++) {
                x[i] = n == 2 ? Double.longBitsToDouble(r.nextLong()) : input(r, n, false);
            }
            sprinkle(r, x, n);
            FunnelKernel.Folded f = weights(r, channels, k, true);
            double[] want = new double[x.length];
            double[] got = new double[x.length];
            FunnelKernel.forwardScalar(x, shape, f, want);
            FunnelKernel.forward(x, shape, f, got);
            for (int i = 0; i < x.length; i++) {
                long wb = Double.doubleToRawLongBits(want[i]);
                long gb = Double.doubleToRawLongBits(got[i]);
                if (wb != gb) {
                    assertEquals(Long.toHexString(wb), Long.toHexString(gb), "k=" + k + " " + h + "x" + w
                            + " input kind " + n + " channel " + i / (h * w) + " at (" + i % (h * w) / w + ", "
                            + i % w + "), x = " + x[i]);
                }
                if (want[i] != want[i]) {
                    assertEquals(0x7ff8000000000000L, wb, "canonical NaN");
                }
            }
            COMPARED.addAndGet(x.length);
        }
    }

    /**
     * Batches and channels beyond one plane each: planes must not bleed into each other; repeated so
     * that the loops run C2-compiled, not only interpreted.
     */
    @Test
    void manyPlanes() {
        SplittableRandom r = new SplittableRandom(5);
        long[] shape = {3, 7, 23, 29};
        float[] x = new float[3 * 7 * 23 * 29];
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) input(r, i % INPUT_KINDS == 2 ? 0 : i % INPUT_KINDS, false);
            xd[i] = x[i];
        }
        for (int round = 0; round < 40; round++) {
            int k = KERNELS[round % KERNELS.length];
            FunnelKernel.Folded f = weights(r, 7, k, false);
            float[] want = new float[x.length];
            float[] got = new float[x.length];
            FunnelKernel.forwardScalar(x, shape, f, want);
            FunnelKernel.forward(x, shape, f, got);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "f32 k=" + k + " at " + i);
            }
            double[] wantD = new double[x.length];
            double[] gotD = new double[x.length];
            FunnelKernel.forwardScalar(xd, shape, f, wantD);
            FunnelKernel.forward(xd, shape, f, gotD);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Double.doubleToRawLongBits(wantD[i]), Double.doubleToRawLongBits(gotD[i]), "f64 k=" + k + " at " + i);
            }
            COMPARED.addAndGet(2L * x.length);
        }
    }

    @AfterAll
    static void tally() {
        System.out.println("FunnelIdentityTest: " + COMPARED.get() + " outputs compared bit for bit");
    }

    /** An input value of kind {@code n}; kind 2 is random float32 bit patterns. */
    private static double input(SplittableRandom r, int n, boolean first) {
        return switch (n) {
            case 0 -> normal(r) * 3;
            case 1 -> r.nextDouble() * 240 - 120;
            case 2 -> Float.intBitsToFloat(r.nextInt());
            case 3 -> r.nextBoolean() ? -0d : 0d;
            case 4 -> Math.rint(normal(r) * 2);
            case 5 -> normal(r) * 1e-3;
            default -> -1.37;
        };
    }

    /** Specials at random positions (borders included) for the kinds that hold finite values. */
    private static void sprinkle(SplittableRandom r, float[] x, int n) {
        if (n == 4 || n == 5) {
            for (int j = 0; j < Math.max(1, x.length / 16); j++) {
                x[r.nextInt(x.length)] = SPECIALS_F[r.nextInt(SPECIALS_F.length)];
            }
        }
    }

    private static void sprinkle(SplittableRandom r, double[] x, int n) {
        if (n == 4 || n == 5) {
            for (int j = 0; j < Math.max(1, x.length / 16); j++) {
                x[r.nextInt(x.length)] = SPECIALS_D[r.nextInt(SPECIALS_D.length)];
            }
        }
    }

    /** Channel c's stencil is of weight kind c mod {@link #WEIGHT_KINDS}. */
    private static FunnelKernel.Folded weights(SplittableRandom r, int channels, int k, boolean f64) {
        int kk = k * k;
        double[] w = new double[channels * kk];
        double[] b = new double[channels];
        for (int c = 0; c < channels; c++) {
            int kind = c % WEIGHT_KINDS;
            for (int i = 0; i < kk; i++) {
                w[c * kk + i] = switch (kind) {
                    case 0 -> normal(r) * 0.5;
                    case 1 -> i == kk / 2 ? 1 : 0;
                    case 2 -> -0d;
                    case 3 -> r.nextInt(8) == 0 ? (r.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY)
                            : normal(r);
                    case 4 -> normal(r) * (f64 ? 1e306 : 1e37);
                    case 5 -> i < kk - 1 ? normal(r) : -sum(w, c * kk, kk - 1);
                    default -> f64 ? Double.longBitsToDouble(r.nextLong()) : Float.intBitsToFloat(r.nextInt());
                };
            }
            b[c] = kind == 1 || kind == 2 || kind == 5 ? -0d : kind == 4 ? normal(r) * (f64 ? 1e306 : 1e37) : normal(r);
        }
        return new FunnelKernel.Folded(channels, k, w, b);
    }

    private static double sum(double[] a, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += a[i];
        }
        return s;
    }

    private static double normal(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
