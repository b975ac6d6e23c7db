package io.github.torchact.onnx;

/** Options of {@link OnnxImporter}. */
public final class ImportOptions {

    private boolean fuse = true;
    private boolean trialRun = true;
    private ConverterRegistry registry = ConverterRegistry.standard();

    public static ImportOptions defaults() {
        return new ImportOptions();
    }

    /** Whether PyTorch's exported activation subgraphs are fused into catalog activations (default true). */
    public ImportOptions optFusion(boolean fuse) {
        this.fuse = fuse;
        return this;
    }

    /** The converters to use (default {@link ConverterRegistry#standard()}). */
    public ImportOptions optRegistry(ConverterRegistry registry) {
        this.registry = registry;
        return this;
    }

    /**
     * Whether the importer runs the block once on zeros of the declared input shapes (default true), so a graph
     * that cannot execute fails at import. Turn it off for graphs whose integer inputs are operator arguments
     * (steps, shapes, divisors) for which zero is not a valid value.
     */
    public ImportOptions optTrialRun(boolean trialRun) {
        this.trialRun = trialRun;
        return this;
    }

    public boolean trialRun() {
        return trialRun;
    }

    public boolean fusion() {
        return fuse;
    }

    public ConverterRegistry registry() {
        return registry;
    }
}
