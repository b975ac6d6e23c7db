package io.github.torchact.kernel.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.vector.ChannelSumLoops;
import io.github.torchact.kernel.vector.VectorSupport;

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
 * The weight-gradient sums of prelu and flexible_relu on the Vector API form of their cascades
 * ({@link VectorSupport#channelSum()}) give the bits of the scalar cascades ({@link ChannelSumLoops#NONE}),
 * float32 and float64, in every branch of {@link ChannelSum}: one row (shared weight or C = 1) shorter
 * than a vector, of one to a few vectors with and without a tail, and long enough that each level of
 * the cascade flushes (the last rows with level_power 5); rows per channel (S &gt; 1) of those lengths;
 * the strided reduction (S = 1) with C below a vector, at and around 4·V channels, over N from 2 to
 * past the third level's period; N = S = 1; empty. Terms: normal, random bit patterns (NaN, ±inf,
 * subnormals), ±0 only (the -0 sums), huge (sums overflow), and normal with specials sprinkled in.
 * Every sum must have the same bits, NaN as NaN.
 */
class ChannelSumIdentityTest {

    private static final int KINDS = 5;
    private static final int[] ROWS = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 31, 32, 33, 35, 63, 64, 100, 127, 129, 511,
        513, 1000, 4099, 8195, 65_541, 140_003};
    private static final int[] STRIDED_CHANNELS = {2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 63, 64, 65, 100};
    private static final int[] STRIDED_ROWS = {2, 3, 17, 64, 300, 4100};
    private static final AtomicLong COMPARED = new AtomicLong();

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (int m : ROWS) {
            out.add(Arguments.of(new ChannelShape(1, 1, m, true, 3)));
            out.add(Arguments.of(new ChannelShape(2, 1, m, false, 3)));
            if (m > 1 && m < 10_000) {
                out.add(Arguments.of(new ChannelShape(3, 4, m, false, 3)));
            }
        }
        for (int c : STRIDED_CHANNELS) {
            for (int n : STRIDED_ROWS) {
                out.add(Arguments.of(new ChannelShape(n, c, 1, false, 3)));
            }
        }
        out.add(Arguments.of(new ChannelShape(1, 7, 1, false, 3)));
        out.add(Arguments.of(new ChannelShape(0, 3, 5, false, 3)));
        return out.stream();
    }

    @Test
    void vectorFormIsLoaded() {
        assertTrue(VectorSupport.enabled(), "run with --add-modules jdk.incubator.vector");
        assertNotSame(ChannelSumLoops.NONE, VectorSupport.channelSum());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void float32(ChannelShape cs) {
        SplittableRandom r = new SplittableRandom(cs.hashCode());
        int weights = cs.shared() ? 1 : cs.c();
        for (int kind = 0; kind < KINDS; kind++) {
            float[] x = new float[cs.numel()];
            float[] gy = new float[cs.numel()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) value(r, kind, false);
                gy[i] = (float) value(r, kind, false);
            }
            for (boolean prelu : new boolean[] {true, false}) {
                float[] want = new float[weights];
                float[] got = new float[weights];
                sum(prelu, x, gy, cs, want, ChannelSumLoops.NONE);
                sum(prelu, x, gy, cs, got, VectorSupport.channelSum());
                for (int k = 0; k < weights; k++) {
                    if (want[k] == want[k] || got[k] == got[k]) {
                        assertEquals(Float.floatToRawIntBits(want[k]), Float.floatToRawIntBits(got[k]),
                                cs + (prelu ? " prelu" : " flexible_relu") + " kind " + kind + " weight " + k);
                    }
                }
                COMPARED.addAndGet(weights);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void float64(ChannelShape cs) {
        SplittableRandom r = new SplittableRandom(cs.hashCode() + 1);
        int weights = cs.shared() ? 1 : cs.c();
        for (int kind = 0; kind < KINDS; kind++) {
            double[] x = new double[cs.numel()];
            double[] gy = new double[cs.numel()];
            for (int i = 0; i < x.length; i++) {
                x[i] = value(r, kind, true);
                gy[i] = value(r, kind, true);
            }
            for (boolean prelu : new boolean[] {true, false}) {
                double[] want = new double[weights];
                double[] got = new double[weights];
                sum(prelu, x, gy, cs, want, ChannelSumLoops.NONE);
                sum(prelu, x, gy, cs, got, VectorSupport.channelSum());
                for (int k = 0; k < weights; k++) {
                    if (want[k] == want[k] || got[k] == got[k]) {
                        assertEquals(Double.doubleToRawLongBits(want[k]), Double.doubleToRawLongBits(got[k]),
                                cs + (prelu ? " prelu" : " flexible_relu") + " kind " + kind + " weight " + k);
                    }
                }
                COMPARED.addAndGet(weights);
            }
        }
    }

    /** Rows long enough for level_power 5 (more than 2^19 terms per stream), normal terms only. */
    @Test
    void levelPowerFive() {
        SplittableRandom r = new SplittableRandom(19);
        int m = 32 * ((1 << 19) + 1) + 3;
        float[] x = new float[m];
        float[] gy = new float[m];
        double[] xd = new double[m / 2];
        double[] gyd = new double[m / 2];
        for (int i = 0; i < m; i++) {
            x[i] = (float) value(r, 0, false);
            gy[i] = (float) value(r, 0, false);
        }
        for (int i = 0; i < m / 2; i++) {
            xd[i] = value(r, 0, true);
            gyd[i] = value(r, 0, true);
        }
        for (boolean prelu : new boolean[] {true, false}) {
            float[] want = new float[1];
            float[] got = new float[1];
            sum(prelu, x, gy, new ChannelShape(1, 1, m, true, 3), want, ChannelSumLoops.NONE);
            sum(prelu, x, gy, new ChannelShape(1, 1, m, true, 3), got, VectorSupport.channelSum());
            assertEquals(Float.floatToRawIntBits(want[0]), Float.floatToRawIntBits(got[0]), "f32 prelu " + prelu);
            double[] wantD = new double[1];
            double[] gotD = new double[1];
            sum(prelu, xd, gyd, new ChannelShape(1, 1, m / 2, true, 3), wantD, ChannelSumLoops.NONE);
            sum(prelu, xd, gyd, new ChannelShape(1, 1, m / 2, true, 3), gotD, VectorSupport.channelSum());
            assertEquals(Double.doubleToRawLongBits(wantD[0]), Double.doubleToRawLongBits(gotD[0]), "f64 prelu " + prelu);
            COMPARED.addAndGet(2);
        }
    }

    @AfterAll
    static void tally() {
        System.out.println("ChannelSumIdentityTest: " + COMPARED.get() + " sums compared bit for bit");
    }

    private static void sum(boolean prelu, float[] x, float[] gy, ChannelShape cs, float[] out, ChannelSumLoops loops) {
        if (prelu) {
            ChannelSum.preluWeight(x, gy, cs, out, loops);
        } else {
            ChannelSum.biasGradient(gy, cs, out, loops);
        }
    }

    private static void sum(boolean prelu, double[] x, double[] gy, ChannelShape cs, double[] out,
            ChannelSumLoops loops) {
        if (prelu) {
            ChannelSum.preluWeight(x, gy, cs, out, loops);
        } else {
            ChannelSum.biasGradient(gy, cs, out, loops);
        }
    }

    /** A term operand of kind {@code kind}: normal, random bits, ±0, huge, normal with specials. */
    private static double value(SplittableRandom r, int kind, boolean f64) {
        return switch (kind) {
            case 0 -> normal(r);
            case 1 -> f64 ? Double.longBitsToDouble(r.nextLong()) : Float.intBitsToFloat(r.nextInt());
            case 2 -> r.nextBoolean() ? -0d : 0d;
            case 3 -> normal(r) * (f64 ? 1e307 : 1e37);
            default -> r.nextInt(64) == 0 ? special(r) : normal(r);
        };
    }

    private static double special(SplittableRandom r) {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0d, 0d};
        return specials[r.nextInt(specials.length)];
    }

    private static double normal(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
