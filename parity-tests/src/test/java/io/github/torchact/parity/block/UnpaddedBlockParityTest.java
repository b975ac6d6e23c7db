package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.inputs.UnpaddedInputs;
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
import java.util.Set;

/**
 * Every typed block on DJL's PyTorch engine against the libtorch oracle on unpadded tensors (the
 * {@link UnpaddedInputs} shapes of a few run lengths, tails of every size 1…15): bitwise, forward and
 * backward, float32 and float64, each activation's default parameters.
 */
class UnpaddedBlockParityTest {

    /** Run lengths whose tails (mod 16 and mod 8) cover 1…15. */
    private static final Set<Integer> LENGTHS = Set.of(1, 2, 3, 5, 7, 11, 13, 17, 29, 31, 47, 61, 70, 251);

    static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (ActivationSpec s : Catalog.all()) {
            Params p = s.paramSets().get(0);
            for (boolean f64 : new boolean[] {false, true}) {
                cases.add(new Object[] {s.name(), p, f64, s});
            }
        }
        return cases;
    }

    private static List<ParityCase> inputs(ActivationSpec s, Params p, boolean f64) {
        List<ParityCase> all = UnpaddedInputs.cases(s, p, f64);
        List<ParityCase> some = new ArrayList<>();
        for (int i = 0; i < UnpaddedInputs.LENGTHS.length; i++) {
            if (LENGTHS.contains(UnpaddedInputs.LENGTHS[i])) {
                some.add(all.get(i));
            }
        }
        return some;
    }

    @ParameterizedTest(name = "{0} {1} f64={2}")
    @MethodSource("cases")
    void forward(String name, Params p, boolean f64, ActivationSpec s) {
        for (ParityCase c : inputs(s, p, f64)) {
            HostTensor ref = TorchReference.get().forward(s, p, c.x(), c.weight());
            Stats st = Stats.compare(Tolerance.BITWISE, c.x(), ref, BlockRun.forward(c, s != Catalog.RRELU));
            assertTrue(st.passed(), c + " " + java.util.Arrays.toString(c.x().shape()) + " forward: " + st);
        }
    }

    @ParameterizedTest(name = "{0} {1} f64={2}")
    @MethodSource("cases")
    void backward(String name, Params p, boolean f64, ActivationSpec s) {
        Assumptions.assumeTrue(s.differentiable(), "torch defines no gradient");
        for (ParityCase c : inputs(s, p, f64)) {
            Gradients ref = TorchReference.get().backward(s, p, c.x(), c.weight(), c.gy());
            Gradients got = BlockRun.backward(c, s != Catalog.RRELU);
            Stats st = Stats.compare(Tolerance.BITWISE, c.x(), ref.input(), got.input());
            assertTrue(st.passed(), c + " " + java.util.Arrays.toString(c.x().shape()) + " input gradient: " + st);
            if (c.weight() != null) {
                Stats w = Stats.compare(Tolerance.BITWISE, null, ref.weight(), got.weight());
                assertTrue(w.passed(), c + " " + java.util.Arrays.toString(c.x().shape()) + " weight gradient: " + w);
            }
        }
    }
}
