package io.github.torchact.parity.oracle;

import io.github.torchact.kernel.math.CpuCapability;

/**
 * The pinned reference: libtorch's AVX2 (the default build) or AVX-512 code path, named by env
 * {@code ATEN_CPU_CAPABILITY} and matched by the kernels' {@link CpuCapability}, on one intra-op
 * thread, TorchScript's graph optimiser off (so gradients are eager autograd's), set before libtorch
 * loads (the build's surefire and exec configurations do this). Checked at oracle start-up so a run
 * with another setting fails loudly instead of comparing against a different reference.
 */
public final class OracleEnvironment {

    /** The CPU capability the default build pins. */
    public static final String CAPABILITY = "avx2";

    private OracleEnvironment() {}

    /** The capability libtorch runs with here: env ATEN_CPU_CAPABILITY, which {@link #check} requires. */
    public static CpuCapability capability() {
        String cap = System.getenv("ATEN_CPU_CAPABILITY");
        return "avx512".equals(cap) ? CpuCapability.AVX512 : CpuCapability.AVX2;
    }

    /**
     * Whether this CPU runs the capability the environment names (an AVX-512 reference needs an
     * AVX-512 CPU; libtorch would silently fall back otherwise).
     */
    public static boolean capabilityAvailable() {
        return capability() == CpuCapability.AVX2 || CpuCapability.detected() == CpuCapability.AVX512;
    }

    /** Throws unless the JVM was started with the pinned settings. */
    public static void check() {
        String cap = System.getenv("ATEN_CPU_CAPABILITY");
        if (!CAPABILITY.equals(cap) && !"avx512".equals(cap)) {
            throw new IllegalStateException("the oracle needs env ATEN_CPU_CAPABILITY=" + CAPABILITY
                    + " or avx512 (got " + cap + "); run through Maven, or set it before starting the JVM");
        }
        if (CpuCapability.current() != capability()) {
            throw new IllegalStateException("the kernels reproduce " + CpuCapability.current().atenName()
                    + " (" + CpuCapability.PROPERTY + ") but libtorch runs " + cap + ": set them alike");
        }
        if (!"1".equals(System.getProperty("ai.djl.pytorch.num_threads"))) {
            throw new IllegalStateException(
                    "the oracle needs -Dai.djl.pytorch.num_threads=1 (one intra-op thread)");
        }
        if (!"false".equals(System.getProperty("ai.djl.pytorch.graph_optimizer"))) {
            // After two runs TorchScript's profiling executor swaps autograd for its own symbolic
            // derivatives (DifferentiableGraph), which differ from eager PyTorch's in the last bits.
            throw new IllegalStateException("the oracle needs -Dai.djl.pytorch.graph_optimizer=false"
                    + " (TorchScript's optimised graphs use symbolic gradients that differ from eager autograd)");
        }
        if (!Boolean.getBoolean("ai.djl.offline") && !"true".equals(System.getenv("DJL_OFFLINE"))) {
            throw new IllegalStateException("set -Dai.djl.offline=true so DJL does not go online");
        }
    }
}
