package io.github.torchact.onnx.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl;

import com.google.protobuf.ByteString;

import io.github.torchact.onnx.TensorEncoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph being written: {@link BlockExporter}s add nodes, parameters and constants through it. Values are named
 * after the block path that made them, as torch's exporter names them ({@code /01Linear/Gemm_output_0}); every
 * value carries its element type and, at block boundaries, its shape.
 */
public final class ExportContext {

    private final ExportOptions options;
    private final NDManager manager;
    private final List<BlockExporter> exporters;
    private final Map<Parameter, String> parameterNames;
    private final Set<String> initializers = new HashSet<>();
    private final Map<String, Shape> parameterShapes = new HashMap<>();
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, DataType> types = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, Long> extraOpsets = new java.util.LinkedHashMap<>();
    private String path = "";

    ExportContext(ExportOptions options, NDManager manager, List<BlockExporter> exporters, Map<Parameter, String> parameterNames) {
        this.options = options;
        this.manager = manager;
        this.exporters = exporters;
        this.parameterNames = new IdentityHashMap<>(parameterNames);
    }

    /** The ai.onnx opset being written. */
    public int opset() {
        return options.opset();
    }

    /** A manager for temporary arrays (probes of lambdas); closed after the export. */
    public NDManager manager() {
        return manager;
    }

    /** The path of the block being written ({@code 02SequentialBlock/01Linear}); empty at the root. */
    public String path() {
        return path;
    }

    /** The shape of value {@code name}, known for graph inputs and block outputs (null elsewhere). */
    public Shape shape(String name) {
        return shapes.get(name);
    }

    /** The element type of value {@code name}. */
    public DataType type(String name) {
        DataType t = types.get(name);
        if (t == null) {
            throw new IllegalStateException("value '" + name + "' has no known element type");
        }
        return t;
    }

    void declare(String name, DataType type, Shape shape) {
        types.put(name, type);
        if (shape != null) {
            shapes.put(name, shape);
        }
    }

    /**
     * Writes {@code block}, a child named {@code childName} of the block being written, from {@code inputs}: the
     * first exporter that supports it adds its nodes; the outputs get the shapes {@code block.getOutputShapes} gives.
     *
     * @throws OnnxExportException naming the block and its path if no exporter supports it
     */
    public List<String> export(String childName, Block block, List<String> inputs) {
        String parent = path;
        path = childName == null || childName.isEmpty() ? parent : parent.isEmpty() ? childName : parent + "/" + childName;
        try {
            for (BlockExporter e : exporters) {
                if (e.supports(block)) {
                    List<String> outputs = e.export(block, inputs, this);
                    recordShapes(block, inputs, outputs);
                    return outputs;
                }
            }
            throw new OnnxExportException("cannot export block '" + (path.isEmpty() ? "<root>" : path) + "' " + describe(block)
                    + ": no exporter supports " + block.getClass().getName() + " (register one with ExportOptions.addExporter"
                    + " or as a ServiceLoader BlockExporter)");
        } finally {
            path = parent;
        }
    }

    static String describe(Block block) {
        String s;
        try {
            s = block.toString();
        } catch (RuntimeException e) {
            s = block.getClass().getSimpleName();
        }
        return "(" + (s.length() > 120 ? s.substring(0, 120) + "..." : s) + ")";
    }

    private void recordShapes(Block block, List<String> inputs, List<String> outputs) {
        Shape[] in = new Shape[inputs.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = shapes.get(inputs.get(i));
            if (in[i] == null) {
                return;
            }
        }
        Shape[] out;
        try {
            out = block.getOutputShapes(in);
        } catch (RuntimeException e) {
            return; // a block that cannot say: the shapes stay unknown, downstream exporters needing them say so
        }
        for (int i = 0; i < outputs.size() && i < out.length; i++) {
            shapes.put(outputs.get(i), out[i]);
        }
    }

    /** A fresh value name for an output of op {@code op} in the current block. */
    private String fresh(String op) {
        String prefix = "/" + path + (path.isEmpty() ? "" : "/") + op;
        int n = counters.merge(prefix, 1, Integer::sum) - 1;
        return prefix + (n == 0 ? "" : "_" + n);
    }

    /** Adds node {@code op} with one output (element type: that of the first typed input) and returns its name. */
    public String node(String op, List<String> inputs, OnnxMl.AttributeProto... attributes) {
        return nodeOutputs(op, inputs, 1, attributes).get(0);
    }

    /** Adds node {@code op} with {@code outputs} outputs (typed as its first typed input) and returns their names. */
    public List<String> nodeOutputs(String op, List<String> inputs, int outputs, OnnxMl.AttributeProto... attributes) {
        String base = fresh(op);
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(base).addAllInput(inputs);
        DataType t = null;
        for (String in : inputs) {
            if (t == null && types.containsKey(in)) {
                t = types.get(in);
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            String o = base + "_output_" + i;
            n.addOutput(o);
            names.add(o);
            if (t != null) {
                types.put(o, t);
            }
        }
        for (OnnxMl.AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return names;
    }

    /** Overrides the element type recorded for {@code name} (ops whose output type differs from their first input). */
    public void setType(String name, DataType type) {
        types.put(name, type);
    }

    /**
     * The initializer holding {@code parameter}'s current value, named by its DJL block path (the names
     * {@code block.getParameters()} gives, as in DJL's parameter files); written once however often it is used.
     */
    public String parameter(Parameter parameter) {
        return parameter(parameter, null);
    }

    /**
     * As {@link #parameter(Parameter)}, the value reshaped to {@code shape} (PReLU slopes broadcast over channels),
     * under the same name (a second shape of the same parameter gets its own initializer, the shape in its name).
     */
    public String parameter(Parameter parameter, Shape shape) {
        String name = parameterNames.get(parameter);
        if (name == null) {
            throw new OnnxExportException("block '" + path + "': parameter '" + parameter.getName()
                    + "' is not among the exported block's parameters");
        }
        if (!parameter.isInitialized()) {
            throw new OnnxExportException("block '" + path + "': parameter '" + name + "' has no value; initialise the block first");
        }
        NDArray a = parameter.getArray();
        Shape written = shape == null ? a.getShape() : shape;
        Shape before = parameterShapes.putIfAbsent(name, written);
        if (before != null && !before.equals(written)) {
            // the same parameter needed in a second shape: a second initializer, its name saying the shape
            name = name + "_" + written.toString().replaceAll("[^0-9]+", "x").replaceAll("^x|x$", "");
        }
        if (initializers.add(name)) {
            OnnxMl.TensorProto t = TensorEncoder.encode(name, a.getDataType(),
                    shape == null ? a.getShape().getShape() : shape.getShape(), a.toByteBuffer());
            graph.addInitializer(t);
            types.put(name, a.getDataType());
        }
        return name;
    }

    /** A scalar constant (a {@code Constant} node) of {@code like}'s element type. */
    public String constant(String like, double value) {
        return constant(type(like), new long[0], value);
    }

    /** A constant (a {@code Constant} node) of {@code type}, {@code shape} and {@code values} (converted to the type). */
    public String constant(DataType type, long[] shape, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * type.getNumOfBytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (type) {
                case FLOAT32:
                    b.putFloat((float) v);
                    break;
                case FLOAT64:
                    b.putDouble(v);
                    break;
                case INT64:
                    b.putLong((long) v);
                    break;
                case INT32:
                    b.putInt((int) v);
                    break;
                default:
                    throw new IllegalArgumentException("constant of " + type);
            }
        }
        b.flip();
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setDataType(TensorEncoder.onnxType(type))
                .setRawData(ByteString.copyFrom(b));
        for (long d : shape) {
            t.addDims(d);
        }
        String out = node("Constant", List.of(), Attrs.tensor("value", t.build()));
        types.put(out, type);
        return out;
    }

    /** A 1-D int64 constant (axes, shapes, split sizes). */
    public String longs(long... values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return constant(DataType.INT64, new long[] {values.length}, d);
    }

    /** Adds a node as it is (an imported graph's), its outputs typed {@code type} where known. */
    void addNode(OnnxMl.NodeProto node) {
        graph.addNode(node);
    }

    /** Adds an initializer under its own name; false if one of that name exists. */
    boolean addInitializer(OnnxMl.TensorProto t, DataType type) {
        if (!initializers.add(t.getName())) {
            return false;
        }
        graph.addInitializer(t);
        types.put(t.getName(), type);
        return true;
    }

    /** Imports opset {@code version} of a domain other than ai.onnx (an imported graph's). */
    void addOpset(String domain, long version) {
        Long had = extraOpsets.putIfAbsent(domain, version);
        if (had != null && had != version) {
            throw new OnnxExportException("domain '" + domain + "' is used at opset " + had + " and " + version);
        }
    }

    Map<String, Long> extraOpsets() {
        return extraOpsets;
    }

    OnnxMl.GraphProto.Builder graph() {
        return graph;
    }
}
