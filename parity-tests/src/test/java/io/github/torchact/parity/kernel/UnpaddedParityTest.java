package io.github.torchact.parity.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.PendingKernel;
import io.github.torchact.parity.compare.KernelRun;
import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.inputs.UnpaddedInputs;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.parity.oracle.TorchReference.Gradients;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

/**
 * Every Java kernel against libtorch (one thread) on unpadded tensors ({@link UnpaddedInputs}: lengths
 * 1…70 and the primes up to 257, rows of such widths), where libtorch computes each contiguous run's
 * last {@code n mod 16} / {@code n mod 8} elements with its scalar loop and glibc's libm. The rule:
 * within the activation's bound, and no further from libtorch than on the padded standard input (so
 * bitwise wherever the padded case is bitwise).
 */
class UnpaddedParityTest {

    /** One case per activation and dtype; along-dim activations once per example parameter set. */
    static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (ActivationSpec s : Catalog.all()) {
            List<Params> sets = s.layout() == Layout.ALONG_DIM ? s.paramSets() : List.of(s.paramSets().get(0));
            for (Params p : sets) {
                for (boolean f64 : new boolean[] {false, true}) {
                    cases.add(new Object[] {s.name(), s, p, f64});
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {2} f64={3}")
    @MethodSource("cases")
    void forward(String name, ActivationSpec s, Params p, boolean f64) {
        Kernel k = kernel(s, p);
        Tolerance bound = s.bounds().get(f64, false);
        ParityCase padded = ParityCase.standard(s, p, f64, false);
        Stats ceiling = Stats.compare(bound, padded.x(), TorchReference.get().forward(s, p, padded.x(), padded.weight()),
                KernelRun.forward(k, padded));
        Stats all = new Stats(bound);
        List<String> failed = new ArrayList<>();
        for (ParityCase c : UnpaddedInputs.cases(s, p, f64)) {
            Stats one = Stats.compare(bound, c.x(), TorchReference.get().forward(s, p, c.x(), c.weight()),
                    KernelRun.forward(k, c));
            if (!one.passed()) {
                failed.add(c + " " + java.util.Arrays.toString(c.x().shape()) + " forward: " + one);
            }
            all = all.merge(one);
        }
        assertNoWorse(name + " " + p + (f64 ? " f64" : " f32") + " forward", s, all, ceiling, failed);
    }

    @ParameterizedTest(name = "{0} {2} f64={3}")
    @MethodSource("cases")
    void backward(String name, ActivationSpec s, Params p, boolean f64) {
        Kernel k = kernel(s, p);
        Assumptions.assumeTrue(s.differentiable(), "torch defines no gradient");
        Tolerance bound = s.bounds().get(f64, true);
        ParityCase padded = ParityCase.standard(s, p, f64, false);
        Gradients padRef = TorchReference.get().backward(s, p, padded.x(), padded.weight(), padded.gy());
        Stats ceiling = Stats.compare(bound, padded.x(), padded.gy(), padRef.input(), KernelRun.backward(k, padded).input());
        Stats all = new Stats(bound);
        List<String> failed = new ArrayList<>();
        for (ParityCase c : UnpaddedInputs.cases(s, p, f64)) {
            Gradients ref = TorchReference.get().backward(s, p, c.x(), c.weight(), c.gy());
            Stats one = Stats.compare(bound, c.x(), c.gy(), ref.input(), KernelRun.backward(k, c).input());
            if (!one.passed()) {
                failed.add(c + " " + java.util.Arrays.toString(c.x().shape()) + " backward: " + one);
            }
            all = all.merge(one);
        }
        assertNoWorse(name + " " + p + (f64 ? " f64" : " f32") + " backward", s, all, ceiling, failed);
    }

    private static Kernel kernel(ActivationSpec s, Params p) {
        Kernel k = s.kernel(p);
        assertFalse(k instanceof PendingKernel, s.name() + " has no Java kernel yet");
        return k;
    }

    /**
     * Every length within the bound, and unpadded no further from libtorch than padded: bitwise where
     * padded is, else max ulp no larger; where libtorch runs a closed-source function (MKL), whose error moves
     * with the inputs, within the bound only.
     */
    private static void assertNoWorse(String what, ActivationSpec s, Stats unpadded, Stats padded, List<String> failed) {
        System.out.printf("unpadded %s: maxUlp %d (padded %d), nonBitwise %d of %d%n", what, unpadded.maxUlp(),
                padded.maxUlp(), unpadded.nonBitwise(), unpadded.count());
        assertTrue(failed.isEmpty(), String.join("\n", failed));
        if (padded.nonBitwise() == 0) {
            assertTrue(unpadded.nonBitwise() == 0, what + ": padded is bitwise, unpadded " + unpadded);
        } else if (s.closedSource() == null) {
            assertTrue(unpadded.maxUlp() <= padded.maxUlp(), what + ": unpadded " + unpadded + " vs padded " + padded);
        }
    }
}
