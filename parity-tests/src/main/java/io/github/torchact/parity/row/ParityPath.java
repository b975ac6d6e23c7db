package io.github.torchact.parity.row;

/** Which implementation a report row checks against libtorch. */
public enum ParityPath {
    /** The pure-Java kernel ({@code ActivationSpec.kernel(params)}) on host arrays. */
    JAVA_KERNEL("java"),
    /** The DJL block ({@code ActivationBlock.of(...)}) on the PyTorch engine, backward via GradientCollector. */
    DJL_BLOCK("block"),
    /**
     * The pure-Java kernel on unpadded tensors ({@code UnpaddedInputs}: every run length 1…70 and the
     * primes up to 257), where libtorch's scalar loop computes each run's tail; one row merges them.
     */
    JAVA_KERNEL_UNPADDED("java unpadded");

    private final String label;

    ParityPath(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
