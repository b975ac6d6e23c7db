public class Cal {
    public static void main(String[] a) {
        double best = 1e9; double x = 1.0000001, s = 0;
        for (int t = 0; t < 300; t++) {
            long t0 = System.nanoTime();
            double v = x;
            for (int i = 0; i < 1_000_000; i++) { v = v * x; }
            long dt = System.nanoTime() - t0;
            s += v;
            best = Math.min(best, dt / 1e6);
        }
        System.out.printf("fmul chain %.4f ns/op -> %.3f GHz (3-cycle mulsd) %s%n", best, 3 / best, s > 0 ? "" : "!");
    }
}
