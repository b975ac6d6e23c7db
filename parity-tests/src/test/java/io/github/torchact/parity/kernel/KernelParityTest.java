package io.github.torchact.parity.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.PendingKernel;
import io.github.torchact.parity.compare.KernelRun;
import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.OracleEnvironment;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.parity.oracle.TorchReference.Gradients;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every Java kernel against libtorch on the standard input set: forward and backward, f32 and f64.
 * {@code -Dparity.only=softmax,log_softmax} keeps the named activations, {@code
 * -Dparity.layouts=ALONG_DIM,CHANNEL_WEIGHTED} those of the named {@link Layout}s (the build's AVX-512 run).
 */
class KernelParityTest {

    @BeforeAll
    static void referenceRunsHere() {
        Assumptions.assumeTrue(OracleEnvironment.capabilityAvailable(),
                "ATEN_CPU_CAPABILITY=" + System.getenv("ATEN_CPU_CAPABILITY") + " needs an AVX-512 CPU");
    }

    static boolean selected(ActivationSpec s) {
        String only = System.getProperty("parity.only", "").trim();
        String layouts = System.getProperty("parity.layouts", "").trim();
        return (only.isEmpty() || List.of(only.split("\\s*,\\s*")).contains(s.name()))
                && (layouts.isEmpty() || Stream.of(layouts.split("\\s*,\\s*")).map(Layout::valueOf).anyMatch(l -> l == s.layout()));
    }

    static List<ParityCase> cases() {
        List<ParityCase> cases = new ArrayList<>();
        for (ActivationSpec s : Catalog.all()) {
            if (!selected(s)) {
                continue;
            }
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forward(ParityCase c) {
        Kernel k = c.spec().kernel(c.params());
        assertFalse(k instanceof PendingKernel, c.spec().name() + " has no Java kernel yet");
        HostTensor ref = TorchReference.get().forward(c.spec(), c.params(), c.x(), c.weight());
        Stats s = Stats.compare(c.spec().bounds().get(c.isF64(), false), c.x(), ref, KernelRun.forward(k, c));
        assertTrue(s.passed(), c + " forward: " + s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backward(ParityCase c) {
        Kernel k = c.spec().kernel(c.params());
        assertFalse(k instanceof PendingKernel, c.spec().name() + " has no Java kernel yet");
        Assumptions.assumeTrue(c.spec().differentiable(), "torch defines no gradient");
        Gradients ref = TorchReference.get().backward(c.spec(), c.params(), c.x(), c.weight(), c.gy());
        Gradients got = KernelRun.backward(k, c);
        Stats s = Stats.compare(c.spec().bounds().get(c.isF64(), true), c.x(), c.gy(), ref.input(), got.input());
        assertTrue(s.passed(), c + " backward: " + s);
        assertWeightGradient(c, ref, got);
    }

    static List<ParityCase> weightCases() {
        return WeightGradientCases.all();
    }

    /**
     * Weight gradients of the channel-weighted activations on finite inputs in several layouts. The
     * rule: the spec's backward bound (bitwise for PReLU and Flexible ReLU), because their kernels sum
     * in libtorch's own order; see ChannelSum in the plugin.
     */
    @ParameterizedTest(name = "{0} {index}")
    @MethodSource("weightCases")
    void weightGradient(ParityCase c) {
        Kernel k = c.spec().kernel(c.params());
        assertFalse(k instanceof PendingKernel, c.spec().name() + " has no Java kernel yet");
        Gradients ref = TorchReference.get().backward(c.spec(), c.params(), c.x(), c.weight(), c.gy());
        Gradients got = KernelRun.backward(k, c);
        Stats s = Stats.compare(c.spec().bounds().get(c.isF64(), true), c.x(), c.gy(), ref.input(), got.input());
        assertTrue(s.passed(), c + " " + java.util.Arrays.toString(c.x().shape()) + " backward: " + s);
        assertWeightGradient(c, ref, got);
    }

    private static void assertWeightGradient(ParityCase c, Gradients ref, Gradients got) {
        if (c.weight() == null) {
            return;
        }
        assertTrue(ref.weight() != null && got.weight() != null, c + ": missing weight gradient");
        Stats w = Stats.compare(c.spec().bounds().get(c.isF64(), true), null, ref.weight(), got.weight());
        assertTrue(w.passed(), c + " " + java.util.Arrays.toString(c.x().shape()) + " weight gradient: " + w);
    }
}
