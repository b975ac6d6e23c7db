package io.github.torchact.parity.oracle;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

/**
 * Prints the oracle's start-up time (libtorch load + module load + first call) and its per-call
 * overhead for a 1-element and a 1M-element input, forward and backward.
 */
public final class OracleTiming {

    private OracleTiming() {}

    /** Prints the oracle's start-up time and its per-call timings. */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        TorchReference torch = TorchReference.get();
        ActivationSpec s = Catalog.get("sigmoid");
        HostTensor one = HostTensor.vector(new float[] {0.5f});
        torch.forward(s, s.defaults(), one, null);
        System.out.printf("start-up (engine + module load + first call): %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        float[] big = new float[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (i % 2001 - 1000) / 100f;
        }
        HostTensor million = HostTensor.vector(big);
        for (HostTensor x : new HostTensor[] {one, million}) {
            for (int rep = 0; rep < 3; rep++) {
                int n = x.size() == 1 ? 2000 : 20;
                long a = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    torch.forward(s, s.defaults(), x, null);
                }
                long b = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    torch.backward(s, s.defaults(), x, null, x);
                }
                long c = System.nanoTime();
                System.out.printf("%d elements: forward %.1f us/call, backward %.1f us/call%n",
                        x.size(), (b - a) / 1e3 / n, (c - b) / 1e3 / n);
            }
        }
    }
}
