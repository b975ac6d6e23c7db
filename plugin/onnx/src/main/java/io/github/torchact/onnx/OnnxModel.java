package io.github.torchact.onnx;

import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl;

import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed ONNX model: nodes in file order, initializers decoded (external data included), graph inputs
 * that are not initializers, outputs, and the opset per domain.
 */
public final class OnnxModel {

    private final List<OnnxNode> nodes;
    private final Map<String, TensorValue> initializers;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, Long> opsets;
    private final String source;
    private final Map<String, long[]> inputShapes;
    private final Map<String, DataType> inputTypes;
    private final Map<String, Integer> definedElemTypes;
    private final Map<String, Integer> declaredElemTypes;
    private OnnxMl.ModelProto proto;

    private OnnxModel(List<OnnxNode> nodes, Map<String, TensorValue> initializers, List<String> inputs,
            List<String> outputs, Map<String, Long> opsets, String source, Map<String, long[]> inputShapes,
            Map<String, DataType> inputTypes, Map<String, Integer> definedElemTypes, Map<String, Integer> declaredElemTypes) {
        this.definedElemTypes = definedElemTypes;
        this.declaredElemTypes = declaredElemTypes;
        this.inputShapes = inputShapes;
        this.inputTypes = inputTypes;
        this.nodes = nodes;
        this.initializers = initializers;
        this.inputs = inputs;
        this.outputs = outputs;
        this.opsets = opsets;
        this.source = source;
    }

    /** Reads {@code file} with the default limits; external data files are resolved inside its directory only. */
    public static OnnxModel read(Path file) {
        return read(file, ImportOptions.defaults());
    }

    /**
     * Reads {@code file} within the limits of {@code options} (tensor sizes, total initializer bytes, nodes);
     * external data files are resolved inside its directory only. The protobuf is validated
     * ({@link GraphValidator}) before any tensor is decoded. Any problem is an {@link OnnxImportException} naming
     * the file.
     */
    public static OnnxModel read(Path file, ImportOptions options) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new OnnxImportException("cannot read ONNX file " + file + ": " + (Files.exists(file) ? "not a regular file" : "not found"));
            }
            long size = Files.size(file);
            if (size > TensorProtos.MAX_TENSOR_BYTES) {
                throw new OnnxImportException("ONNX file " + file + " has " + size + " bytes; a protobuf holds at most 2 GiB"
                        + " (store large initializers as external data)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            if (e instanceof OnnxImportException) {
                throw (OnnxImportException) e;
            }
            throw new OnnxImportException("cannot read ONNX file " + file + ": " + e, e);
        } catch (OutOfMemoryError e) {
            throw new OnnxImportException("cannot read ONNX file " + file + ": the Java heap cannot hold it (-Xmx)", e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(bytes, dir, file.toString(), options);
    }

    /** Reads a model from a stream with the default limits; a model with external data must be read from a path. */
    public static OnnxModel read(InputStream in, String sourceName) {
        return read(in, sourceName, ImportOptions.defaults());
    }

    /** Reads a model from a stream within the limits of {@code options}; a model with external data must be read from a path. */
    public static OnnxModel read(InputStream in, String sourceName, ImportOptions options) {
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) TensorProtos.MAX_TENSOR_BYTES);
            if (in.read() >= 0) {
                throw new OnnxImportException("ONNX stream " + sourceName + " holds more than 2 GiB, more than a protobuf holds");
            }
        } catch (IOException e) {
            throw new OnnxImportException("cannot read ONNX stream " + sourceName + ": " + e, e);
        } catch (OutOfMemoryError e) {
            throw new OnnxImportException("cannot read ONNX stream " + sourceName + ": the Java heap cannot hold it (-Xmx)", e);
        }
        return parse(bytes, null, sourceName, options);
    }

    /** {@link #parseChecked}, with any exception other than ours (a bug on malformed input) made ours, keeping the cause. */
    private static OnnxModel parse(byte[] bytes, Path dir, String source, ImportOptions options) {
        try {
            return parseChecked(bytes, dir, source, options);
        } catch (OnnxImportException e) {
            if (e.getMessage() != null && e.getMessage().contains(source)) {
                throw e;
            }
            throw new OnnxImportException("file " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new OnnxImportException("file " + source + ": cannot read the model: " + e, e);
        } catch (OutOfMemoryError e) {
            throw new OnnxImportException("file " + source + ": the Java heap cannot hold the model's tensors (-Xmx)", e);
        }
    }

    private static OnnxModel parseChecked(byte[] bytes, Path dir, String source, ImportOptions options) {
        OnnxMl.ModelProto m;
        try {
            m = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException("file " + source + " is not a valid ONNX model (truncated or corrupt protobuf, "
                    + bytes.length + " bytes): " + e.getMessage(), e);
        }
        if (!m.hasGraph() || m.getGraph().getNodeCount() == 0 && m.getGraph().getOutputCount() == 0) {
            throw new OnnxImportException("file " + source + " holds no ONNX graph (" + bytes.length + " bytes)");
        }
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OnnxMl.OperatorSetIdProto o : m.getOpsetImportList()) {
            opsets.put(o.getDomain().equals("ai.onnx") ? "" : o.getDomain(), o.getVersion());
        }
        if (!opsets.containsKey("")) {
            throw new OnnxImportException("file " + source + ": no opset_import for the default ONNX domain");
        }
        GraphValidator.checkProto(m, source, dir, options);
        OnnxMl.GraphProto g = m.getGraph();
        Map<String, TensorValue> inits = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            inits.put(t.getName(), TensorProtos.decode(t, dir, options));
        }
        List<String> inputs = new ArrayList<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, DataType> types = new LinkedHashMap<>();
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            if (!inits.containsKey(v.getName())) {
                inputs.add(v.getName());
                if (v.getType().hasTensorType() && v.getType().getTensorType().getElemType() != 0) {
                    types.put(v.getName(), TensorProtos.dataType(v.getType().getTensorType().getElemType(), v.getName()));
                }
                if (v.getType().hasTensorType() && v.getType().getTensorType().hasShape()) {
                    OnnxMl.TensorShapeProto sp = v.getType().getTensorType().getShape();
                    long[] dims = new long[sp.getDimCount()];
                    for (int i = 0; i < dims.length; i++) {
                        dims[i] = sp.getDim(i).hasDimValue() ? sp.getDim(i).getDimValue() : -1;
                    }
                    shapes.put(v.getName(), dims);
                }
            }
        }
        List<String> outputs = new ArrayList<>();
        g.getOutputList().forEach(v -> outputs.add(v.getName()));
        // element types (ONNX numbers): what graph inputs and initializers hold, what value_info and outputs declare
        Map<String, Integer> defined = new LinkedHashMap<>();
        g.getInitializerList().forEach(t -> defined.put(t.getName(), t.getDataType()));
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            if (!defined.containsKey(v.getName()) && elemType(v) != 0) {
                defined.put(v.getName(), elemType(v));
            }
        }
        Map<String, Integer> declared = new LinkedHashMap<>();
        for (OnnxMl.ValueInfoProto v : g.getValueInfoList()) {
            if (elemType(v) != 0) {
                declared.put(v.getName(), elemType(v));
            }
        }
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            if (elemType(v) != 0) {
                declared.put(v.getName(), elemType(v));
            }
        }
        List<OnnxNode> nodes = new ArrayList<>();
        for (int i : topologicalOrder(g, inits.keySet())) {
            nodes.add(OnnxNode.of(g.getNode(i), i, dir));
        }
        OnnxModel model = new OnnxModel(Collections.unmodifiableList(nodes), Collections.unmodifiableMap(inits),
                Collections.unmodifiableList(inputs), Collections.unmodifiableList(outputs), opsets, source, shapes, types,
                Collections.unmodifiableMap(defined), Collections.unmodifiableMap(declared));
        model.proto = m;
        return model;
    }

    private static int elemType(OnnxMl.ValueInfoProto v) {
        return v.hasType() && v.getType().hasTensorType() ? v.getType().getTensorType().getElemType() : 0;
    }

    /**
     * The node indices of {@code g} in a topological order: ONNX requires the file's order to be one, but (as ONNX
     * Runtime does) a graph whose nodes are merely out of order is sorted, stably (a node as early as its inputs allow,
     * ties in file order). Nodes on a cycle or reading an undefined value keep their relative order at the end, where
     * {@link GraphValidator#validate} names them.
     */
    private static List<Integer> topologicalOrder(OnnxMl.GraphProto g, java.util.Set<String> initializers) {
        int n = g.getNodeCount();
        java.util.Set<String> available = new java.util.HashSet<>(initializers);
        g.getInputList().forEach(v -> available.add(v.getName()));
        java.util.Map<String, Integer> producer = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            for (String o : g.getNode(i).getOutputList()) {
                if (!o.isEmpty()) {
                    producer.putIfAbsent(o, i);
                }
            }
        }
        int[] missing = new int[n];
        java.util.Map<Integer, List<Integer>> waiting = new java.util.HashMap<>();
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            java.util.Set<Integer> deps = new java.util.HashSet<>();
            for (String in : g.getNode(i).getInputList()) {
                Integer p = producer.get(in);
                if (!in.isEmpty() && !available.contains(in) && p != null && p != i) {
                    deps.add(p);
                    sorted &= p < i;
                }
            }
            missing[i] = deps.size();
            int node = i;
            deps.forEach(d -> waiting.computeIfAbsent(d, k -> new ArrayList<>()).add(node));
            if (deps.isEmpty()) {
                ready.add(i);
            }
        }
        List<Integer> order = new ArrayList<>(n);
        if (sorted) {
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            return order;
        }
        boolean[] placed = new boolean[n];
        while (!ready.isEmpty()) {
            int i = ready.poll();
            placed[i] = true;
            order.add(i);
            for (int w : waiting.getOrDefault(i, List.of())) {
                if (--missing[w] == 0) {
                    ready.add(w);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!placed[i]) {
                order.add(i);
            }
        }
        return order;
    }

    /** The nodes, in file order. */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    /** The initializers by name. */
    public Map<String, TensorValue> initializers() {
        return initializers;
    }

    /** Graph inputs that are not initializers, in order: the block's inputs. */
    public List<String> inputs() {
        return inputs;
    }

    /** The declared shape of graph input {@code name} (-1 for a symbolic dimension), or null if undeclared. */
    public long[] inputShape(String name) {
        long[] s = inputShapes.get(name);
        return s == null ? null : s.clone();
    }

    /** The declared element type of graph input {@code name}, float32 if undeclared. */
    public DataType inputType(String name) {
        return inputTypes.getOrDefault(name, DataType.FLOAT32);
    }

    /** The graph output names. */
    public List<String> outputs() {
        return outputs;
    }

    /** The ONNX element type numbers of the graph inputs and initializers (what they hold). */
    public Map<String, Integer> definedElemTypes() {
        return definedElemTypes;
    }

    /**
     * The ONNX element type numbers that the graph's value_info and graph outputs declare for values (what a node must
     * compute there); types 0 (undeclared) and non-tensor values are left out.
     */
    public Map<String, Integer> declaredElemTypes() {
        return declaredElemTypes;
    }

    /** The opset version imported for {@code domain} ("" is ai.onnx), or -1. */
    public long opset(String domain) {
        return opsets.getOrDefault(domain, -1L);
    }

    /** The protobuf this model was parsed from (what {@link OnnxGraphBlock#toModelProto} writes back). */
    OnnxMl.ModelProto proto() {
        return proto;
    }

    /** The file or stream name, for messages. */
    public String source() {
        return source;
    }
}
