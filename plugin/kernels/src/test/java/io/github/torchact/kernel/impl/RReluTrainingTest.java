package io.github.torchact.kernel.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

/** RReLU training mode: sampled slopes, recorded noise, gradient and seeding. */
class RReluTrainingTest {

    private static final float[] X32 = {-3f, -0.5f, -0f, 0f, 1e-3f, 2f, Float.NaN, -1e-30f, Float.NEGATIVE_INFINITY, 7f};

    @Test
    void slopesLieInRangeAndOnlyWhereXIsNotPositive() {
        RRelu k = new RRelu(0.1, 0.3);
        float[] x = randomInputs(20_000);
        float[] y = new float[x.length];
        float[] noise = new float[x.length];
        k.forwardTraining(x, y, noise, 7L);
        for (int i = 0; i < x.length; i++) {
            if (x[i] <= 0f) {
                assertTrue(noise[i] >= 0.1f && noise[i] <= 0.3f, "slope " + noise[i] + " at x=" + x[i]);
                assertEquals(Float.floatToRawIntBits(x[i] * noise[i]), Float.floatToRawIntBits(y[i]));
            } else {
                assertEquals(1f, noise[i]);
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]));
            }
        }
    }

    @Test
    void zeroesAreSampledAndNaNIsNot() {
        RRelu k = new RRelu(0.125, 1.0 / 3);
        float[] y = new float[X32.length];
        float[] noise = new float[X32.length];
        k.forwardTraining(X32, y, noise, 1L);
        assertTrue(noise[2] >= 0.125f && noise[2] <= (float) (1.0 / 3), "x = -0 draws a slope");
        assertTrue(noise[3] >= 0.125f && noise[3] <= (float) (1.0 / 3), "x = +0 draws a slope");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(y[2]));
        assertEquals(1f, noise[6]);
        assertTrue(Float.isNaN(y[6]));
        assertEquals(Float.NEGATIVE_INFINITY, y[8]);
    }

    @Test
    void gradientIsTheSampledSlope() {
        RRelu k = new RRelu(0.1, 0.3);
        double[] x = {-2, -0.0, 0.5, -1e300, 3};
        double[] y = new double[x.length];
        double[] noise = new double[x.length];
        k.forwardTraining(x, y, noise, 11L);
        double[] gy = {1, 2, -3, 0.5, -0.0};
        double[] gx = new double[x.length];
        k.backwardTraining(gy, noise, gx);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToRawLongBits(noise[i] * gy[i]), Double.doubleToRawLongBits(gx[i]));
        }
        assertEquals(noise[0], gx[0]);
        assertEquals(-3, gx[2]);
    }

    @Test
    void seededRunsRepeatAndSeedsDiffer() {
        RRelu k = new RRelu(0.125, 1.0 / 3);
        float[] x = randomInputs(1000);
        float[] n1 = new float[x.length];
        float[] n2 = new float[x.length];
        float[] n3 = new float[x.length];
        k.forwardTraining(x, new float[x.length], n1, 42L);
        k.forwardTraining(x, new float[x.length], n2, new SplittableRandom(42L));
        k.forwardTraining(x, new float[x.length], n3, 43L);
        assertArrayEquals(n1, n2);
        boolean differ = false;
        for (int i = 0; i < x.length; i++) {
            differ |= n1[i] != n3[i];
        }
        assertTrue(differ, "another seed draws other slopes");
    }

    @Test
    void sampleMeanAndVarianceMatchTheUniformDistribution() {
        double lo = 0.125;
        double hi = 1.0 / 3;
        RRelu k = new RRelu(lo, hi);
        int n = 100_000;
        double[] x = new double[n];
        java.util.Arrays.fill(x, -1);
        double[] noise = new double[n];
        k.forwardTraining(x, new double[n], noise, 5L);
        double mean = 0;
        for (double r : noise) {
            mean += r;
        }
        mean /= n;
        double var = 0;
        for (double r : noise) {
            var += (r - mean) * (r - mean);
        }
        var /= n - 1;
        double sd = (hi - lo) / Math.sqrt(12);
        assertEquals((lo + hi) / 2, mean, 5 * sd / Math.sqrt(n));
        assertEquals(sd * sd, var, 0.02 * sd * sd);
    }

    @Test
    void badArgumentsAreNamed() {
        RRelu k = new RRelu(0.1, 0.3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.forwardTraining(new float[3], new float[2], new float[3], 1L));
        assertTrue(e.getMessage().contains("y"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RRelu(0.5, 0.1));
    }

    private static float[] randomInputs(int n) {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 10 - 5);
        }
        return x;
    }
}
