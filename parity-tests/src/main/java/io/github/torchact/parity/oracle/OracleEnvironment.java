package io.github.torchact.parity.oracle;

/**
 * The pinned reference: libtorch's AVX2 code path on one intra-op thread, TorchScript's graph
 * optimiser off (so gradients are eager autograd's), set before libtorch loads
 * (the build's surefire and exec configurations do this). Checked at oracle start-up so a run with
 * another setting fails loudly instead of comparing against a different reference.
 */
public final class OracleEnvironment {

    /** The CPU capability libtorch must use. */
    public static final String CAPABILITY = "avx2";

    private OracleEnvironment() {}

    /** Throws unless the JVM was started with the pinned settings. */
    public static void check() {
        String cap = System.getenv("ATEN_CPU_CAPABILITY");
        if (!CAPABILITY.equals(cap)) {
            throw new IllegalStateException("the oracle needs env ATEN_CPU_CAPABILITY=" + CAPABILITY
                    + " (got " + cap + "); run through Maven, or set it before starting the JVM");
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
