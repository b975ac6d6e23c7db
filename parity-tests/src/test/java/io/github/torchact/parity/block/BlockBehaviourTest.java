package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.functional.Activations;
import io.github.torchact.nn.*;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Save/load, threads, grad mode, RReLU and Heaviside in training, shapes, identity. */
class BlockBehaviourTest {

    private static NDArray run(ActivationBlock b, NDManager m, NDArray x, boolean training) {
        return b.forward(new ParameterStore(m, false), new NDList(x), training).singletonOrThrow();
    }

    @Test
    void saveAndLoadParametersRoundTrip() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            PReLU a = PReLU.builder().optNumParameters(3).build();
            a.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4));
            a.learnable().getArray().set(java.nio.FloatBuffer.wrap(new float[] {0.1f, -0.7f, 3f}));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(bytes));

            PReLU b = PReLU.builder().optNumParameters(3).build();
            b.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4));
            assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, b.learnable().getArray().toFloatArray());
            b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(new float[] {0.1f, -0.7f, 3f}, b.learnable().getArray().toFloatArray());
            NDArray x = m.randomNormal(new Shape(2, 3, 4));
            assertArrayEquals(run(a, m, x, false).toFloatArray(), run(b, m, x, false).toFloatArray());

            FlexibleReLU wrongKind = FlexibleReLU.builder().optNumParameters(3).build();
            assertThrows(MalformedModelException.class, () -> wrongKind.loadParameters(
                    m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            PReLU wrongCount = PReLU.builder().optNumParameters(1).build();
            assertThrows(MalformedModelException.class, () -> wrongCount.loadParameters(
                    m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));

            ByteArrayOutputStream leaky = new ByteArrayOutputStream();
            LeakyReLU saved = LeakyReLU.builder().optNegativeSlope(0.2).build();
            saved.initialize(m, DataType.FLOAT32, new Shape(3));
            saved.saveParameters(new DataOutputStream(leaky));
            LeakyReLU other = LeakyReLU.builder().build();
            other.initialize(m, DataType.FLOAT32, new Shape(3));
            assertThrows(MalformedModelException.class, () -> other.loadParameters(
                    m, new DataInputStream(new ByteArrayInputStream(leaky.toByteArray()))));
        }
    }

    @Test
    void oneBlockManyThreadsGivesTheSameResults() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            List<ActivationBlock> blocks = List.of(GELU.builder().optApproximate("tanh").build(),
                    PReLU.builder().optNumParameters(3).build(), Softmax.builder().setDim(1).build(), new Mish());
            NDArray x = m.randomNormal(0, 3, new Shape(8, 3, 256), DataType.FLOAT32);
            for (ActivationBlock b : blocks) {
                b.initialize(m, DataType.FLOAT32, x.getShape());
                float[] expected = run(b, m, x, false).toFloatArray();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<Boolean>> results = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        results.add(pool.submit(() -> {
                            boolean same = true;
                            for (int i = 0; i < 50; i++) {
                                try (NDManager local = m.newSubManager()) {
                                    NDArray xi = x.duplicate();
                                    xi.attach(local);
                                    float[] got = run(b, local, xi, false).toFloatArray();
                                    same &= java.util.Arrays.equals(expected, got);
                                }
                            }
                            return same;
                        }));
                    }
                    for (Future<Boolean> f : results) {
                        assertTrue(f.get(), b + ": a thread saw a different result");
                    }
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    /** Gradients flow whenever a GradientCollector is open, in training or evaluation mode. */
    @Test
    void gradModeFollowsTheCollector() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ActivationBlock b = new ReLU();
            NDArray x = m.create(new float[] {-2f, -0f, 0f, 1.5f});
            for (boolean training : new boolean[] {true, false}) {
                x = m.create(new float[] {-2f, -0f, 0f, 1.5f});
                x.setRequiresGradient(true);
                try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                    gc.backward(run(b, m, x, training).sum());
                }
                assertArrayEquals(new float[] {0f, 0f, 0f, 1f}, x.getGradient().toFloatArray(), "training=" + training);
            }
            // outside a collector nothing is recorded
            NDArray y = Activations.relu(m.create(new float[] {1f}));
            assertFalse(y.hasGradient());
            // functional API: PReLU's slope gradient at x = 0 is... x (0), its input gradient the slope
            x = m.create(new float[] {-2f, -0f, 0f, 1.5f});
            x.setRequiresGradient(true);
            NDArray w = m.create(new float[] {0.25f});
            w.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(Activations.prelu(x, w).sum());
            }
            assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 1f}, x.getGradient().toFloatArray());
            assertArrayEquals(new float[] {-2f}, w.getGradient().toFloatArray());
        }
    }

    @Test
    void rreluTrainingSamplesSlopesAndGradientIsTheSlope() {
        double lower = 0.1;
        double upper = 0.3;
        RReLU b = RReLU.builder().optLower(lower).optUpper(upper).build();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.linspace(-4f, -0.5f, 4096);
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                y = run(b, m, x, true);
                gc.backward(y.sum());
            }
            float[] xs = x.toFloatArray();
            float[] ys = y.toFloatArray();
            float[] gs = x.getGradient().toFloatArray();
            java.util.Set<Float> distinct = new java.util.HashSet<>();
            for (int i = 0; i < xs.length; i++) {
                float slope = gs[i];
                assertTrue(slope >= (float) lower && slope <= (float) upper, "slope " + slope);
                assertEquals(xs[i] * slope, ys[i], "y = slope * x at " + xs[i]);
                distinct.add(slope);
            }
            assertTrue(distinct.size() > 1000, "slopes are random: " + distinct.size() + " distinct");
            // evaluation: the mean slope, deterministic, equal to libtorch's rrelu(training=False)
            HostTensor ref = TorchReference.get().forward(Catalog.RRELU, b.params(), HostTensor.of(x), null);
            assertArrayEquals(ref.f32(), run(b, m, x, false).toFloatArray());
        }
    }

    /**
     * Heaviside in training: PyTorch defines no derivative, so the forward succeeds inside a
     * GradientCollector and the backward raises libtorch's "not implemented" error.
     */
    @Test
    void heavisideTrainingHasNoGradient() {
        Heaviside b = Heaviside.builder().setValues(0.5).build();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(new float[] {-1f, 0f, 2f});
            x.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray y = run(b, m, x, true);
                assertArrayEquals(new float[] {0f, 0.5f, 1f}, y.toFloatArray());
                EngineException e = assertThrows(EngineException.class, () -> gc.backward(y.sum()));
                assertTrue(e.getMessage().contains("heaviside") && e.getMessage().contains("not implemented"),
                        e.getMessage());
            }
            // evaluation mode, no gradient requested: fine
            assertArrayEquals(new float[] {0f, 0.5f, 1f}, Activations.heaviside(m.create(new float[] {-1f, 0f, 2f}), 0.5).toFloatArray());
        }
    }

    @Test
    void outputShapesAndIdentity() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            GLU glu = GLU.builder().optDim(1).build();
            assertEquals(new Shape(2, 3, 5), glu.getOutputShapes(new Shape[] {new Shape(2, 6, 5)})[0]);
            NDArray x = m.randomNormal(new Shape(2, 6, 5));
            glu.initialize(m, DataType.FLOAT32, x.getShape());
            assertEquals(new Shape(2, 3, 5), run(glu, m, x, false).getShape());
            assertEquals(new Shape(4, 7), new Mish().getOutputShapes(new Shape[] {new Shape(4, 7)})[0]);
            assertSame(x, run(new Identity(), m, x, true));
            assertSame(x, Activations.identity(x));
        }
    }
}
