package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.impl.FlexibleRelu;
import io.github.torchact.kernel.impl.PRelu;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.spec.StandardInputs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * prelu and flexible_relu with one shared weight run through an elementwise kernel (leaky_relu,
 * relu: vector form and threads); with one weight per channel they run their own scalar loop. The
 * same value in every channel must give the same bits both ways, for y and for gx.
 */
class SharedWeightRouteTest {

    private static final int CHANNELS = 4;

    @ParameterizedTest
    @ValueSource(floats = {0.25f, -1.5f, 0f, 3e-39f})
    void float32(float w) {
        double[] std = StandardInputs.values(false, new double[] {0}, -10, 10);
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 7);
        int s = (std.length + (1 << 20)) / CHANNELS + 3;
        int m = 2 * CHANNELS * s;
        long[] shape = {2, CHANNELS, s};
        float[] x = new float[m];
        float[] gy = new float[m];
        for (int i = 0; i < m; i++) {
            x[i] = i < std.length ? (float) std[i] : Float.intBitsToFloat(r.nextInt());
            gy[i] = Float.intBitsToFloat(r.nextInt());
        }
        float[] perChannel = new float[CHANNELS];
        Arrays.fill(perChannel, w);
        for (Kernel k : new Kernel[] {new PRelu(), new FlexibleRelu()}) {
            for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
                Parallelism.setThreads(threads);
                float[] want = new float[m];
                float[] got = new float[m];
                k.forward(x, shape, new float[][] {perChannel}, want);
                k.forward(x, shape, new float[][] {{w}}, got);
                VectorIdentityTest.assertSameBits(k.getClass().getSimpleName() + " f32 forward", x, want, got);
                k.backward(x, shape, new float[][] {perChannel}, gy, want, new float[][] {new float[CHANNELS]});
                k.backward(x, shape, new float[][] {{w}}, gy, got, new float[][] {new float[1]});
                VectorIdentityTest.assertSameBits(k.getClass().getSimpleName() + " f32 backward", x, want, got);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, -1.5, 0, 3e-309})
    void float64(double w) {
        double[] std = StandardInputs.values(true, new double[] {0}, -10, 10);
        SplittableRandom r = new SplittableRandom(StandardInputs.SEED + 8);
        int s = (std.length + (1 << 19)) / CHANNELS + 3;
        int m = 2 * CHANNELS * s;
        long[] shape = {2, CHANNELS, s};
        double[] x = new double[m];
        double[] gy = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = i < std.length ? std[i] : Double.longBitsToDouble(r.nextLong());
            gy[i] = Double.longBitsToDouble(r.nextLong());
        }
        double[] perChannel = new double[CHANNELS];
        Arrays.fill(perChannel, w);
        for (Kernel k : new Kernel[] {new PRelu(), new FlexibleRelu()}) {
            Parallelism.setThreads(Runtime.getRuntime().availableProcessors());
            double[] want = new double[m];
            double[] got = new double[m];
            k.forward(x, shape, new double[][] {perChannel}, want);
            k.forward(x, shape, new double[][] {{w}}, got);
            VectorIdentityTest.assertSameBits(k.getClass().getSimpleName() + " f64 forward", x, want, got);
            k.backward(x, shape, new double[][] {perChannel}, gy, want, new double[][] {new double[CHANNELS]});
            k.backward(x, shape, new double[][] {{w}}, gy, got, new double[][] {new double[1]});
            VectorIdentityTest.assertSameBits(k.getClass().getSimpleName() + " f64 backward", x, want, got);
        }
    }
}
