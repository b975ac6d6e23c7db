package io.github.torchact.parity.report;

/** Which implementation a report row checks against libtorch. */
public enum ParityPath {
    /** The pure-Java kernel ({@code ActivationSpec.kernel(params)}) on host arrays. */
    JAVA_KERNEL("java"),
    /** The DJL block ({@code ActivationBlock.of(...)}) on the PyTorch engine, backward via GradientCollector. */
    DJL_BLOCK("block");

    private final String label;

    ParityPath(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
