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

    private OnnxModel(List<OnnxNode> nodes, Map<String, TensorValue> initializers, List<String> inputs,
            List<String> outputs, Map<String, Long> opsets, String source, Map<String, long[]> inputShapes,
            Map<String, DataType> inputTypes) {
        this.inputShapes = inputShapes;
        this.inputTypes = inputTypes;
        this.nodes = nodes;
        this.initializers = initializers;
        this.inputs = inputs;
        this.outputs = outputs;
        this.opsets = opsets;
        this.source = source;
    }

    /** Reads {@code file}; external data files are resolved inside its directory only. */
    public static OnnxModel read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OnnxImportException("cannot read ONNX file " + file + ": " + e, e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(bytes, dir, file.toString());
    }

    /** Reads a model from a stream; a model with external data must be read with {@link #read(Path)}. */
    public static OnnxModel read(InputStream in, String sourceName) {
        try {
            return parse(in.readAllBytes(), null, sourceName);
        } catch (IOException e) {
            throw new OnnxImportException("cannot read ONNX stream " + sourceName + ": " + e, e);
        }
    }

    private static OnnxModel parse(byte[] bytes, Path dir, String source) {
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
        OnnxMl.GraphProto g = m.getGraph();
        Map<String, TensorValue> inits = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            inits.put(t.getName(), TensorProtos.decode(t, dir));
        }
        if (g.getSparseInitializerCount() > 0) {
            throw new OnnxImportException("file " + source + ": sparse initializers are not supported");
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
        List<OnnxNode> nodes = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            nodes.add(OnnxNode.of(g.getNode(i), i, dir));
        }
        return new OnnxModel(Collections.unmodifiableList(nodes), Collections.unmodifiableMap(inits),
                Collections.unmodifiableList(inputs), Collections.unmodifiableList(outputs), opsets, source, shapes, types);
    }

    public List<OnnxNode> nodes() {
        return nodes;
    }

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

    public List<String> outputs() {
        return outputs;
    }

    /** The opset version imported for {@code domain} ("" is ai.onnx), or -1. */
    public long opset(String domain) {
        return opsets.getOrDefault(domain, -1L);
    }

    public String source() {
        return source;
    }
}
