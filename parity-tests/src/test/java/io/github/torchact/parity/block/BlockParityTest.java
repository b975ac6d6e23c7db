package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.parity.oracle.TorchReference.Gradients;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

/**
 * Every typed block on DJL's PyTorch engine against the libtorch oracle on the standard inputs:
 * forward and backward (input and weight gradients), float32 and float64, every parameter set.
 * The block runs libtorch's own operator, so the bound is bitwise for every activation, tighter than
 * the spec's bound for the Java kernels.
 */
class BlockParityTest {

    static List<ParityCase> cases() {
        List<ParityCase> cases = new ArrayList<>();
        for (ActivationSpec s : Catalog.all()) {
            for (Params p : s.paramSets()) {
                for (boolean f64 : new boolean[] {false, true}) {
                    cases.add(ParityCase.standard(s, p, f64, false));
                    if (s.weight() != null) {
                        cases.add(ParityCase.standard(s, p, f64, true));
                    }
                }
            }
        }
        return cases;
    }

    /** RReLU is deterministic in evaluation only; the others run as a Trainer runs them. */
    private static boolean training(ParityCase c) {
        return c.spec() != Catalog.RRELU;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forward(ParityCase c) {
        HostTensor ref = TorchReference.get().forward(c.spec(), c.params(), c.x(), c.weight());
        Stats s = Stats.compare(Tolerance.BITWISE, c.x(), ref, BlockRun.forward(c, training(c)));
        System.out.println("block forward " + c.spec().name() + " " + c + ": " + s);
        assertTrue(s.passed(), c + " forward: " + s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backward(ParityCase c) {
        Assumptions.assumeTrue(c.spec().differentiable(), "torch defines no gradient");
        Gradients ref = TorchReference.get().backward(c.spec(), c.params(), c.x(), c.weight(), c.gy());
        Gradients got = BlockRun.backward(c, training(c));
        Stats s = Stats.compare(Tolerance.BITWISE, c.x(), ref.input(), got.input());
        System.out.println("block backward " + c.spec().name() + " " + c + ": " + s);
        assertTrue(s.passed(), c + " input gradient: " + s);
        if (c.weight() != null) {
            Stats w = Stats.compare(Tolerance.BITWISE, null, ref.weight(), got.weight());
            System.out.println("block backward weight " + c.spec().name() + " " + c + ": " + w);
            assertTrue(w.passed(), c + " weight gradient: " + w);
        }
    }
}
