package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.engine.EagerOps;
import io.github.torchact.engine.TorchScriptModules;
import io.github.torchact.functional.Activations;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

/**
 * Rough per-call cost of the eager and TorchScript routes against DJL's built-in relu (printed, not
 * asserted: a timing on a shared machine), that activations with an eager form load no module, and a probe of TorchScript's graph optimiser on a composite's
 * gradient in a thread where it is on (printed).
 */
class RouteOverheadTest {

    @Test
    void overheadVersusBuiltInRelu() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (int n : new int[] {16, 1 << 20}) {
                NDArray x = m.randomNormal(new Shape(n));
                assertArrayEquals(Activation.relu(x).toFloatArray(), Activations.relu(x).toFloatArray());
                double djl = time(m, x, Activation::relu);
                double ours = time(m, x, Activations::relu);
                double relu6 = time(m, x, Activations::relu6);
                System.out.printf("route overhead, %d f32 elements: DJL relu %.1f us, torchact relu (eager route) %.1f us "
                                + "(+%.1f us per call); torchact relu6 (TorchScript route) %.1f us%n",
                        n, djl, ours, ours - djl, relu6);
            }
        }
    }

    @Test
    void eagerFormsLoadNoTorchScriptModule() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.randomNormal(new Shape(2, 4, 3, 3));
            for (ActivationSpec s : Catalog.all()) {
                Params p = s.paramSets().get(0);
                NDArray w = s.weight() == null ? null : m.ones(new Shape(4));
                if (EagerOps.apply(p, x, w) == null) {
                    continue;
                }
                long before = TorchScriptModules.shared().loads();
                ActivationRouter.forward(p, x, w, false);
                assertEquals(before, TorchScriptModules.shared().loads(), s.name() + " loaded a TorchScript module");
            }
        }
    }

    /** A composite's intermediates are closed: a block called in a loop on a long-lived manager keeps only its outputs. */
    @Test
    void eagerFormsLeaveOnlyTheirOutput() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.randomNormal(new Shape(2, 4, 3, 3));
            NDArray w = m.ones(new Shape(4));
            for (ActivationSpec s : Catalog.all()) {
                Params p = s.paramSets().get(0);
                int before = m.getManagedArrays().size();
                NDArray y = EagerOps.apply(p, x, s.weight() == null ? null : w);
                if (y == null) {
                    continue;
                }
                assertEquals(before + 1, m.getManagedArrays().size(), s.name() + " left intermediates in the manager");
                y.close();
            }
        }
    }

    private static double time(NDManager m, NDArray x, UnaryOperator<NDArray> f) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            int iters = x.size() > 1000 ? 20 : 2000;
            try (NDManager local = m.newSubManager()) {
                long t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) {
                    NDArray y = f.apply(x);
                    y.attach(local);
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e3 / iters);
            }
        }
        return best;
    }

    /**
     * Gradients stay eager autograd's with TorchScript's graph optimiser on (DJL's default when the
     * property is unset), for the composites and a single-operator activation, over repeated calls.
     */
    @Test
    void gradientsStayEagerWithGraphOptimiserOn() throws Exception {
        var specs = new io.github.torchact.spec.ActivationSpec[] {Catalog.TANHSHRINK, Catalog.SOFTSIGN, Catalog.SOFTMIN, Catalog.MISH};
        float[] xs = new float[256];
        float[] gy = new float[256];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (i - 128) / 17f;
            gy[i] = 0.75f;
        }
        float[][] refs = new float[specs.length][];
        for (int k = 0; k < specs.length; k++) {
            var p = specs[k] == Catalog.SOFTMIN ? specs[k].params(-1) : specs[k].defaults();
            refs[k] = TorchReference.get().backward(specs[k], p, HostTensor.of(xs, 4, 64), null,
                    HostTensor.of(gy, 4, 64)).input().f32();
        }
        java.util.List<String> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        String key = "ai.djl.pytorch.graph_optimizer";
        String saved = System.getProperty(key);
        System.clearProperty(key);
        try {
            Thread t = new Thread(() -> {
                try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                    for (int k = 0; k < specs.length; k++) {
                        var s = specs[k];
                        var p = s == Catalog.SOFTMIN ? s.params(-1) : s.defaults();
                        for (int run = 1; run <= 4; run++) {
                            NDArray x = m.create(xs, new Shape(4, 64));
                            x.setRequiresGradient(true);
                            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                                NDArray y = Activations.apply(p, x);
                                gc.backward(y.mul(y.onesLike().mul(0.75f)).sum());
                            }
                            float[] got = x.getGradient().toFloatArray();
                            float[] ref = refs[k];
                            int diff = 0;
                            for (int i = 0; i < got.length; i++) {
                                diff += Float.floatToIntBits(got[i]) != Float.floatToIntBits(ref[i]) ? 1 : 0;
                            }
                            if (diff != 0) {
                                failures.add(s.name() + " run " + run + ": " + diff + " of 256 gradients differ");
                            }
                        }
                    }
                }
            });
            t.start();
            t.join();
            org.junit.jupiter.api.Assertions.assertTrue(failures.isEmpty(), "graph optimiser on: " + failures);
        } finally {
            if (saved != null) {
                System.setProperty(key, saved);
            }
        }
    }
}
