package io.github.torchact.onnx;

/** Options of {@link OnnxImporter}. */
public final class ImportOptions {

    private boolean fuse = true;
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

    public boolean fusion() {
        return fuse;
    }

    public ConverterRegistry registry() {
        return registry;
    }
}
