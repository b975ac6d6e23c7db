package io.github.torchact.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.LayoutType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.zip.CRC32;

/**
 * An imported ONNX graph as one DJL block: the converted nodes run in topological order, on DJL's PyTorch engine as
 * one call of a TorchScript module compiled from the whole graph ({@link #isCompiled()}, {@link ImportOptions#optCompile}),
 * otherwise node by node on NDArrays; both run the same libtorch operators and give the same bits.
 * Initializers used as weights, biases, BatchNorm scale/shift and PRelu slopes are trainable DJL
 * {@link Parameter}s (named after the initializer, initialised to its value); BatchNorm running statistics
 * are parameters that do not train; shapes, axes and scalars are constants. A forward with
 * {@code training = true} runs BatchNormalization as torch's train() mode (batch statistics, running statistics
 * updated in place). On DJL's PyTorch engine the forward pass is differentiable, so the block trains with DJL's Trainer and saves with
 * {@code saveParameters}/{@code loadParameters}.
 */
public final class OnnxGraphBlock extends AbstractBlock implements AutoCloseable {

    /**
     * Parameter file version: 2 adds the integrity metadata (parameter count, names, shapes, types, CRC32 of each
     * parameter's bytes, CRC32 of the metadata); files of version 1 are refused.
     */
    private static final byte VERSION = 2;

    /** One converted node. */
    static final class Step {
        final OnnxNode node;
        final GraphOp op;

        Step(OnnxNode node, GraphOp op) {
            this.node = node;
            this.op = op;
        }
    }

    private final List<Step> steps;
    private final List<String> inputNames;
    private final List<DataType> inputTypes;
    private final List<String> outputNames;
    private final Map<String, Parameter> parametersByOnnxName = new LinkedHashMap<>();
    private final Map<String, TensorValue> constants;
    private final ImportReport report;
    private final Map<Device, Map<String, NDArray>> constantCache = new HashMap<>();
    private final NDManager constantManager;
    // the compiled forward (one module call), or null: node by node
    private volatile CompiledGraph compiled;
    // compiled forwards specialised to input shapes, or null
    private volatile ShapeSpecializer specializer;
    // prepacked weights of the compiled modules (inference rewrites), shared by those that pack them alike
    private final Map<String, AutoCloseable> packedWeights = new ConcurrentHashMap<>();
    private final Map<Device, NDArray[]> compiledConstants = new HashMap<>();
    private final Map<Device, NDArray> trainSelectors = new HashMap<>();
    private ExportTemplate exportTemplate;

    OnnxGraphBlock(List<Step> steps, List<String> inputNames, List<DataType> inputTypes, List<String> outputNames,
            Map<String, TensorValue> paramValues, Map<String, Parameter.Type> paramTypes, Map<String, TensorValue> constants,
            ImportReport report, NDManager owner) {
        super(VERSION);
        this.steps = steps;
        this.inputNames = inputNames;
        this.inputTypes = inputTypes;
        // the constants live as long as the importing manager, or until close()
        this.constantManager = owner.newSubManager();
        this.outputNames = outputNames;
        this.constants = constants;
        this.report = report;
        paramValues.forEach((name, value) -> {
            Parameter.Type type = paramTypes.get(name);
            boolean trains = type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR;
            parametersByOnnxName.put(name, addParameter(Parameter.builder()
                    .setName(name)
                    .setType(type)
                    .optShape(new Shape(value.shape()))
                    .optRequiresGrad(trains)
                    .optInitializer(new ValueInitializer(value))
                    .build()));
        });
    }

    void exportTemplate(ExportTemplate template) {
        this.exportTemplate = template;
    }

    /**
     * The model this block was imported from (its nodes, names, opsets and metadata unchanged), with every initializer
     * that became a parameter holding the parameter's current value (after training, say), in the initializer's
     * element type, and external data inlined. Written with {@code toByteArray()}, it is the fine-tuned ONNX model.
     *
     * @throws IllegalStateException if a parameter has no value (the block was not initialised)
     */
    public ai.onnx.proto.OnnxMl.ModelProto toModelProto() {
        if (exportTemplate == null) {
            throw new IllegalStateException(this + " was not built by OnnxImporter: it has no model to write back");
        }
        return exportTemplate.fill(name -> {
            Parameter p = parametersByOnnxName.get(name);
            if (p == null || !p.isInitialized()) {
                throw new IllegalStateException("parameter '" + name + "' of " + this + " has no value: initialise the block first");
            }
            return p.getArray();
        });
    }

    /** The import report: fusions, node mapping, parameters. */
    public ImportReport report() {
        return report;
    }

    /** Graph input names, in the order the block expects them. */
    public List<String> inputNames() {
        return Collections.unmodifiableList(inputNames);
    }

    /** The declared element types of the graph inputs, in order. */
    public List<DataType> inputTypes() {
        return Collections.unmodifiableList(inputTypes);
    }

    /** The graph outputs' names, in order. */
    public List<String> outputNames() {
        return Collections.unmodifiableList(outputNames);
    }

    /** The parameter holding ONNX initializer {@code name}, or null. */
    public Parameter parameter(String onnxName) {
        return parametersByOnnxName.get(onnxName);
    }

    /** Makes forwards on DJL's PyTorch engine one call of the module {@code r} describes (see {@link CompiledGraph}). */
    void compile(GraphCompiler.Result r, boolean graphExecutorOptimize) {
        compiled = new CompiledGraph(r, graphExecutorOptimize, constantManager, packedWeights);
    }

    /**
     * Lets the compiled forward specialise to input shapes ({@link ShapeSpecializer}) where that is sound and saves
     * work; {@code constants} are the values the steps read.
     */
    void planShapeSpecialization(Map<String, TensorValue> constants, ToLongFunction<String> opsets, ImportOptions options) {
        List<String> why = new ArrayList<>();
        ShapeSpecializer s = ShapeSpecializer.plan(steps, inputNames, outputNames, parametersByOnnxName.keySet(), constants,
                opsets, options.registry(), options.graphExecutorOptimize(), GraphCompiler.prepacks(options), constantManager, packedWeights,
                options.shapeSpecializations(), why);
        specializer = s;
        report.note(s == null ? "shape specialisation: off, " + why.get(0)
                : "shape specialisation: up to " + options.shapeSpecializations() + " input shapes (" + s.shapeSteps()
                        + " of " + steps.size() + " nodes compute shapes)");
    }

    /**
     * Whether a forward on DJL's PyTorch engine is one call of a TorchScript module compiled from the whole graph
     * ({@link ImportOptions#optCompile}); false when the block runs node by node (the report says why).
     */
    public boolean isCompiled() {
        return compiled != null;
    }

    /**
     * How many input shapes the compiled forward has been specialised to so far ({@link ImportOptions#optShapeSpecializations}).
     */
    public int specializedShapes() {
        ShapeSpecializer s = specializer;
        return s == null ? 0 : s.size();
    }

    /**
     * How many sets of prepacked weights the compiled forwards hold ({@link ImportOptions#optPrepackWeights}): one per
     * device, shared by the shape specialisations, which pack the same weights alike; 0 without packing.
     */
    public int prepackedWeightSets() {
        return packedWeights.size();
    }

    /** The TorchScript source of the compiled forward, or null when the block runs node by node. */
    public String compiledSource() {
        CompiledGraph c = compiled;
        return c == null ? null : c.result().source;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> extra) {
        if (inputs.size() != inputNames.size()) {
            throw new IllegalArgumentException("ONNX graph expects " + inputNames.size() + " inputs " + inputNames
                    + ", got " + inputs.size());
        }
        Device device = inputs.isEmpty() ? ps.getManager().getDevice() : inputs.get(0).getDevice();
        CompiledGraph c = compiled;
        if (c != null && !inputs.isEmpty() && CompiledGraph.runs(inputs.get(0))) {
            try {
                c.module(device);
            } catch (RuntimeException e) {
                if (!constantManager.isOpen()) {
                    throw e;
                }
                // a module libtorch refuses: node by node from now on, the report says why
                compiled = null;
                report.note("compiled forward disabled: " + e.getMessage());
                return nodeByNode(ps, inputs, training, device);
            }
            ShapeSpecializer sp = specializer;
            ShapeSpecializer.Variant v = sp == null ? null : sp.variant(inputs, device, names -> record(ps, inputs, device, names));
            if (v != null) {
                c = v.graph;
            }
            NDArray[] params = new NDArray[c.result().params.size()];
            for (int i = 0; i < params.length; i++) {
                params[i] = ps.getValue(parametersByOnnxName.get(c.result().params.get(i)), device, training);
            }
            NDArray[] consts = v != null ? v.constants(device, constantManager) : compiledConstants(c, device);
            try {
                return c.forward(device, inputs, params, consts, trainSelector(device), training);
            } catch (RuntimeException e) {
                // name the node: the node-by-node evaluation fails with its usual message
                nodeByNode(ps, inputs, training, device);
                OnnxNode n = c.failedNode(e);
                throw new IllegalStateException("the compiled forward failed" + (n == null ? "" : " in " + n.describe())
                        + " where the node-by-node evaluation succeeds: " + e.getMessage(), e);
            }
        }
        return nodeByNode(ps, inputs, training, device);
    }

    /**
     * The import-time trial run: node by node, each node's output size checked by {@code guard} before it runs (the
     * compiled forward has no per-node check; see the README, "Hostile input").
     */
    NDList trialRun(ParameterStore ps, NDList inputs, OutputSizeGuard guard) {
        Device device = inputs.isEmpty() ? ps.getManager().getDevice() : inputs.get(0).getDevice();
        return nodeByNode(ps, inputs, false, device, guard);
    }

    private NDList nodeByNode(ParameterStore ps, NDList inputs, boolean training, Device device) {
        return nodeByNode(ps, inputs, training, device, null);
    }

    private NDList nodeByNode(ParameterStore ps, NDList inputs, boolean training, Device device, OutputSizeGuard guard) {
        Map<String, NDArray> env = new HashMap<>(constants(device));
        parametersByOnnxName.forEach((name, p) -> env.put(name, ps.getValue(p, device, training)));
        evaluate(env, inputs, training, guard);
        NDList result = new NDList();
        for (String o : outputNames) {
            NDArray y = env.get(o);
            if (y == null) {
                throw new IllegalStateException("ONNX graph output '" + o + "' was not computed (its node returned fewer outputs)");
            }
            result.add(y);
        }
        return result;
    }

    /** The values {@code names} take in an inference evaluation of {@code inputs}, its intermediates freed. */
    private Map<String, TensorValue> record(ParameterStore ps, NDList inputs, Device device, Set<String> names) {
        Map<String, NDArray> env = new HashMap<>(constants(device));
        parametersByOnnxName.forEach((name, p) -> env.put(name, ps.getValue(p, device, false)));
        Map<String, TensorValue> out = new HashMap<>();
        try (NDScope scope = new NDScope()) {
            evaluate(env, inputs, false, null);
            for (String n : names) {
                NDArray a = env.get(n);
                if (a != null) {
                    out.put(n, TensorValue.of(n, a));
                }
            }
        }
        return out;
    }

    /**
     * Runs the steps node by node, reading and writing values in {@code env}; {@code guard}, when not null, checks each
     * node's output size before it runs.
     */
    private void evaluate(Map<String, NDArray> env, NDList inputs, boolean training, OutputSizeGuard guard) {
        for (int i = 0; i < inputs.size(); i++) {
            env.put(inputNames.get(i), inputs.get(i));
        }
        for (Step s : steps) {
            NDArray[] in = new NDArray[s.node.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                String name = s.node.input(i);
                in[i] = name.isEmpty() ? null : env.get(name);
            }
            if (guard != null) {
                guard.before(s.node, in);
            }
            NDArray[] out;
            try {
                out = s.op.apply(in, training);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(s.node.describe() + " failed on inputs "
                        + describeShapes(in) + ": " + e.getMessage(), e);
            }
            if (guard != null) {
                guard.after(out);
            }
            for (int i = 0; i < out.length && i < s.node.outputs().size(); i++) {
                env.put(s.node.output(i), out[i]);
            }
        }
    }

    private static String describeShapes(NDArray[] in) {
        List<String> s = new ArrayList<>();
        for (NDArray a : in) {
            s.add(a == null ? "-" : a.getDataType() + a.getShape().toString());
        }
        return s.toString();
    }

    /** The constants the compiled module reads, in its order, as views named for its consts list. */
    private synchronized NDArray[] compiledConstants(CompiledGraph c, Device device) {
        Map<String, NDArray> all = constants(device);
        return compiledConstants.computeIfAbsent(device, d -> {
            NDArray[] out = new NDArray[c.result().constants.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = kept(CompiledGraph.constView(all.get(c.result().constants.get(i))));
            }
            return out;
        });
    }

    /** An array whose name selects the compiled module's training method. */
    private synchronized NDArray trainSelector(Device device) {
        return trainSelectors.computeIfAbsent(device, d -> {
            NDArray a = kept(kept(constantManager.zeros(new Shape(1))).toDevice(d, false));
            a.setName(CompiledGraph.trainSelectorName());
            return a;
        });
    }

    private synchronized Map<String, NDArray> constants(Device device) {
        if (!constantManager.isOpen()) {
            throw new IllegalStateException("this OnnxGraphBlock is closed (or the manager it was imported with is)");
        }
        return constantCache.computeIfAbsent(device, d -> {
            Map<String, NDArray> m = new HashMap<>();
            constants.forEach((k, v) -> m.put(k, kept(kept(v.toNDArray(constantManager)).toDevice(d, false))));
            return m;
        });
    }

    /**
     * {@code a}, no longer closed by the {@link NDScope} the forward that made it runs in: arrays the block caches
     * live until {@link #close()}.
     */
    static NDArray kept(NDArray a) {
        NDScope.unregister(a);
        return a;
    }

    /** Frees the constants this block holds on the engine (parameters belong to the manager they were initialised in). */
    @Override
    public synchronized void close() {
        compiled = null;
        specializer = null;
        compiledConstants.clear();
        trainSelectors.clear();
        constantCache.clear();
        constantManager.close();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        try (NDManager m = constantManager.newSubManager()) {
            NDList in = new NDList();
            for (int i = 0; i < inputShapes.length; i++) {
                in.add(m.zeros(inputShapes[i], i < inputTypes.size() ? inputTypes.get(i) : DataType.FLOAT32));
            }
            NDList out = CompiledGraph.internalCall(() -> forward(new ParameterStore(m, false), in, false));
            Shape[] shapes = new Shape[out.size()];
            for (int i = 0; i < shapes.length; i++) {
                shapes[i] = out.get(i).getShape();
            }
            return shapes;
        }
    }

    @Override
    public String toString() {
        return "OnnxGraphBlock(" + steps.size() + " nodes, " + parametersByOnnxName.size() + " parameters, inputs "
                + inputNames + ", outputs " + outputNames + ")";
    }

    // ---- parameter files with integrity -------------------------------------------------------------------------

    private static final int META_MAGIC = 0x4F474232; // "OGB2"
    private static final int MAX_SAVED_RANK = 64;
    /** DJL's Parameter and NDArray encoding versions (ai.djl.nn.Parameter, ai.djl.ndarray.NDSerializer of DJL 0.35). */
    private static final byte PARAMETER_ENCODING = 1;
    private static final int ARRAY_ENCODING = 3;

    /** What the metadata of the file being loaded says about one parameter. */
    private static final class Saved {
        final String name;
        final boolean initialized;
        final DataType dataType;
        final long[] shape;
        final long bytes;
        final long crc;

        Saved(String name, boolean initialized, DataType dataType, long[] shape, long bytes, long crc) {
            this.name = name;
            this.initialized = initialized;
            this.dataType = dataType;
            this.shape = shape;
            this.bytes = bytes;
            this.crc = crc;
        }
    }

    private List<Saved> loading;

    /**
     * Writes the integrity metadata ahead of the parameters DJL writes: the input shapes, the parameter count and per
     * parameter its name, data type, shape, byte length and the CRC32 of its bytes; the whole as
     * {@code length, bytes, CRC32 of the bytes}.
     */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream m = new DataOutputStream(buf);
        m.writeInt(META_MAGIC);
        if (inputShapes == null) {
            m.writeInt(-1);
        } else {
            m.writeInt(inputShapes.length);
            for (Shape s : inputShapes) {
                m.writeInt(s.dimension());
                for (long d : s.getShape()) {
                    m.writeLong(d);
                }
            }
        }
        List<Parameter> params = getDirectParameters().values();
        m.writeInt(params.size());
        for (Parameter p : params) {
            m.writeUTF(p.getName());
            m.writeBoolean(p.isInitialized());
            if (!p.isInitialized()) {
                continue;
            }
            NDArray a = p.getArray();
            m.writeUTF(a.getDataType().name());
            long[] shape = a.getShape().getShape();
            m.writeInt(shape.length);
            for (long d : shape) {
                m.writeLong(d);
            }
            ByteBuffer b = a.toByteBuffer();
            m.writeLong(b.remaining());
            m.writeLong(crc(b));
        }
        m.flush();
        byte[] meta = buf.toByteArray();
        os.writeInt(meta.length);
        os.write(meta);
        os.writeLong(crc(ByteBuffer.wrap(meta)));
    }

    /**
     * Reads and checks the metadata {@link #saveMetadata} wrote: the version, the metadata's own CRC32 (before
     * anything in it is trusted), the parameter count, names and shapes against this block's; the rest is checked
     * as the parameters load. Any mismatch or truncation is a {@link MalformedModelException}.
     */
    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        loading = null;
        if (loadVersion != VERSION) {
            throw new MalformedModelException("OnnxGraphBlock parameter file has version " + loadVersion + ", expected " + VERSION
                    + (loadVersion == 1 ? " (version 1 files carry no checksums: save the parameters again)" : ""));
        }
        List<Parameter> params = getDirectParameters().values();
        long limit = 4096L + (inputNames.size() + (inputShapes == null ? 0 : inputShapes.length)) * (4L + 8L * MAX_SAVED_RANK);
        for (Parameter p : params) {
            limit += 3L * p.getName().length() + 64 + 8L * MAX_SAVED_RANK;
        }
        byte[] meta;
        long crc;
        try {
            int len = is.readInt();
            if (len < 8 || len > limit) {
                throw new MalformedModelException("OnnxGraphBlock parameter file: metadata length " + len + " is outside [8, " + limit
                        + "] for a block with " + params.size() + " parameters (corrupt file)");
            }
            meta = new byte[len];
            is.readFully(meta);
            crc = is.readLong();
        } catch (EOFException e) {
            throw new MalformedModelException("OnnxGraphBlock parameter file ends inside its metadata (truncated)", e);
        }
        if (crc != crc(ByteBuffer.wrap(meta))) {
            throw new MalformedModelException("OnnxGraphBlock parameter file: metadata checksum mismatch (corrupt file)");
        }
        List<Saved> saved = new ArrayList<>();
        Shape[] shapes;
        try (DataInputStream m = new DataInputStream(new ByteArrayInputStream(meta))) {
            if (m.readInt() != META_MAGIC) {
                throw new MalformedModelException("OnnxGraphBlock parameter file: metadata has the wrong magic number");
            }
            int ni = m.readInt();
            if (ni < -1 || ni > inputNames.size()) {
                throw new MalformedModelException("OnnxGraphBlock parameter file: " + ni + " input shapes for a block with "
                        + inputNames.size() + " inputs");
            }
            shapes = ni < 0 ? null : new Shape[ni];
            for (int i = 0; i < ni; i++) {
                shapes[i] = new Shape(readDims(m, "input " + i));
            }
            int np = m.readInt();
            if (np != params.size()) {
                throw new MalformedModelException("OnnxGraphBlock parameter file holds " + np + " parameters, the block has "
                        + params.size());
            }
            for (Parameter p : params) {
                String name = m.readUTF();
                if (!name.equals(p.getName())) {
                    throw new MalformedModelException("OnnxGraphBlock parameter file: parameter '" + name + "' where the block has '"
                            + p.getName() + "'");
                }
                if (!m.readBoolean()) {
                    saved.add(new Saved(name, false, null, null, 0, 0));
                    continue;
                }
                String dt = m.readUTF();
                DataType type = null;
                for (DataType t : DataType.values()) {
                    type = t.name().equals(dt) ? t : type;
                }
                if (type == null || type.getNumOfBytes() <= 0) {
                    throw new MalformedModelException("parameter '" + name + "': saved data type '" + dt + "' is not an array type");
                }
                long[] shape = readDims(m, "parameter '" + name + "'");
                if (p.getShape() != null && !Arrays.equals(shape, p.getShape().getShape())) {
                    throw new MalformedModelException("parameter '" + name + "': saved shape " + Arrays.toString(shape)
                            + ", the block's is " + p.getShape());
                }
                if (p.isInitialized() && p.getArray().getDataType() != type) {
                    throw new MalformedModelException("parameter '" + name + "': saved data type " + type + ", the block's is "
                            + p.getArray().getDataType());
                }
                long bytes = m.readLong();
                long n = 1;
                for (long d : shape) {
                    n = d == 0 || n == 0 ? 0 : n > Integer.MAX_VALUE / d ? Integer.MAX_VALUE : n * d;
                }
                if (n > (Integer.MAX_VALUE - 8) / type.getNumOfBytes() || bytes != n * type.getNumOfBytes()) {
                    throw new MalformedModelException("parameter '" + name + "': saved byte length " + bytes + " does not fit shape "
                            + Arrays.toString(shape) + " of " + type);
                }
                saved.add(new Saved(name, true, type, shape, bytes, m.readLong()));
            }
            if (m.available() != 0) {
                throw new MalformedModelException("OnnxGraphBlock parameter file: " + m.available() + " stray bytes after the metadata");
            }
        } catch (EOFException | UTFDataFormatException e) {
            throw new MalformedModelException("OnnxGraphBlock parameter file: metadata is inconsistent (" + e + ")", e);
        }
        if (inputShapes == null) {
            inputShapes = shapes;
        }
        loading = saved;
    }

    private static long[] readDims(DataInputStream m, String what) throws IOException, MalformedModelException {
        int rank = m.readInt();
        if (rank < 0 || rank > MAX_SAVED_RANK) {
            throw new MalformedModelException("OnnxGraphBlock parameter file: " + what + " has rank " + rank);
        }
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = m.readLong();
            if (dims[i] < -1) {
                throw new MalformedModelException("OnnxGraphBlock parameter file: " + what + " has dimension " + dims[i]);
            }
        }
        return dims;
    }

    /**
     * Loads parameters saved by {@link #saveParameters}: the metadata is checked first ({@link #loadMetadata}), then each
     * parameter record is read and checked against it (name, type, shape, byte length, CRC32) before DJL allocates
     * anything, and the loaded arrays' bytes are checked again. A corrupt or truncated file raises
     * {@link MalformedModelException} naming the parameter; no parameter is changed unless every record is sound.
     */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        byte loadVersion;
        try {
            loadVersion = is.readByte();
        } catch (EOFException e) {
            throw new MalformedModelException("OnnxGraphBlock parameter file is empty", e);
        }
        loadMetadata(loadVersion, is);
        List<Saved> saved = loading;
        loading = null;
        List<Parameter> params = getDirectParameters().values();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            records.add(readRecord(saved.get(i), is));
        }
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            Saved s = saved.get(i);
            try {
                p.load(manager, new DataInputStream(new ByteArrayInputStream(records.get(i))));
            } catch (RuntimeException e) {
                throw new MalformedModelException("parameter '" + s.name + "': cannot be loaded: " + e, e);
            }
            if (s.initialized && (!p.isInitialized() || crc(p.getArray().toByteBuffer()) != s.crc)) {
                throw new MalformedModelException("parameter '" + s.name + "': loaded values do not match the file's checksum");
            }
        }
        for (ai.djl.nn.Block child : getChildren().values()) {
            child.loadParameters(manager, is);
        }
    }

    /**
     * One parameter record as DJL 0.35 writes it ({@code 'P'}, version, name, then the NDArray: "NDAR", version 3, an
     * optional array name, sparse format, data type, shape, byte order, byte length, bytes), checked against the
     * metadata, re-encoded for DJL's loader.
     */
    private static byte[] readRecord(Saved s, DataInputStream is) throws IOException, MalformedModelException {
        String what = "parameter '" + s.name + "'";
        try {
            char magic = is.readChar();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buf);
            if (!s.initialized) {
                if (magic != 'N') {
                    throw new MalformedModelException(what + ": record marker '" + magic + "', expected 'N' (no value saved)");
                }
                out.writeChar('N');
                return buf.toByteArray();
            }
            if (magic != 'P') {
                throw new MalformedModelException(what + ": record marker '" + magic + "', expected 'P'");
            }
            byte pv = is.readByte();
            String name = is.readUTF();
            String ndar = is.readUTF();
            int av = is.readInt();
            byte hasName = is.readByte();
            String arrayName = hasName == 1 ? is.readUTF() : null;
            String sparse = is.readUTF();
            String dt = is.readUTF();
            if (pv != PARAMETER_ENCODING || !name.equals(s.name) || !ndar.equals("NDAR") || av != ARRAY_ENCODING
                    || hasName != 0 && hasName != 1 || !sparse.equals("DENSE") || !dt.equals(s.dataType.name())) {
                throw new MalformedModelException(what + ": record header (version " + pv + ", name '" + name + "', " + ndar + " " + av
                        + ", " + sparse + ", " + dt + ") does not match the metadata");
            }
            int rank = is.readInt();
            if (rank != s.shape.length) {
                throw new MalformedModelException(what + ": record has rank " + rank + ", the metadata " + s.shape.length);
            }
            long[] dims = new long[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = is.readLong();
            }
            if (!Arrays.equals(dims, s.shape)) {
                throw new MalformedModelException(what + ": record has shape " + Arrays.toString(dims) + ", the metadata "
                        + Arrays.toString(s.shape));
            }
            int layout = is.readInt();
            if (layout != rank && layout != 0) {
                throw new MalformedModelException(what + ": record has " + layout + " layout entries for rank " + rank);
            }
            char[] chars = new char[layout];
            for (int i = 0; i < layout; i++) {
                chars[i] = is.readChar();
                try {
                    LayoutType.fromValue(chars[i]);
                } catch (IllegalArgumentException e) {
                    throw new MalformedModelException(what + ": record has an unknown layout '" + chars[i] + "'", e);
                }
            }
            byte order = is.readByte();
            byte nativeOrder = (byte) (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN ? '>' : '<');
            if (order != nativeOrder) {
                throw new MalformedModelException(what + ": record has byte order '" + (char) order + "', expected '" + (char) nativeOrder + "'");
            }
            int length = is.readInt();
            if (length != s.bytes) {
                throw new MalformedModelException(what + ": record holds " + length + " bytes, the metadata " + s.bytes);
            }
            byte[] data = new byte[length];
            is.readFully(data);
            if (crc(ByteBuffer.wrap(data)) != s.crc) {
                throw new MalformedModelException(what + ": checksum mismatch (corrupt file)");
            }
            out.writeChar('P');
            out.writeByte(pv);
            out.writeUTF(name);
            out.writeUTF(ndar);
            out.writeInt(av);
            out.writeByte(hasName);
            if (arrayName != null) {
                out.writeUTF(arrayName);
            }
            out.writeUTF(sparse);
            out.writeUTF(dt);
            out.writeInt(rank);
            for (long d : dims) {
                out.writeLong(d);
            }
            out.writeInt(layout);
            for (char c : chars) {
                out.writeChar(c);
            }
            out.writeByte(order);
            out.writeInt(length);
            out.write(data);
            out.flush();
            return buf.toByteArray();
        } catch (EOFException e) {
            throw new MalformedModelException(what + ": the file ends inside its record (truncated)", e);
        } catch (UTFDataFormatException e) {
            throw new MalformedModelException(what + ": record holds a malformed string (corrupt file)", e);
        }
    }

    private static long crc(ByteBuffer b) {
        CRC32 c = new CRC32();
        c.update(b.duplicate());
        return c.getValue();
    }

    /** Initialises a parameter to an initializer's value. */
    private static final class ValueInitializer implements Initializer {
        private final TensorValue value;

        ValueInitializer(TensorValue value) {
            this.value = value;
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            if (!Arrays.equals(shape.getShape(), value.shape())) {
                throw new IllegalArgumentException("initializer '" + value.name() + "' has shape "
                        + Arrays.toString(value.shape()) + ", parameter asks for " + shape);
            }
            NDArray a = value.toNDArray(manager);
            return a.getDataType() == dataType ? a : a.toType(dataType, false);
        }
    }
}
