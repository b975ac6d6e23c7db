package io.github.torchact.onnx;

import ai.onnx.proto.OnnxMl;

import io.github.torchact.spec.Params;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One graph node: operator (domain, type), input and output value names, attributes. A node made by
 * pattern fusion has domain {@link #TORCHACT_DOMAIN}, the catalog activation as its type, its
 * {@link Params}, and the names of the ONNX nodes it replaced.
 */
public final class OnnxNode {

    /** Domain of nodes produced by fusion: one catalog activation each. */
    public static final String TORCHACT_DOMAIN = "io.github.torchact";

    private final String name;
    private final String domain;
    private final String opType;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, OnnxMl.AttributeProto> attributes;
    private final Params fusedParams;
    private final List<String> replaced;
    private final Path modelDir;

    private OnnxNode(String name, String domain, String opType, List<String> inputs, List<String> outputs,
            Map<String, OnnxMl.AttributeProto> attributes, Params fusedParams, List<String> replaced, Path modelDir) {
        this.name = name;
        this.domain = domain;
        this.opType = opType;
        this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
        this.outputs = Collections.unmodifiableList(new ArrayList<>(outputs));
        this.attributes = attributes;
        this.fusedParams = fusedParams;
        this.replaced = replaced;
        this.modelDir = modelDir;
    }

    static OnnxNode of(OnnxMl.NodeProto n, int index, Path modelDir) {
        Map<String, OnnxMl.AttributeProto> attrs = new LinkedHashMap<>();
        for (OnnxMl.AttributeProto a : n.getAttributeList()) {
            attrs.put(a.getName(), a);
        }
        String name = n.getName().isEmpty() ? n.getOpType() + "_" + index : n.getName();
        String domain = n.getDomain().equals("ai.onnx") ? "" : n.getDomain();
        return new OnnxNode(name, domain, n.getOpType(), n.getInputList(), n.getOutputList(), attrs, null, List.of(), modelDir);
    }

    /** A node standing for the catalog activation {@code params}, replacing {@code replaced}. */
    static OnnxNode fused(Params params, List<String> inputs, String output, List<OnnxNode> replaced) {
        List<String> names = new ArrayList<>();
        replaced.forEach(r -> names.add(r.name()));
        return new OnnxNode("fused:" + params.spec().name() + "@" + output, TORCHACT_DOMAIN, params.spec().name(),
                inputs, List.of(output), Map.of(), params, Collections.unmodifiableList(names), null);
    }

    /**
     * A fused node that is not a catalog activation ({@link FunnelPattern}'s): type {@code opType} in {@link
     * #TORCHACT_DOMAIN}, {@code attributes} for its converter, replacing {@code replaced}.
     */
    static OnnxNode fusedOp(String opType, List<String> inputs, String output, Map<String, OnnxMl.AttributeProto> attributes,
            List<OnnxNode> replaced) {
        List<String> names = new ArrayList<>();
        replaced.forEach(r -> names.add(r.name()));
        return new OnnxNode("fused:" + opType + "@" + output, TORCHACT_DOMAIN, opType, inputs, List.of(output), attributes,
                null, Collections.unmodifiableList(names), null);
    }

    /** This node (same name, operator and attributes) reading {@code newInputs} and writing {@code newOutputs}. */
    OnnxNode withValues(List<String> newInputs, List<String> newOutputs) {
        return new OnnxNode(name, domain, opType, newInputs, newOutputs, attributes, fusedParams, replaced, modelDir);
    }

    /** The node name. */
    public String name() {
        return name;
    }

    /** The op's domain ({@code ""} for ai.onnx). */
    public String domain() {
        return domain;
    }

    /** The op type. */
    public String opType() {
        return opType;
    }

    /** The input value names (empty for an omitted optional input). */
    public List<String> inputs() {
        return inputs;
    }

    /** Input {@code i}, or "" when absent (ONNX marks an omitted optional input by an empty name). */
    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    /** The output value names. */
    public List<String> outputs() {
        return outputs;
    }

    /** The name of output {@code i}. */
    public String output(int i) {
        return outputs.get(i);
    }

    /** The catalog activation of a fused node, or null. */
    public Params fusedParams() {
        return fusedParams;
    }

    /** The op types a fused node replaced. */
    public List<String> replaced() {
        return replaced;
    }

    /** {@code node 'name' (op)} for messages. */
    public String describe() {
        return "node '" + name + "' (" + (domain.isEmpty() ? "" : domain + ":") + opType + ")";
    }

    /** Whether the node has attribute {@code attr}. */
    public boolean has(String attr) {
        return attributes.containsKey(attr);
    }

    /** The attributes' names. */
    public java.util.Set<String> attributeNames() {
        return attributes.keySet();
    }

    private OnnxMl.AttributeProto attr(String a, OnnxMl.AttributeProto.AttributeType type) {
        OnnxMl.AttributeProto p = attributes.get(a);
        if (p != null && p.getType() != type) {
            throw OnnxImportException.atNode(this, "attribute '" + a + "' must be " + type + ", is " + p.getType());
        }
        return p;
    }

    /** Float attribute {@code a}, or {@code dflt}. */
    public float getFloat(String a, float dflt) {
        OnnxMl.AttributeProto p = attr(a, OnnxMl.AttributeProto.AttributeType.FLOAT);
        return p == null ? dflt : p.getF();
    }

    /** Int attribute {@code a}, or {@code dflt}. */
    public long getInt(String a, long dflt) {
        OnnxMl.AttributeProto p = attr(a, OnnxMl.AttributeProto.AttributeType.INT);
        return p == null ? dflt : p.getI();
    }

    /** Ints attribute {@code a}, or {@code dflt}. */
    public long[] getInts(String a, long[] dflt) {
        OnnxMl.AttributeProto p = attr(a, OnnxMl.AttributeProto.AttributeType.INTS);
        if (p == null) {
            return dflt;
        }
        return p.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** String attribute {@code a}, or {@code dflt}. */
    public String getString(String a, String dflt) {
        OnnxMl.AttributeProto p = attr(a, OnnxMl.AttributeProto.AttributeType.STRING);
        return p == null ? dflt : p.getS().toString(StandardCharsets.UTF_8);
    }

    /** A list-of-strings attribute (STRINGS), e.g. a recurrent node's activations. */
    public List<String> getStrings(String a, List<String> dflt) {
        OnnxMl.AttributeProto p = attr(a, OnnxMl.AttributeProto.AttributeType.STRINGS);
        if (p == null) {
            return dflt;
        }
        List<String> out = new ArrayList<>();
        p.getStringsList().forEach(s -> out.add(s.toString(StandardCharsets.UTF_8)));
        return out;
    }

    /** The AttributeProto type name (INT, FLOATS, ...) of attribute {@code a}, or null when absent. */
    String attributeType(String a) {
        OnnxMl.AttributeProto p = attributes.get(a);
        return p == null ? null : p.getType().name();
    }

    /** The ONNX data type number of tensor attribute {@code a} (e.g. ConstantOfShape's value), or 0 when absent. */
    int tensorAttributeType(String a) {
        OnnxMl.AttributeProto p = attributes.get(a);
        return p == null || !p.hasT() ? 0 : p.getT().getDataType();
    }

    /** The ONNX element type number of a Constant node's value, read from its attribute without decoding, or 0. */
    int constantElemType() {
        for (OnnxMl.AttributeProto p : attributes.values()) {
            switch (p.getName()) {
                case "value":
                    return p.hasT() ? p.getT().getDataType() : 0;
                case "value_float":
                case "value_floats":
                    return 1;
                case "value_int":
                case "value_ints":
                    return 7;
                case "value_string":
                case "value_strings":
                    return 8;
                default:
            }
        }
        return 0;
    }

    /** The Constant-node value held by attribute {@code a} (value, value_float(s), value_int(s)), or null. */
    public TensorValue constantValue(String out) {
        for (OnnxMl.AttributeProto p : attributes.values()) {
            switch (p.getName()) {
                case "value":
                    return TensorProtos.decode(p.getT().toBuilder().setName(out).build(), modelDir);
                case "value_float":
                    return Constants.floats(out, new long[0], p.getF());
                case "value_floats":
                    float[] f = new float[p.getFloatsCount()];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = p.getFloats(i);
                    }
                    return Constants.floats(out, new long[] {f.length}, f);
                case "value_int":
                    return Constants.longs(out, new long[0], p.getI());
                case "value_ints":
                    return Constants.longs(out, new long[] {p.getIntsCount()},
                            p.getIntsList().stream().mapToLong(Long::longValue).toArray());
                default:
                    throw OnnxImportException.atNode(this, "Constant attribute '" + p.getName() + "' is not supported");
            }
        }
        throw OnnxImportException.atNode(this, "Constant without a value attribute");
    }

    /** Refuses attributes this converter does not read, naming them. */
    public void allowOnly(String... known) {
        for (String a : attributes.keySet()) {
            boolean ok = false;
            for (String k : known) {
                ok |= k.equals(a);
            }
            if (!ok) {
                throw OnnxImportException.atNode(this, "attribute '" + a + "' is not supported");
            }
        }
    }

    @Override
    public String toString() {
        return describe() + " " + inputs + " -> " + outputs;
    }
}
