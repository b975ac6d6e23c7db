import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * One variant of Variants.java (-Dvariant=NAME) on 4096 floats in blocks of 1024 (as TanhVector), one
 * thread: first the bits against Variants.one on every length 0..300 and on random bit patterns, in
 * place and not; then, on normal·3 values, the best of 500 trials of 200 calls after 3 s of warm-up, in ns and cycles per
 * element at -Dghz, and the bytes allocated per call over the trials (0 unless C2 boxed a vector).
 */
public final class Harness {

    interface Loop {
        int run(float[] src, int srcOff, float[] dst, int dstOff, int n);
    }

    public static void main(String[] args) {
        String name = System.getProperty("variant", "one");
        Loop loop = switch (name) {
            case "one" -> Variants::one;
            case "inter2" -> Variants::inter2;
            case "inter2r" -> Variants::inter2r;
            case "consec2" -> Variants::consec2;
            case "inter3" -> Variants::inter3;
            case "inter4" -> Variants::inter4;
            case "inter4r" -> Variants::inter4r;
            case "consec4" -> Variants::consec4;
            case "oneq" -> Variants::oneq;
            case "inter2q" -> Variants::inter2q;
            case "inter4q" -> Variants::inter4q;
            default -> throw new IllegalArgumentException(name);
        };
        int n = 4096;
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 2 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) (r.nextDouble() * 24 - 12);
        }
        for (int round = 0; round < 3; round++) {
            check(loop, x, round > 0);
        }
        // timed on normal·3 values, as the JMH benchmarks (random bit patterns are largely subnormal or NaN)
        float[] y = new float[n];
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (r.nextGaussian() * 3);
        }
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long until = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < until) {
            blocks(loop, z, y, n);
        }
        check(loop, x, true);
        int reps = 200;
        double best = Double.MAX_VALUE;
        long a0 = mx.getCurrentThreadAllocatedBytes();
        for (int trial = 0; trial < 500; trial++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                blocks(loop, z, y, n);
            }
            best = Math.min(best, (System.nanoTime() - t0) / (double) reps / n);
        }
        double bytes = (mx.getCurrentThreadAllocatedBytes() - a0) / (500.0 * reps);
        double ghz = Double.parseDouble(System.getProperty("ghz", "4"));
        System.out.printf("%-8s %.4f ns/elem %.3f cycles/elem at %.2f GHz, %.1f B/call%n", name, best, best * ghz, ghz, bytes);
    }

    static void blocks(Loop loop, float[] x, float[] y, int n) {
        for (int b = 0; b < n; b += 1024) {
            loop.run(x, b, y, b, Math.min(1024, n - b));
        }
    }

    static void check(Loop loop, float[] x, boolean inPlace) {
        for (int len = 0; len <= 300; len++) {
            for (int off : new int[] {0, 5}) {
                float[] want = new float[len + off];
                float[] got = new float[len + off];
                int m = Variants.one(x, off, want, off, len);
                int m2;
                if (inPlace) {
                    System.arraycopy(x, off, got, off, len);
                    m2 = loop.run(got, off, got, off, len);
                    for (int i = m2; i < len; i++) {
                        got[off + i] = 0;
                    }
                } else {
                    m2 = loop.run(x, off, got, off, len);
                }
                if (m != m2) {
                    throw new AssertionError("length " + len + ": " + m + " vs " + m2);
                }
                for (int i = 0; i < len + off; i++) {
                    if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                        throw new AssertionError("len " + len + " off " + off + " at " + i + ": " + want[i] + " vs " + got[i]);
                    }
                }
            }
        }
    }
}
