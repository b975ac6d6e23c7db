/**
 * Every float32 bit pattern through plugin/kernels' TanhF.tanh (this tree's, copied without its package
 * line by exhaustive.sh) and through main's loop (Variants.one, gen.py from TanhF-main.java), in blocks
 * of 1008 floats (63 vectors: the odd last vector of every block too), out of place: prints the number
 * of results whose bits differ.
 */
public final class Exhaustive {
    public static void main(String[] args) {
        int chunk = 1 << 20;
        int block = 1008;
        float[] x = new float[chunk];
        float[] want = new float[chunk];
        float[] got = new float[chunk];
        long differ = 0;
        long t0 = System.nanoTime();
        for (long base = 0; base < (1L << 32); base += chunk) {
            for (int i = 0; i < chunk; i++) {
                x[i] = Float.intBitsToFloat((int) (base + i));
            }
            for (int b = 0; b + block <= chunk; b += block) {
                Variants.one(x, b, want, b, block);
                TanhF.tanh(x, b, got, b, block);
            }
            int done = chunk - chunk % block;
            Variants.one(x, done, want, done, chunk - done);
            TanhF.tanh(x, done, got, done, chunk - done);
            for (int i = 0; i < chunk; i++) {
                if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                    if (differ++ < 10) {
                        System.out.printf("differs at 0x%08x: %s vs %s%n", (int) (base + i), want[i], got[i]);
                    }
                }
            }
        }
        System.out.printf("2^32 inputs, %d differ, %.0f s%n", differ, (System.nanoTime() - t0) / 1e9);
    }
}
