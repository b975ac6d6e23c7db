package io.github.torchact.parity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;

import io.github.torchact.parity.row.RowStatus;
import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.Test;

class ParityCheckTest {

    @Test
    void djlReluIsBitwiseTorchRelu() {
        ParityResult r = ParityCheck.of(Activation::relu).against("torch.relu(x)").tolerance(Tolerance.BITWISE).run();
        assertEquals(4, r.rows().size(), r.toString());
        r.assertPassed();
    }

    @Test
    void blockAgainstWrongExpressionFailsAndNamesInputs() {
        ParityResult r = ParityCheck.of(Blocks.identityBlock()).against("torch.leaky_relu(x, 0.02)")
                .backward(false).run();
        assertFalse(r.passed());
        assertTrue(r.rows().stream().allMatch(row -> row.status() == RowStatus.FAIL), r.toString());
        assertTrue(r.rows().get(0).stats().worst().get(0).x() < 0, r.toString());
        assertThrows(AssertionError.class, r::assertPassed);
    }

    @Test
    void pythonFunctionalIsRefusedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParityCheck.of(Activation::relu).against("torch.nn.functional.gelu(x, approximate='tanh')").run());
        assertTrue(e.getMessage().contains("torch.gelu(x, approximate=\"tanh\")"), e.getMessage());
    }

    @Test
    void unknownOpIsRejectedByLibtorchWithItsMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParityCheck.of(Activation::relu).against("torch.no_such_op(x)").run());
        assertTrue(e.getMessage().contains("libtorch rejected the expression 'torch.no_such_op(x)'"), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_op"), e.getMessage());
    }
}
