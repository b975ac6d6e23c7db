package io.github.torchact.parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.impl.LeakyRelu;
import io.github.torchact.kernel.impl.Relu;
import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.row.Direction;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.api.Test;

import java.util.function.DoublePredicate;

/**
 * Subtly wrong kernels (a real kernel wrapped with one injected bug) must fail the parity check
 * against libtorch, and the report must name the inputs that expose them.
 */
class InjectedBugsTest {

    private static Stats check(ActivationSpec s, ElementwiseKernel k, Direction d) {
        ParityCase c = ParityCase.standard(s, s.defaults(), false, false);
        return ParitySuite.checkKernel(k, c, d);
    }

    private static void assertFailsOnlyAt(Stats st, DoublePredicate offending, String what) {
        assertFalse(st.passed(), what + " was not caught: " + st);
        assertFalse(st.worst().isEmpty());
        for (Stats.Offender o : st.worst()) {
            assertTrue(offending.test(o.x()), what + ": unexpected offender " + o + " in " + st);
        }
    }

    @Test
    void realKernelsPass() {
        assertTrue(check(Catalog.RELU, new Relu(), Direction.FORWARD).passed());
        assertTrue(check(Catalog.RELU, new Relu(), Direction.BACKWARD).passed());
        assertTrue(check(Catalog.LEAKY_RELU, new LeakyRelu(0.01), Direction.FORWARD).passed());
    }

    @Test
    void oneUlpOnlyBetweenOneAndTwo() {
        ElementwiseKernel k = WrappedKernel.forward(new Relu(), (x, y) -> x > 1f && x < 2f ? Math.nextUp(y) : y);
        Stats st = check(Catalog.RELU, k, Direction.FORWARD);
        assertFailsOnlyAt(st, x -> x > 1 && x < 2, "1 ulp on (1,2)");
        assertEquals(1, st.maxUlp());
    }

    @Test
    void oneUlpOnlyOnSubnormals() {
        ElementwiseKernel k = WrappedKernel.forward(new LeakyRelu(0.01),
                (x, y) -> x != 0 && Math.abs(x) < Float.MIN_NORMAL ? Math.nextUp(y) : y);
        Stats st = check(Catalog.LEAKY_RELU, k, Direction.FORWARD);
        assertFailsOnlyAt(st, x -> x != 0 && Math.abs(x) < Float.MIN_NORMAL, "1 ulp on subnormals");
    }

    @Test
    void negativeZeroTurnedPositive() {
        ElementwiseKernel k = WrappedKernel.forward(new Relu(), (x, y) -> y == 0f ? 0f : y);
        Stats st = check(Catalog.RELU, k, Direction.FORWARD);
        assertFailsOnlyAt(st, x -> Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(-0.0), "-0 -> +0");
        assertEquals(0, st.maxAbs(), "a sign-of-zero bug is invisible to abs error; only bits tell");
    }

    @Test
    void reluGradientOneAtZero() {
        ElementwiseKernel k = WrappedKernel.backward(new Relu(), (x, gy, g) -> x == 0f ? gy : g);
        Stats st = check(Catalog.RELU, k, Direction.BACKWARD);
        assertFailsOnlyAt(st, x -> x == 0, "relu'(0) = 1");
        assertTrue(check(Catalog.RELU, k, Direction.FORWARD).passed(), "forward is untouched");
    }

    @Test
    void hardtanhThresholdOneUlpTooHigh() {
        float max = Math.nextUp(1f);
        ElementwiseKernel k = WrappedKernel.forward(new Relu(), (x, y) -> x < -1f ? -1f : x > max ? 1f : x);
        Stats st = check(Catalog.HARDTANH, k, Direction.FORWARD);
        assertFailsOnlyAt(st, x -> x == max, "hardtanh clamping only above nextUp(1)");
        assertEquals(1, st.failures(), "only x = nextUp(1) passes unclamped: " + st);
    }

    @Test
    void wrongDefaultSlope() {
        Stats st = check(Catalog.LEAKY_RELU, new LeakyRelu(0.02), Direction.FORWARD);
        assertFailsOnlyAt(st, x -> x < 0, "negative_slope 0.02 instead of 0.01");
        assertTrue(st.failures() > 1000, st.toString());
    }
}
