package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.torchact.engine.EagerOps;
import io.github.torchact.engine.TorchScriptModules;
import io.github.torchact.functional.Activations;
import io.github.torchact.kernel.impl.Elu;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TorchScript module cache is a bounded LRU: 500 distinct CELU alphas (CELU runs as a generated
 * module, one per alpha), called from 4 threads at once so that modules are evicted while other
 * threads run theirs, keep it at its capacity, close the evicted modules, and every result is right.
 */
class TorchScriptCacheTest {

    private static final int ALPHAS = 500;
    private static final int THREADS = 4;

    @Test
    void fiveHundredAlphasStayWithinTheBound() throws Exception {
        TorchScriptModules cache = TorchScriptModules.shared();
        assertEquals(TorchScriptModules.DEFAULT_CAPACITY, cache.capacity());
        assertTrue(EagerOps.apply(Catalog.CELU.params(0.5), null, null) == null, "celu runs as a module");
        double[] x = {-30, -3, -1, -0.25, -0.0, 0, 0.5, 2, 40};
        long loadsBefore = cache.loads();
        long closedBefore = cache.closed();
        AtomicInteger maxSize = new AtomicInteger();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray in = m.create(x);
            double[] first = Activations.celu(in, alpha(0)).toDoubleArray();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int offset = t;
                    results.add(pool.submit(() -> {
                        for (int i = offset; i < ALPHAS; i += THREADS) {
                            try (NDManager local = m.newSubManager()) {
                                NDArray xi = local.create(x);
                                double[] got = Activations.celu(xi, alpha(i)).toDoubleArray();
                                maxSize.accumulateAndGet(cache.size(), Math::max);
                                String wrong = check(x, got, alpha(i));
                                if (wrong != null) {
                                    return wrong;
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<String> f : results) {
                    assertNull(f.get());
                }
            } finally {
                pool.shutdown();
            }
            assertTrue(maxSize.get() <= cache.capacity(), "cache grew to " + maxSize.get());
            assertEquals(cache.capacity(), cache.size());
            long loads = cache.loads() - loadsBefore;
            assertTrue(loads >= ALPHAS, loads + " modules loaded for " + ALPHAS + " alphas");
            // every module loaded here beyond the capacity was evicted and, no call running it, closed
            assertTrue(cache.closed() - closedBefore >= loads - cache.capacity(),
                    (cache.closed() - closedBefore) + " of " + loads + " modules closed");
            // alpha(0) was evicted long ago: it loads again and gives the same bits
            assertArrayEquals(first, Activations.celu(in, alpha(0)).toDoubleArray());
            assertEquals(DataType.FLOAT64, in.getDataType());
        }
    }

    /** Off the round values other tests run (1.0, 2.0, ...), which the shared cache may already hold. */
    private static double alpha(int i) {
        return 0.25 + i / 64.0 + 1.0 / 4096;
    }

    /** libtorch's celu against the Java kernel, within the spec's bound (1 ulp). */
    private static String check(double[] x, double[] got, double alpha) {
        double[] want = new double[x.length];
        Elu.celu(alpha).forward(x, 0, want, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= Math.ulp(want[i]))) {
                return "celu(" + x[i] + ", alpha=" + alpha + ") = " + got[i] + ", kernel " + want[i];
            }
        }
        return null;
    }
}
