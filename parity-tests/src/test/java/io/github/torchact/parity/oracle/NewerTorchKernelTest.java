package io.github.torchact.parity.oracle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.math.TorchVersion;
import io.github.torchact.parity.compare.KernelRun;
import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;

/**
 * The kernels with {@code torchact.reference.torch=2.13} ({@link TorchVersion#V2_13}) against the
 * values PyTorch 2.13.0 printed ({@code models/goldens/torch-2.13.0_cpu.json}, raw bits, AVX2, one
 * thread): every case bitwise, forward and backward, float32 and float64, except the activations whose
 * kernels are not bitwise against libtorch 2.7 either ({@link #NOT_BITWISE}: MKL's tanh), held to the
 * spec's bound. Covers every entry of {@link KnownVersionDifferences} for 2.13.
 */
class NewerTorchKernelTest {

    /** Kernels within their bound, not bitwise, against any libtorch: MKL's tanh is closed source. */
    static final Set<String> NOT_BITWISE = Set.of("tanh", "tanhshrink");

    static List<GoldenFile.Case> cases() {
        return GoldenFile.load("torch-2.13.0_cpu.json").cases;
    }

    @BeforeAll
    static void newerSemantics() {
        TorchVersion.set(TorchVersion.V2_13);
    }

    @AfterAll
    static void engineSemantics() {
        TorchVersion.set(null);
    }

    private static Tolerance tolerance(GoldenFile.Case c, boolean backward) {
        return NOT_BITWISE.contains(c.spec().name()) ? c.spec().bounds().get(c.x().isF64(), backward) : Tolerance.BITWISE;
    }

    private static ParityCase parityCase(GoldenFile.Case c) {
        return new ParityCase(c.spec(), c.params(), c.x(), c.weight(), c.gradOutput());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forward(GoldenFile.Case c) {
        Kernel k = c.spec().kernel(c.params());
        Stats s = Stats.compare(tolerance(c, false), c.x(), c.output(), KernelRun.forward(k, parityCase(c)));
        assertTrue(s.passed(), c.spec().name() + " " + c + " forward vs torch 2.13: " + s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backward(GoldenFile.Case c) {
        Assumptions.assumeTrue(c.gradInput() != null, "torch 2.13 defines no gradient");
        Kernel k = c.spec().kernel(c.params());
        TorchReference.Gradients g = KernelRun.backward(k, parityCase(c));
        Stats s = Stats.compare(tolerance(c, true), c.x(), c.gradOutput(), c.gradInput(), g.input());
        assertTrue(s.passed(), c.spec().name() + " " + c + " backward vs torch 2.13: " + s);
    }
}
