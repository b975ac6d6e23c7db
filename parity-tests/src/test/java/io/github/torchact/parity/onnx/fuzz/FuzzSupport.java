package io.github.torchact.parity.onnx.fuzz;

import ai.djl.ndarray.NDManager;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxImportException;

/**
 * Shared by the fuzz targets: small limits (so that one input costs milliseconds, not seconds) and one PyTorch manager
 * for the JVM. Run the targets with {@code mvn test} (seeds only) or {@code JAZZER_FUZZ=1} (fuzzing); see
 * plugin/onnx/README.md, "Hostile input".
 */
final class FuzzSupport {

    private static NDManager manager;

    private FuzzSupport() {}

    /**
     * Limits of the fuzzed imports: 64k elements per tensor, 1 MiB of tensors, 4096 trial-run input elements, 1M elements
     * computed by folding and the trial run, 256 nodes.
     */
    static ImportOptions limits() {
        return ImportOptions.defaults().optMaxTensorElements(1 << 16).optMaxInitializerBytes(1 << 20)
                .optMaxTrialInputElements(1 << 12).optMaxTrialElements(1 << 20).optMaxNodes(256);
    }

    static synchronized NDManager manager() {
        if (manager == null) {
            manager = NDManager.newBaseManager("PyTorch");
        }
        return manager;
    }

    /** An {@link OnnxImportException} must name what it is about: a non-empty message mentioning {@code source}. */
    static void checkMessage(OnnxImportException e, String source) {
        if (e.getMessage() == null || e.getMessage().isEmpty()) {
            throw new AssertionError("OnnxImportException without a message", e);
        }
        if (source != null && !e.getMessage().contains(source)) {
            throw new AssertionError("OnnxImportException that does not name the file '" + source + "': " + e.getMessage(), e);
        }
    }
}
