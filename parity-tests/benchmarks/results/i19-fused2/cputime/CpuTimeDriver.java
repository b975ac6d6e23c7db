package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.*;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** CPU-time per element of a vector form's forward/backward (robust to a loaded machine): prints ns/elem. */
public class CpuTimeDriver {
    public static void main(String[] a) {
        String which = a[0];
        boolean f64 = a[1].equals("f64");
        CanonicalStores v = switch (which) {
            case "softplus" -> new SoftplusVector(new Softplus(1, 20));
            case "logsigmoid" -> new LogSigmoidVector(new LogSigmoid());
            case "elu" -> new EluVector(Elu.elu(1.0));
            case "mish" -> new MishVector(new Mish());
            case "sigmoid" -> new SigmoidVector(new Sigmoid());
            case "silu" -> new SiluVector(new Silu());
            default -> throw new IllegalArgumentException(which);
        };
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int size : new int[] {4096, 1 << 24}) {
            float[] x = new float[size], y = new float[size], g = new float[size];
            double[] xd = f64 ? new double[size] : null, yd = f64 ? new double[size] : null, gd = f64 ? new double[size] : null;
            java.util.Random r = new java.util.Random(1);
            for (int i = 0; i < size; i++) { x[i] = (float) (r.nextGaussian() * 3); g[i] = 1; if (f64) { xd[i] = x[i]; gd[i] = 1; } }
            for (String dir : new String[] {"fwd", "bwd"}) {
                long wall = System.nanoTime();
                long reps = Math.max(1, (1 << 22) / size);
                while (System.nanoTime() - wall < 12_000_000_000L) run(v, f64, dir, x, y, g, xd, yd, gd, size, reps);
                double best = Double.MAX_VALUE;
                for (int k = 0; k < 5; k++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    long n = 0;
                    while (mx.getCurrentThreadCpuTime() - c0 < 600_000_000L) { run(v, f64, dir, x, y, g, xd, yd, gd, size, reps); n += reps; }
                    best = Math.min(best, (mx.getCurrentThreadCpuTime() - c0) / (double) (n * size));
                }
                System.out.printf("%s %s %s %d %.4f ns/elem %.3f G/s%n", which, a[1], dir, size, best, 1 / best);
            }
        }
    }

    static void run(CanonicalStores v, boolean f64, String dir, float[] x, float[] y, float[] g, double[] xd, double[] yd, double[] gd, int size, long reps) {
        for (long i = 0; i < reps; i++) {
            if (f64) { if (dir.equals("fwd")) v.forward(xd, 0, yd, 0, size); else v.backward(xd, 0, gd, 0, yd, 0, size); }
            else { if (dir.equals("fwd")) v.forward(x, 0, y, 0, size); else v.backward(x, 0, g, 0, y, 0, size); }
        }
    }
}
