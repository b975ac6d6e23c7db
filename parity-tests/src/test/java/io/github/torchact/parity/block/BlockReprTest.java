package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.torchact.nn.*;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.Test;

/** {@code toString()} equals PyTorch's module repr (torch/nn/modules/activation.py extra_repr). */
class BlockReprTest {

    @Test
    void defaultsPrintLikePyTorch() {
        assertEquals("ReLU()", new ReLU().toString());
        assertEquals("ReLU6()", new ReLU6().toString());
        assertEquals("LeakyReLU(negative_slope=0.01)", LeakyReLU.builder().build().toString());
        assertEquals("PReLU(num_parameters=1)", PReLU.builder().build().toString());
        assertEquals("RReLU(lower=0.125, upper=0.3333333333333333)", RReLU.builder().build().toString());
        assertEquals("ELU(alpha=1.0)", ELU.builder().build().toString());
        assertEquals("SELU()", new SELU().toString());
        assertEquals("CELU(alpha=1.0)", CELU.builder().build().toString());
        assertEquals("GELU(approximate='none')", new GELU().toString());
        assertEquals("SiLU()", new SiLU().toString());
        assertEquals("Mish()", new Mish().toString());
        assertEquals("Softplus(beta=1.0, threshold=20.0)", Softplus.builder().build().toString());
        assertEquals("Softsign()", new Softsign().toString());
        assertEquals("Sigmoid()", new Sigmoid().toString());
        assertEquals("LogSigmoid()", new LogSigmoid().toString());
        assertEquals("Tanh()", new Tanh().toString());
        assertEquals("Tanhshrink()", new Tanhshrink().toString());
        assertEquals("Hardtanh(min_val=-1.0, max_val=1.0)", Hardtanh.builder().build().toString());
        assertEquals("Hardsigmoid()", new Hardsigmoid().toString());
        assertEquals("Hardswish()", new Hardswish().toString());
        assertEquals("Hardshrink(0.5)", Hardshrink.builder().build().toString());
        assertEquals("Softshrink(0.5)", Softshrink.builder().build().toString());
        assertEquals("Identity()", new Identity().toString());
        assertEquals("GLU(dim=-1)", GLU.builder().build().toString());
        assertEquals("Softmax2d()", new Softmax2d().toString());
    }

    @Test
    void valuesPrintLikePyTorch() {
        assertEquals("LeakyReLU(negative_slope=0.2)", LeakyReLU.builder().optNegativeSlope(0.2).build().toString());
        assertEquals("GELU(approximate='tanh')", GELU.builder().optApproximate("tanh").build().toString());
        assertEquals("Softmax(dim=1)", Softmax.builder().setDim(1).build().toString());
        assertEquals("LogSoftmax(dim=-1)", LogSoftmax.builder().setDim(-1).build().toString());
        assertEquals("Softmin(dim=0)", Softmin.builder().setDim(0).build().toString());
        assertEquals("Hardshrink(1.5)", Hardshrink.builder().optLambd(1.5).build().toString());
        assertEquals("Threshold(threshold=0.1, value=20.0)",
                Threshold.builder().setThreshold(0.1).setValue(20).build().toString());
        assertEquals("PReLU(num_parameters=3)", PReLU.builder().optNumParameters(3).build().toString());
        assertEquals("Softplus(beta=2.0, threshold=5.0)",
                Softplus.builder().optBeta(2).optThreshold(5).build().toString());
        assertEquals("ELU(alpha=1e-05)", ELU.builder().optAlpha(1e-5).build().toString());
        assertEquals("Hardtanh(min_val=-2.0, max_val=3.0)",
                Hardtanh.builder().optMinVal(-2).optMaxVal(3).build().toString());
        assertEquals("FlexibleReLU(num_parameters=4)", FlexibleReLU.builder().optNumParameters(4).build().toString());
        assertEquals("Heaviside(values=0.5)", Heaviside.builder().setValues(0.5).build().toString());
    }

    /** Builder defaults are PyTorch's (the spec's), and of(...) returns the typed class. */
    @Test
    void ofReturnsTypedBlocksWithSpecDefaults() {
        assertEquals(Catalog.LEAKY_RELU.defaults(), LeakyReLU.builder().build().params());
        assertEquals(Catalog.RRELU.defaults(), RReLU.builder().build().params());
        assertEquals(Catalog.SOFTPLUS.defaults(), Softplus.builder().build().params());
        assertEquals(Catalog.HARDTANH.defaults(), Hardtanh.builder().build().params());
        assertEquals(Catalog.GLU.defaults(), GLU.builder().build().params());
        for (ActivationSpec s : Catalog.all()) {
            for (Params p : s.paramSets()) {
                ActivationBlock b = ActivationBlock.of(p);
                String expected = s.name().equals("gelu_tanh") ? "GELU" : s.blockName();
                if (hasTypedClass(s)) {
                    assertEquals(expected, b.getClass().getSimpleName(), s.name());
                } else {
                    assertSame(ActivationBlock.class, b.getClass(), s.name() + " has no typed class: the generic block");
                }
                assertEquals(p, b.params());
                assertSame(s, b.spec());
                assertEquals(s.weight() == null ? 0 : 1, b.numParameters());
            }
        }
    }

    private static boolean hasTypedClass(ActivationSpec s) {
        try {
            Class.forName("io.github.torchact.nn." + s.blockName());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
