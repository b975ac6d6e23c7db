import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.kernel.vector.VectorSupport;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

/**
 * All 2^32 float32 inputs: the kernel's vector loops vs its scalar loop, bit for bit (forward, backward at gy = 1 and 0.7),
 * for the activations named as arguments (default: tanh and tanhshrink).
 */
public class ExhaustiveIdentity {
    public static void main(String[] args) {
        if (!VectorSupport.enabled()) throw new IllegalStateException("needs --add-modules jdk.incubator.vector");
        Parallelism.setThreads(1);
        int chunk = 1 << 24;
        float[] x = new float[chunk], want = new float[chunk], got = new float[chunk];
        float[] g1 = new float[chunk], g07 = new float[chunk];
        java.util.Arrays.fill(g1, 1f);
        java.util.Arrays.fill(g07, 0.7f);
        for (String name : args.length > 0 ? args : new String[] {"tanh", "tanhshrink"}) {
            ActivationSpec s = Catalog.get(name);
            ElementwiseKernel k = (ElementwiseKernel) s.kernel(s.defaults());
            long diff = 0;
            long t0 = System.nanoTime();
            for (int c = 0; c < 256; c++) {
                for (int i = 0; i < chunk; i++) x[i] = Float.intBitsToFloat((c << 24) + i);
                k.forwardScalar(x, 0, want, 0, chunk);
                k.forward(x, 0, got, 0, chunk);
                diff += count(x, want, got, s.name() + " fwd");
                for (float[] gy : new float[][] {g1, g07}) {
                    k.backwardScalar(x, 0, gy, 0, want, 0, chunk);
                    k.backward(x, 0, gy, 0, got, 0, chunk);
                    diff += count(x, want, got, s.name() + " bwd gy=" + gy[0]);
                }
            }
            System.out.printf("%s: %d differing results of 3 x 2^32 (fwd, bwd gy=1, bwd gy=0.7), %.0f s%n", s.name(), diff, (System.nanoTime() - t0) / 1e9);
        }
    }

    static long count(float[] x, float[] want, float[] got, String what) {
        long n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                if (n++ < 3) System.out.println(what + " differs at x=" + x[i] + ": " + want[i] + " vs " + got[i]);
            }
        }
        return n;
    }
}
