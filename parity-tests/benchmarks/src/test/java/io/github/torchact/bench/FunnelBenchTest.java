package io.github.torchact.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The three FunnelBench paths compute the same thing: ORT and the kernel near libtorch, on the benchmark's input. */
class FunnelBenchTest {

    @Test
    void pathsAgree() throws Exception {
        float[][] out = new float[3][];
        String[] paths = {"libtorch", "kernel", "ort"};
        for (int i = 0; i < 3; i++) {
            FunnelBench b = new FunnelBench();
            b.path = paths[i];
            b.channels = 8;
            b.size = 12;
            b.setUp();
            b.forward();
            out[i] = b.output();
            b.tearDown();
        }
        for (int i = 1; i < 3; i++) {
            double worst = 0;
            for (int j = 0; j < out[0].length; j++) {
                worst = Math.max(worst, Math.abs(out[i][j] - out[0][j]));
            }
            assertTrue(worst < 1e-5, paths[i] + " differs from libtorch by " + worst);
        }
        assertArrayEquals(new int[] {out[0].length}, new int[] {out[2].length});
    }
}
