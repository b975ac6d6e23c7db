package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.functional.Activations;
import io.github.torchact.kernel.impl.LeakyRelu;
import io.github.torchact.kernel.impl.PRelu;
import io.github.torchact.nn.ActivationBlock;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Bounds;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Param;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.Weight;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.FloatBuffer;
import java.util.function.UnaryOperator;

/**
 * An activation defined only by its spec, with no typed block class and no {@code Activations}
 * method, works as a DJL block and through the functional API; the functional API computes every
 * catalog activation by its spec.
 */
class CatalogOnlyActivationTest {

    /** Leaky ReLU under another name: computes libtorch's leaky_relu through a generated module. */
    private static final ActivationSpec SLOPED = ActivationSpec.builder("sloped_relu")
            .block("SlopedReLU", "none: a test spec, torch.leaky_relu")
            .param(Param.real("slope", 0.01))
            .torch("torch.leaky_relu(x, {slope})", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new LeakyRelu(p.get("slope")))
            .build();

    /** PReLU under another name, with a learnable tensor named {@code slopes} initialised to 0.5. */
    private static final ActivationSpec CHANNEL_SLOPE = ActivationSpec.builder("channel_slope")
            .block("ChannelSlope", "none: a test spec, torch.prelu")
            .weight(new Weight("slopes", 0.5))
            .torch("torch.prelu(x, slopes)", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new PRelu())
            .build();

    private static NDArray run(ActivationBlock b, NDManager m, NDArray x, boolean training) {
        return b.forward(new ParameterStore(m, false), new NDList(x), training).singletonOrThrow();
    }

    @Test
    void aSpecWithoutTypedClassGetsTheGenericBlock() {
        ActivationBlock b = ActivationBlock.of(SLOPED.params(0.2));
        assertSame(ActivationBlock.class, b.getClass());
        assertSame(SLOPED, b.spec());
        assertEquals("SlopedReLU(slope=0.2)", b.toString());
        assertEquals("SlopedReLU(slope=0.01)", ActivationBlock.of(SLOPED.defaults()).getName());
        assertTrue(new SequentialBlock().add(b).toString().contains("\tSlopedReLU(slope=0.2)\n"));

        ActivationBlock w = ActivationBlock.of(CHANNEL_SLOPE.defaults(), 3);
        assertSame(ActivationBlock.class, w.getClass());
        assertEquals("ChannelSlope(num_parameters=3)", w.toString());
        assertEquals("slopes", w.learnable().getName());
        assertEquals(1, ActivationBlock.of(CHANNEL_SLOPE.defaults()).numParameters());

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ActivationBlock.of(SLOPED.defaults(), 2));
        assertEquals("SlopedReLU has no learnable tensor; num_parameters must be 0, got 2", none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActivationBlock.of(CHANNEL_SLOPE.defaults(), 0));
        // a typed class takes no learnable values either, though its constructor has no count
        assertThrows(IllegalArgumentException.class, () -> ActivationBlock.of(Catalog.RELU.defaults(), 1));
    }

    /** Block and functional API give libtorch's leaky_relu, values and gradients, bit for bit. */
    @Test
    void blockAndFunctionalComputeTheSpec() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                NDArray x = m.randomNormal(new Shape(4, 5)).toType(t, false);
                Params p = SLOPED.params(0.2);
                NDArray expected = Activations.leakyRelu(x, 0.2);
                ActivationBlock b = ActivationBlock.of(p);
                b.initialize(m, t, x.getShape());
                assertArrayEquals(values(expected), values(run(b, m, x, false)), t.toString());
                assertArrayEquals(values(expected), values(Activations.apply(p, x)), t.toString());

                NDArray gy = m.randomNormal(x.getShape()).toType(t, false);
                assertArrayEquals(gradient(x, gy, y -> Activations.leakyRelu(y, 0.2)),
                        gradient(x, gy, y -> run(b, m, y, true)), t + " gradient, training");
                assertArrayEquals(gradient(x, gy, y -> Activations.leakyRelu(y, 0.2)),
                        gradient(x, gy, y -> Activations.apply(p, y)), t + " gradient, functional");
            }
        }
    }

    /** The generic block's learnable tensor: initialised to the spec's constant, trained, saved and reloaded. */
    @Test
    void weightedGenericBlockTrainsSavesAndLoads() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ActivationBlock a = ActivationBlock.of(CHANNEL_SLOPE.defaults(), 3);
            a.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4));
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, a.learnable().getArray().toFloatArray());
            a.learnable().getArray().set(FloatBuffer.wrap(new float[] {0.1f, -0.7f, 3f}));

            NDArray x = m.randomNormal(new Shape(2, 3, 4));
            NDArray weight = a.learnable().getArray();
            NDArray expected = Activations.prelu(x, weight);
            assertArrayEquals(expected.toFloatArray(), run(a, m, x, false).toFloatArray());
            assertArrayEquals(expected.toFloatArray(),
                    Activations.apply(CHANNEL_SLOPE.defaults(), x, weight).toFloatArray());

            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(run(a, m, x, true).sum());
            }
            float[] blockGradient = weight.getGradient().toFloatArray();
            NDArray w2 = m.create(weight.toFloatArray());
            w2.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(Activations.prelu(x, w2).sum());
            }
            assertArrayEquals(w2.getGradient().toFloatArray(), blockGradient);

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(bytes));
            assertEquals(2, bytes.toByteArray()[0], "parameter file version");
            ActivationBlock b = ActivationBlock.of(CHANNEL_SLOPE.defaults(), 3);
            b.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4));
            b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(new float[] {0.1f, -0.7f, 3f}, b.learnable().getArray().toFloatArray());

            ActivationBlock fewer = ActivationBlock.of(CHANNEL_SLOPE.defaults(), 1);
            MalformedModelException e = assertThrows(MalformedModelException.class, () -> fewer.loadParameters(
                    m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            assertTrue(e.getMessage().contains("ChannelSlope(num_parameters=3)"), e.getMessage());
        }
    }

    /** A file saved from one parameter value is refused by a block with another, naming both. */
    @Test
    void genericBlockRefusesAnotherActivationsFile() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ActivationBlock saved = ActivationBlock.of(SLOPED.params(0.2));
            saved.initialize(m, DataType.FLOAT32, new Shape(3));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            saved.saveParameters(new DataOutputStream(bytes));
            ActivationBlock same = ActivationBlock.of(SLOPED.params(0.2));
            same.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            ActivationBlock other = ActivationBlock.of(SLOPED.defaults());
            MalformedModelException e = assertThrows(MalformedModelException.class, () -> other.loadParameters(
                    m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            assertEquals("saved parameters are for SlopedReLU(slope=0.2), this block is SlopedReLU(slope=0.01)",
                    e.getMessage());
        }
    }

    /** {@code Activations.apply} computes every catalog activation, as its block does, bit for bit. */
    @Test
    void functionalApplyComputesEveryCatalogActivation() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.randomNormal(new Shape(2, 4, 3, 2));
            int checked = 0;
            for (ActivationSpec s : Catalog.all()) {
                for (Params p : s.paramSets()) {
                    ActivationBlock b = ActivationBlock.of(p, s.weight() == null ? 0 : 4);
                    b.initialize(m, DataType.FLOAT32, x.getShape());
                    NDArray w = b.learnable() == null ? null : b.learnable().getArray();
                    assertArrayEquals(run(b, m, x, false).toFloatArray(),
                            Activations.apply(p, x, w).toFloatArray(), p.toString());
                    checked++;
                }
            }
            assertTrue(checked > Catalog.all().size(), "checked " + checked);
        }
    }

    private static double[] gradient(NDArray x, NDArray gy, UnaryOperator<NDArray> f) {
        NDArray leaf = x.duplicate();
        leaf.setRequiresGradient(true);
        try (GradientCollector gc = x.getManager().getEngine().newGradientCollector()) {
            gc.backward(f.apply(leaf).mul(gy).sum());
        }
        return values(leaf.getGradient());
    }

    /** The values as doubles (exact for float32), compared bit for bit by assertArrayEquals. */
    private static double[] values(NDArray a) {
        return a.toType(DataType.FLOAT64, true).toDoubleArray();
    }
}
