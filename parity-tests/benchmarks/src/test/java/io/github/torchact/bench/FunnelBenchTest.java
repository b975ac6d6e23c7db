package io.github.torchact.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The FunnelBench paths compute the same thing: ORT and the kernel near libtorch, the kernel's vector and
 * scalar paths the same bits, on the benchmark's input.
 */
class FunnelBenchTest {

    @Test
    void pathsAgree() throws Exception {
        String[] paths = {"libtorch", "kernel", "ort", "scalar"};
        float[][] out = new float[paths.length][];
        for (int i = 0; i < paths.length; i++) {
            FunnelBench b = new FunnelBench();
            b.path = paths[i];
            b.batch = 2;
            b.channels = 8;
            b.size = 12;
            b.setUp();
            b.run();
            out[i] = b.output();
            b.tearDown();
        }
        for (int i = 1; i < paths.length; i++) {
            double worst = 0;
            for (int j = 0; j < out[0].length; j++) {
                worst = Math.max(worst, Math.abs(out[i][j] - out[0][j]));
            }
            assertTrue(worst < 1e-5, paths[i] + " differs from libtorch by " + worst);
        }
        assertArrayEquals(new int[] {out[0].length}, new int[] {out[2].length});
        assertArrayEquals(out[3], out[1], "vector and scalar kernel paths");
    }
}
