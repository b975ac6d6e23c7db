package io.github.torchact.onnx;

/**
 * Options of {@link OnnxImporter} and {@link OnnxModel#read(java.nio.file.Path, ImportOptions)}, including the limits
 * that bound what an untrusted model file can make the importer allocate or run (see the README, "Hostile input").
 * Exceeding a limit is an {@link OnnxImportException} naming the tensor, node or input and the option that raises it.
 */
public final class ImportOptions {

    /** Default {@link #optMaxInitializerBytes}: 2 GiB of initializer and Constant tensor data in one model. */
    public static final long DEFAULT_MAX_INITIALIZER_BYTES = 2L << 30;
    /** Default {@link #optMaxTensorElements}: 2^28 elements (1 GiB of float32) in any one tensor. */
    public static final long DEFAULT_MAX_TENSOR_ELEMENTS = 1L << 28;
    /** Default {@link #optMaxTrialInputElements}: 2^24 (16M) elements over all inputs of the import-time trial run. */
    public static final long DEFAULT_MAX_TRIAL_INPUT_ELEMENTS = 1L << 24;
    /** Default {@link #optMaxTrialElements}: 2^30 elements (4 GiB of float32) over all tensors the import computes. */
    public static final long DEFAULT_MAX_TRIAL_ELEMENTS = 1L << 30;
    /** Default {@link #optMaxNodes}: 1,000,000 graph nodes. */
    public static final int DEFAULT_MAX_NODES = 1_000_000;
    /** Default {@link #optShapeSpecializations}: 8 input shapes per block. */
    public static final int DEFAULT_SHAPE_SPECIALIZATIONS = 8;

    private boolean fuse = true;
    private boolean trialRun = true;
    private ConverterRegistry registry = ConverterRegistry.standard();
    private long maxInitializerBytes = DEFAULT_MAX_INITIALIZER_BYTES;
    private long maxTensorElements = DEFAULT_MAX_TENSOR_ELEMENTS;
    private long maxTrialInputElements = DEFAULT_MAX_TRIAL_INPUT_ELEMENTS;
    private long maxTrialElements = DEFAULT_MAX_TRIAL_ELEMENTS;
    private int maxNodes = DEFAULT_MAX_NODES;

    // compiled forward and inference rewrites (see the README, "Compiled forward")
    private boolean compile = true;
    private boolean inferenceRewrites = false;
    private boolean prepackWeights = true;
    private boolean graphExecutorOptimize = false;
    private int shapeSpecializations = DEFAULT_SHAPE_SPECIALIZATIONS;

    /** The defaults: fusion, compiled forward and trial run on, the default limits. */
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

    /**
     * The most bytes of tensor data (initializers, external data included, and Constant node values, counted as
     * their shapes and types declare) one model may hold; checked before anything is read or allocated
     * (default {@link #DEFAULT_MAX_INITIALIZER_BYTES}).
     */
    public ImportOptions optMaxInitializerBytes(long bytes) {
        this.maxInitializerBytes = positive(bytes, "maxInitializerBytes");
        return this;
    }

    /**
     * The most elements any one tensor of the file (initializer, Constant value), fixed by constants (the output of
     * ConstantOfShape, Expand, Range, Tile with constant operands), or computed at import (constant folding and the
     * trial run, checked before each node runs) may have (default {@link #DEFAULT_MAX_TENSOR_ELEMENTS}).
     */
    public ImportOptions optMaxTensorElements(long elements) {
        this.maxTensorElements = positive(elements, "maxTensorElements");
        return this;
    }

    /**
     * The most elements, summed over the graph inputs, of the zeros the import-time trial run feeds the block (declared
     * shapes, symbolic dimensions as 1). A model declaring more is refused, naming this option; raise it, or turn the
     * trial run off with {@link #optTrialRun(boolean)} (default {@link #DEFAULT_MAX_TRIAL_INPUT_ELEMENTS}).
     */
    public ImportOptions optMaxTrialInputElements(long elements) {
        this.maxTrialInputElements = positive(elements, "maxTrialInputElements");
        return this;
    }

    /**
     * The most elements the import may compute over all its tensors: constant folding and the trial run, each node's
     * outputs counted before it runs (an op that can grow by the size its inputs fix, any other by its largest input),
     * so a file cannot make the import allocate more (default {@link #DEFAULT_MAX_TRIAL_ELEMENTS}).
     */
    public ImportOptions optMaxTrialElements(long elements) {
        this.maxTrialElements = positive(elements, "maxTrialElements");
        return this;
    }

    /** The most nodes the graph may have (default {@link #DEFAULT_MAX_NODES}). */
    public ImportOptions optMaxNodes(int nodes) {
        this.maxNodes = (int) positive(nodes, "maxNodes");
        return this;
    }

    /** The most bytes all initializers may declare. */
    public long maxInitializerBytes() {
        return maxInitializerBytes;
    }

    /** The most elements one tensor may declare. */
    public long maxTensorElements() {
        return maxTensorElements;
    }

    /** The most elements of the trial run's zero inputs. */
    public long maxTrialInputElements() {
        return maxTrialInputElements;
    }

    public long maxTrialElements() {
        return maxTrialElements;
    }

    /** The most nodes a graph may have. */
    public int maxNodes() {
        return maxNodes;
    }

    private static long positive(long v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + v);
        }
        return v;
    }

    /** Whether the import runs the block once on zeros. */
    public boolean trialRun() {
        return trialRun;
    }

    /** Whether PyTorch's activation subgraphs are fused into catalog activations. */
    public boolean fusion() {
        return fuse;
    }

    /** The converters by (domain, op type, since-version). */
    public ConverterRegistry registry() {
        return registry;
    }

    /**
     * Whether a forward on DJL's PyTorch engine runs the whole graph as one TorchScript module call (default true).
     * A graph with a node that has no TorchScript form, or a forward on another engine, runs node by node; the
     * report says why. False keeps the node-by-node evaluation (for debugging: each node's NDArray operations).
     */
    public ImportOptions optCompile(boolean compile) {
        this.compile = compile;
        return this;
    }

    /**
     * Inference-only rewrites (default false; never for a block that trains): every initializer is frozen into a
     * constant (the block has no parameters), so subgraphs of initializers fold at import; BatchNormalization after a
     * Conv folds into the Conv's weight and bias; nodes no graph output depends on are dropped. The outputs differ
     * from torch's by rounding (see the README).
     */
    public ImportOptions optInferenceRewrites(boolean rewrites) {
        this.inferenceRewrites = rewrites;
        return this;
    }

    /**
     * With the inference rewrites, whether the compiled forward runs float32 Conv (2-D), Gemm and MatMul with a
     * constant weight as oneDNN's convolution and linear on weights packed once into oneDNN's layout (default true; no
     * effect without {@link #optInferenceRewrites}). Another GEMM/convolution algorithm: outputs differ from torch's
     * by rounding (see the README). Where a call does not meet the packed op's preconditions (other dtype, rank or
     * shape, fewer than 2^22 multiply-adds, autograd recording) the node runs torch's op as without this option.
     */
    public ImportOptions optPrepackWeights(boolean prepack) {
        this.prepackWeights = prepack;
        return this;
    }

    /** Whether inference-rewritten forwards run on prepacked oneDNN weights ({@link #optPrepackWeights}). */
    public boolean prepackWeights() {
        return prepackWeights;
    }

    /**
     * Whether TorchScript's graph-executor optimisation also runs on compiled forwards that autograd records (default
     * false). Forwards that record nothing (no {@code GradientCollector}) always run optimised: their outputs are
     * bitwise the unoptimised ones. On a recorded forward, libtorch's profiling executor would rewrite the graph from
     * the second call on and differentiate it with its symbolic derivatives, which differ from eager autograd (and the
     * node-by-node evaluation) in the last bits; off, the compiled forward's gradients equal the node-by-node
     * evaluation's.
     */
    public ImportOptions optGraphExecutorOptimize(boolean optimize) {
        this.graphExecutorOptimize = optimize;
        return this;
    }

    /**
     * How many input shapes the compiled forward specialises to (default {@value #DEFAULT_SHAPE_SPECIALIZATIONS};
     * 0: none). A graph that computes shapes (dynamic axes: Shape → Gather → Concat → Reshape) runs those nodes as
     * tensor operations on every call; when an input shape is seen a second time, the shape values are recorded once,
     * made constants and the graph compiled again for that shape (one node-by-node evaluation and one TorchScript
     * compilation, a few milliseconds to tens of them). Outputs and gradients are bitwise those of the generic module;
     * graphs where a shape may depend on data are never specialised. Beyond this many shapes the generic module runs.
     */
    public ImportOptions optShapeSpecializations(int shapes) {
        if (shapes < 0) {
            throw new IllegalArgumentException("shapes must be >= 0, got " + shapes);
        }
        this.shapeSpecializations = shapes;
        return this;
    }

    public int shapeSpecializations() {
        return shapeSpecializations;
    }

    /** Whether the PyTorch-engine forward is one compiled TorchScript call. */
    public boolean compile() {
        return compile;
    }

    /** Whether the inference-only rewrites (frozen initializers, folding) apply. */
    public boolean inferenceRewrites() {
        return inferenceRewrites;
    }

    /** Whether TorchScript's graph executor optimises the compiled forward. */
    public boolean graphExecutorOptimize() {
        return graphExecutorOptimize;
    }
}
