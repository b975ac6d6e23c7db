package io.github.torchact.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.math.AtenMath;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The block functions {@link Log1pF#log1p}, {@link LogF#log}, {@link Log1pD#log1p} and {@link
 * LogD#log} give, lane by lane, the bits of the scalar {@link AtenMath#log1p(float)}, {@link
 * AtenMath#log(float)} and their float64 counterparts (NaN meets any NaN) on the
 * inputs where their selects and exponent tricks switch: −1 and its neighbours (NaN below, −inf at,
 * the 2^64 rescaling of d + 1 below FLT_MIN), ±0 and subnormals, the 0.75·2^k edges of {@code
 * ilogb2k(x·(1/0.75))}, LOG1PF_BOUND = 1e38 (float64: LOG1P_BOUND = 1e307) and its neighbours up
 * to +inf (where log1p switches to ln), NaN, plus random bit patterns and random values in [−1, 16]. Lanes above the bound are mixed
 * with ordinary ones in the same vector. Each input set runs at several offsets, out of place and in
 * place, several rounds so that C2-compiled code runs too.
 */
class LogBlocksIdentityTest {

    private static final int RANDOM = 1 << 18;

    @Test
    void log1pMatchesScalar() {
        float[] x = inputs(true);
        float[] want = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            want[i] = AtenMath.log1p(x[i]);
        }
        for (int round = 0; round < 6; round++) {
            for (int off : new int[] {0, 1, 5}) {
                int n = x.length - off;
                float[] got = new float[x.length];
                int done = Log1pF.log1p(x, off, got, off, n);
                check("log1p", x, want, got, off, done);
                float[] inPlace = x.clone();
                done = Log1pF.log1p(inPlace, off, inPlace, off, n);
                check("log1p in place", x, want, inPlace, off, done);
            }
        }
    }

    @Test
    void logMatchesScalar() {
        float[] x = inputs(false);
        float[] want = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            want[i] = AtenMath.log(x[i]);
        }
        for (int round = 0; round < 6; round++) {
            for (int off : new int[] {0, 3}) {
                int n = x.length - off;
                float[] got = new float[x.length];
                int done = LogF.log(x, off, got, off, n);
                check("log", x, want, got, off, done);
            }
        }
    }

    private static float[] inputs(boolean log1p) {
        List<Float> v = new ArrayList<>();
        float[] centres = {-1f, -1f + 0x1p-24f, -1f + 0x1p-23f, -2f, 0f, -0f, 0x1p-126f, -0x1p-126f, 0x1p-149f,
            -0x1p-149f, 0x1p-127f, 1e38f, -1e38f, Float.MAX_VALUE, -Float.MAX_VALUE, 0x1p126f, 0x1p127f,
            Float.MAX_VALUE * 0.75f, 1f, 0.5f, 0.75f, -0.25f, -0.5f, 0x1p-24f, -0x1p-24f};
        for (float c : centres) {
            float d = c;
            for (int i = 0; i < 40; i++) {
                d = Math.nextDown(d);
            }
            for (int i = 0; i < 81; i++, d = Math.nextUp(d)) {
                v.add(d);
            }
        }
        for (int k = -150; k <= 128; k++) {
            // ilogb2k(y·(1/0.75)) steps where y = 0.75·2^k, y = d + 1 for log1p, y = d for log
            float y = (float) (0.75 * Math.pow(2, k));
            float c = log1p ? y - 1f : y;
            v.add(Math.nextDown(c));
            v.add(c);
            v.add(Math.nextUp(c));
        }
        for (float s : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000)}) {
            v.add(s);
        }
        SplittableRandom r = new SplittableRandom(20251122);
        // Vectors mixing lanes above the bound with ordinary lanes, at every lane position.
        for (int i = 0; i < 512; i++) {
            v.add(r.nextBoolean() ? (float) (1e38 + r.nextDouble() * 3e38) : (float) (r.nextDouble() * 4 - 1));
        }
        float[] x = new float[v.size() + 2 * RANDOM];
        for (int i = 0; i < x.length; i++) {
            if (i < v.size()) {
                x[i] = v.get(i);
            } else if (i < v.size() + RANDOM) {
                x[i] = Float.intBitsToFloat(r.nextInt());
            } else {
                x[i] = (float) (r.nextDouble() * 17 - 1);
            }
        }
        return x;
    }

    @Test
    void log1pMatchesScalarFloat64() {
        double[] x = inputsD(true);
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            want[i] = AtenMath.log1p(x[i]);
        }
        for (int round = 0; round < 6; round++) {
            for (int off : new int[] {0, 1, 3}) {
                int n = x.length - off;
                double[] got = new double[x.length];
                int done = Log1pD.log1p(x, off, got, off, n);
                check("f64 log1p", x, want, got, off, done);
                double[] inPlace = x.clone();
                done = Log1pD.log1p(inPlace, off, inPlace, off, n);
                check("f64 log1p in place", x, want, inPlace, off, done);
            }
        }
    }

    @Test
    void logMatchesScalarFloat64() {
        double[] x = inputsD(false);
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            want[i] = AtenMath.log(x[i]);
        }
        for (int round = 0; round < 6; round++) {
            for (int off : new int[] {0, 3}) {
                int n = x.length - off;
                double[] got = new double[x.length];
                int done = LogD.log(x, off, got, off, n);
                check("f64 log", x, want, got, off, done);
            }
        }
    }

    private static double[] inputsD(boolean log1p) {
        List<Double> v = new ArrayList<>();
        double[] centres = {-1, -1 + 0x1p-53, -1 + 0x1p-52, -2, 0.0, -0.0, 0x1p-1022, -0x1p-1022, Double.MIN_VALUE,
            -Double.MIN_VALUE, 0x1p-1023, 1e307, -1e307, Double.MAX_VALUE, -Double.MAX_VALUE, 0x1p1022, 0x1p1023,
            Double.MAX_VALUE * 0.75, 1, 0.5, 0.75, -0.25, -0.5, 0x1p-53, -0x1p-53};
        for (double c : centres) {
            double d = c;
            for (int i = 0; i < 40; i++) {
                d = Math.nextDown(d);
            }
            for (int i = 0; i < 81; i++, d = Math.nextUp(d)) {
                v.add(d);
            }
        }
        for (int k = -1075; k <= 1024; k++) {
            double y = 0.75 * Math.scalb(1.0, k);
            double c = log1p ? y - 1 : y;
            v.add(Math.nextDown(c));
            v.add(c);
            v.add(Math.nextUp(c));
        }
        for (double s : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.longBitsToDouble(0x7ff8000000000001L), Double.longBitsToDouble(0xfff8000000000000L)}) {
            v.add(s);
        }
        SplittableRandom r = new SplittableRandom(20251123);
        for (int i = 0; i < 512; i++) {
            v.add(r.nextBoolean() ? 1e307 + r.nextDouble() * 1.7e308 : r.nextDouble() * 4 - 1);
        }
        double[] x = new double[v.size() + 2 * RANDOM];
        for (int i = 0; i < x.length; i++) {
            if (i < v.size()) {
                x[i] = v.get(i);
            } else if (i < v.size() + RANDOM) {
                x[i] = Double.longBitsToDouble(r.nextLong());
            } else {
                x[i] = r.nextDouble() * 17 - 1;
            }
        }
        return x;
    }

    private static void check(String what, double[] x, double[] want, double[] got, int off, int done) {
        int n = x.length - off;
        assertTrue(done <= n && done > n - 64, what + " prefix length " + done + " of " + n);
        for (int i = off; i < off + done; i++) {
            if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i]) && !(want[i] != want[i] && got[i] != got[i])) {
                assertEquals(Long.toHexString(Double.doubleToRawLongBits(want[i])),
                        Long.toHexString(Double.doubleToRawLongBits(got[i])),
                        what + " differs at " + i + " (x = " + x[i] + ")");
            }
        }
    }

    private static void check(String what, float[] x, float[] want, float[] got, int off, int done) {
        int n = x.length - off;
        assertTrue(done <= n && done > n - 64, what + " prefix length " + done + " of " + n);
        for (int i = off; i < off + done; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i]) && !(want[i] != want[i] && got[i] != got[i])) {
                assertEquals(Integer.toHexString(Float.floatToRawIntBits(want[i])),
                        Integer.toHexString(Float.floatToRawIntBits(got[i])),
                        what + " differs at " + i + " (x = " + x[i] + ", bits " + Integer.toHexString(Float.floatToRawIntBits(x[i])) + ")");
            }
        }
    }
}
