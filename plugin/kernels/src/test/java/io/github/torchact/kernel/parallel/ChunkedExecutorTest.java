package io.github.torchact.kernel.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.impl.Relu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

class ChunkedExecutorTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @AfterEach
    void restore() {
        Parallelism.setThreads(CORES);
        Parallelism.setThreshold(Parallelism.DEFAULT_THRESHOLD);
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int len : new int[] {0, 1, 63, 64, 65, 1000, 100_003}) {
            for (int threads = 1; threads <= CORES; threads++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(len);
                ChunkedExecutor.run(len, threads, (a, b) -> {
                    for (int i = a; i < b; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < len; i++) {
                    assertEquals(1, hits.get(i), "len " + len + ", threads " + threads + ", index " + i);
                }
            }
        }
    }

    @Test
    void usesTheConfiguredThreads() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        ChunkedExecutor.run(1 << 20, CORES, (a, b) -> seen.add(Thread.currentThread()));
        assertEquals(CORES, seen.size());
    }

    @Test
    void workerExceptionsReachTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ChunkedExecutor.run(1 << 20, CORES, (a, b) -> {
                    if (b == 1 << 20) {
                        throw new IllegalStateException("last chunk");
                    }
                }));
        assertEquals("last chunk", e.getMessage());
        AtomicIntegerArray hits = new AtomicIntegerArray(1);
        ChunkedExecutor.run(1 << 20, CORES, (a, b) -> hits.addAndGet(0, b - a));
        assertEquals(1 << 20, hits.get(0), "the pool still works after a failure");
    }

    @Test
    void nestedCallsRunInline() {
        AtomicIntegerArray hits = new AtomicIntegerArray(1 << 16);
        ChunkedExecutor.run(1 << 16, CORES, (a, b) -> ChunkedExecutor.run(b - a, CORES, (c, d) -> {
            for (int i = a + c; i < a + d; i++) {
                hits.incrementAndGet(i);
            }
        }));
        for (int i = 0; i < hits.length(); i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Parallelism.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Parallelism.setThreads(CORES + 1));
        assertThrows(IllegalArgumentException.class, () -> Parallelism.setThreshold(10));
    }

    @Test
    void smallArraysAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Relu relu = new Relu();
        float[] x = new float[4096];
        float[] y = new float[4096];
        for (int i = 0; i < 20_000; i++) {
            relu.forward(x, 0, y, 0, x.length);
        }
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        int calls = 10_000;
        for (int i = 0; i < calls; i++) {
            relu.forward(x, 0, y, 0, x.length);
            relu.backward(x, 0, y, 0, y, 0, x.length);
        }
        long bytes = mx.getThreadAllocatedBytes(id) - before;
        assertTrue(bytes < calls, "small-array calls allocated " + bytes + " bytes in " + calls + " calls");
    }

    @Test
    void largeArraysGiveTheScalarBits() {
        Parallelism.setThreshold(1024);
        Relu relu = new Relu();
        float[] x = new float[100_001];
        for (int i = 0; i < x.length; i++) {
            x[i] = Float.intBitsToFloat(i * 0x9E3779B1);
        }
        float[] want = new float[x.length];
        float[] got = new float[x.length];
        relu.forwardScalar(x, 0, want, 0, x.length);
        relu.forward(x, 0, got, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "index " + i);
        }
    }
}
