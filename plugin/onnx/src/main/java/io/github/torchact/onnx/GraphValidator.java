package io.github.torchact.onnx;

import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ONNX-checker-level validation, so that nothing malformed reaches DJL or libtorch. Two passes:
 *
 * <ul>
 *   <li>{@link #checkProto} (run by {@link OnnxModel#read}, before any tensor is decoded): IR version, opset per
 *       domain, the node limit, names (none empty, initializers and graph inputs/outputs unique), SSA form (each value
 *       written once, no node output shadowing a graph input or initializer), nodes with at least one output and no
 *       reserved domain, attributes (names unique, a type and exactly the value field that type names), every tensor
 *       of the file (initializers and attribute tensors: data type, non-negative dims, overflow-safe element and byte
 *       counts, one storage field of the right size, external-data keys, offset and length) and the total tensor
 *       bytes against {@link ImportOptions}.
 *   <li>{@link #validate} (run by {@link OnnxImporter} before fusion and conversion): per op and opset, the number of
 *       inputs and outputs (a table covering every op of {@link ConverterRegistry#standard()}), required inputs and
 *       outputs present, integer attributes in range (Transpose perm a permutation, axes in int range and distinct,
 *       kernel/strides/dilations positive, pads non-negative, group positive, Cast's 'to' a type number), the ranks the
 *       converters support (Conv/ConvTranspose/pools: 1 to 3 spatial axes, weight rank 3 to 5 equal to the input's;
 *       Gemm operands 2-D) where they are known at import, tensors whose size constants fix (ConstantOfShape, Expand,
 *       Range, Tile, Pad, Resize/Upsample sizes) within {@link ImportOptions#maxTensorElements()}, every node input
 *       defined earlier (topological order) and every graph output produced.
 * </ul>
 *
 * Each pass collects every problem it finds and throws one {@link OnnxImportException} naming the file and, per
 * problem, the node (name and op), attribute or tensor and what was expected.
 */
public final class GraphValidator {

    /** The newest ai.onnx opset imported (the registry's converters follow the ONNX spec up to it). */
    public static final long MAX_OPSET = 22;
    /** The newest ai.onnx.ml opset accepted in opset_import (no node of that domain converts). */
    static final long MAX_ML_OPSET = 5;
    /** IR versions accepted: 3 (the first with opset_import) to 11 (ONNX 1.18). */
    public static final long MIN_IR_VERSION = 3;
    /** The newest ONNX IR version accepted. */
    public static final long MAX_IR_VERSION = 11;
    private static final int MAX_LISTED = 30;
    private static final int V = Integer.MAX_VALUE;

    private GraphValidator() {}

    // ---- the op table ---------------------------------------------------------------------------------------------

    /** Inputs and outputs of one op from one opset version on. */
    static final class Arity {
        final int minIn;
        final int maxIn;
        final int minOut;
        final int maxOut;

        Arity(int minIn, int maxIn, int minOut, int maxOut) {
            this.minIn = minIn;
            this.maxIn = maxIn;
            this.minOut = minOut;
            this.maxOut = maxOut;
        }

        @Override
        public String toString() {
            return range(minIn, maxIn) + " inputs, " + range(minOut, maxOut) + " outputs";
        }

        private static String range(int lo, int hi) {
            return lo == hi ? String.valueOf(lo) : hi == V ? lo + " or more" : lo + " to " + hi;
        }
    }

    private static final Map<String, TreeMap<Long, Arity>> TABLE = new HashMap<>();

    private static void op(String op, long since, int minIn, int maxIn, int minOut, int maxOut) {
        TABLE.computeIfAbsent(op, k -> new TreeMap<>()).put(since, new Arity(minIn, maxIn, minOut, maxOut));
    }

    static {
        for (String u : new String[] {"Relu", "Sigmoid", "Tanh", "Softsign", "HardSwish", "Mish", "Softplus", "LeakyRelu", "Elu",
            "Celu", "Selu", "Gelu", "HardSigmoid", "ThresholdedRelu", "Shrink", "Softmax", "LogSoftmax", "Hardmax", "Erf",
            "Identity", "Neg", "Abs", "Sqrt", "Log", "Exp", "Reciprocal", "Not", "Floor", "Ceil", "Round", "Sign", "Sin", "Cos",
            "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "IsNaN", "IsInf", "BitwiseNot", "Cast",
            "Flatten", "Transpose", "Shape", "Size", "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool", "LRN",
            "DepthToSpace", "SpaceToDepth", "ArgMax", "ArgMin", "AveragePool", "LpPool", "ConstantOfShape"}) {
            op(u, 1, 1, 1, 1, 1);
        }
        for (String b : new String[] {"Add", "Sub", "Mul", "Div", "Pow", "Greater", "Less", "Equal", "GreaterOrEqual",
            "LessOrEqual", "Or", "And", "Xor", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "Mod", "MatMul", "CastLike", "Expand",
            "Gather", "GatherElements", "GatherND", "CumSum", "PRelu"}) {
            op(b, 1, 2, 2, 1, 1);
        }
        for (String t : new String[] {"Where", "OneHot", "Range", "ScatterND", "Scatter", "ScatterElements",
            "InstanceNormalization", "GroupNormalization"}) {
            op(t, 1, 3, 3, 1, 1);
        }
        for (String v : new String[] {"Sum", "Mean", "Max", "Min", "Concat", "Einsum"}) {
            op(v, 1, 1, V, 1, 1);
        }
        for (String r : new String[] {"ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
            "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"}) {
            op(r, 1, 1, 1, 1, 1);
            op(r, 18, 1, 2, 1, 1);
        }
        op("ReduceSum", 1, 1, 1, 1, 1);
        op("ReduceSum", 13, 1, 2, 1, 1);
        op("Constant", 1, 0, 0, 1, 1);
        op("Clip", 1, 1, 1, 1, 1);
        op("Clip", 11, 1, 3, 1, 1);
        op("Gemm", 1, 3, 3, 1, 1);
        op("Gemm", 11, 2, 3, 1, 1);
        op("Conv", 1, 2, 3, 1, 1);
        op("ConvTranspose", 1, 2, 3, 1, 1);
        op("BatchNormalization", 1, 5, 5, 1, 5);
        op("BatchNormalization", 14, 5, 5, 1, 3);
        op("LayerNormalization", 1, 2, 3, 1, 3);
        op("Dropout", 1, 1, 1, 1, 2);
        op("Dropout", 12, 1, 3, 1, 2);
        op("MaxPool", 1, 1, 1, 1, 1);
        op("MaxPool", 8, 1, 1, 1, 2);
        op("Reshape", 5, 2, 2, 1, 1);
        op("Squeeze", 1, 1, 1, 1, 1);
        op("Squeeze", 13, 1, 2, 1, 1);
        op("Unsqueeze", 1, 1, 1, 1, 1);
        op("Unsqueeze", 13, 2, 2, 1, 1);
        op("Split", 1, 1, 2, 1, V);
        op("Split", 2, 1, 1, 1, V);
        op("Split", 13, 1, 2, 1, V);
        op("Slice", 1, 1, 1, 1, 1);
        op("Slice", 10, 3, 5, 1, 1);
        op("Tile", 1, 3, 3, 1, 1);
        op("Tile", 6, 2, 2, 1, 1);
        op("Trilu", 1, 1, 2, 1, 1);
        op("Pad", 1, 1, 1, 1, 1);
        op("Pad", 11, 2, 3, 1, 1);
        op("Pad", 18, 2, 4, 1, 1);
        op("Resize", 10, 2, 2, 1, 1);
        op("Resize", 11, 3, 4, 1, 1);
        op("Resize", 13, 1, 4, 1, 1);
        op("Upsample", 1, 1, 1, 1, 1);
        op("Upsample", 9, 2, 2, 1, 1);
        op("TopK", 1, 1, 1, 2, 2);
        op("TopK", 10, 2, 2, 2, 2);
        // every output of the recurrent ops is optional; a node must still have one (checked for every node)
        op("LSTM", 1, 3, 8, 0, 3);
        op("GRU", 1, 3, 6, 0, 2);
        op("RNN", 1, 3, 6, 0, 2);
    }

    /** The arity of {@code op} (ai.onnx) at {@code opset}, or null when the table has none. */
    static Arity arity(String op, long opset) {
        TreeMap<Long, Arity> versions = TABLE.get(op);
        if (versions == null) {
            return null;
        }
        Map.Entry<Long, Arity> e = versions.floorEntry(opset);
        return e == null ? null : e.getValue();
    }

    /** The ai.onnx ops whose input and output counts are checked (tests check it covers the standard registry). */
    public static Set<String> coveredOps() {
        return java.util.Collections.unmodifiableSet(TABLE.keySet());
    }

    // ---- problems -------------------------------------------------------------------------------------------------

    /** Problems found in one pass; thrown together. */
    private static final class Problems {
        final String source;
        final List<String> list = new ArrayList<>();
        int count;

        Problems(String source) {
            this.source = source;
        }

        void add(String p) {
            count++;
            if (list.size() < MAX_LISTED) {
                list.add(p);
            }
        }

        void throwIfAny() {
            if (count == 0) {
                return;
            }
            String more = count > list.size() ? "\n  ... and " + (count - list.size()) + " more" : "";
            throw new OnnxImportException("file " + source + ": malformed ONNX model, " + count
                    + (count == 1 ? " problem:\n  " : " problems:\n  ") + String.join("\n  ", list) + more);
        }
    }

    private static String nodeName(OnnxMl.NodeProto n, int index) {
        String name = n.getName().isEmpty() ? n.getOpType() + "_" + index : n.getName();
        String domain = n.getDomain().equals("ai.onnx") ? "" : n.getDomain();
        return "node '" + name + "' (" + (domain.isEmpty() ? "" : domain + ":") + n.getOpType() + ")";
    }

    // ---- pass 1: the protobuf ------------------------------------------------------------------------------------

    /**
     * Checks the parsed protobuf before anything is decoded: see the class comment. {@code modelDir} is where external
     * data would be read (null for a stream; only parsed here, not read).
     */
    static void checkProto(OnnxMl.ModelProto m, String source, Path modelDir, ImportOptions o) {
        Problems p = new Problems(source);
        if (m.getIrVersion() < MIN_IR_VERSION || m.getIrVersion() > MAX_IR_VERSION) {
            p.add("ir_version " + m.getIrVersion() + " is not supported (" + MIN_IR_VERSION + " to " + MAX_IR_VERSION + ")");
        }
        Set<String> domains = new HashSet<>();
        for (OnnxMl.OperatorSetIdProto os : m.getOpsetImportList()) {
            String d = os.getDomain().equals("ai.onnx") ? "" : os.getDomain();
            String shown = d.isEmpty() ? "ai.onnx" : d;
            if (!domains.add(d)) {
                p.add("opset_import lists domain '" + shown + "' more than once");
            }
            long v = os.getVersion();
            if (d.isEmpty() && (v < 1 || v > MAX_OPSET)) {
                p.add("opset " + v + " of domain ai.onnx is not supported (1 to " + MAX_OPSET + ")");
            } else if (d.equals("ai.onnx.ml") && (v < 1 || v > MAX_ML_OPSET)) {
                p.add("opset " + v + " of domain ai.onnx.ml is not supported (1 to " + MAX_ML_OPSET + ")");
            } else if (v < 1) {
                p.add("opset " + v + " of domain '" + shown + "' is not a valid version (>= 1)");
            }
        }
        OnnxMl.GraphProto g = m.getGraph();
        if (g.getNodeCount() > o.maxNodes()) {
            p.add("the graph has " + g.getNodeCount() + " nodes, more than the limit " + o.maxNodes() + " (ImportOptions.optMaxNodes)");
            p.throwIfAny();
        }
        // who writes each value: graph input, initializer or node
        Map<String, String> writer = new HashMap<>();
        long[] total = {0};
        Set<String> inits = new HashSet<>();
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            if (t.getName().isEmpty()) {
                p.add("an initializer has no name");
                continue;
            }
            if (!inits.add(t.getName())) {
                p.add("initializer '" + t.getName() + "' is defined more than once");
                continue;
            }
            checkTensor(t, "initializer '" + t.getName() + "'", modelDir, o, total, p);
        }
        if (g.getSparseInitializerCount() > 0) {
            p.add("sparse initializers are not supported (" + g.getSparseInitializerCount() + ")");
        }
        Set<String> inputs = new HashSet<>();
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            if (v.getName().isEmpty()) {
                p.add("a graph input has no name");
                continue;
            }
            if (!inputs.add(v.getName())) {
                p.add("graph input '" + v.getName() + "' is listed more than once");
            }
            checkValueInfo(v, "graph input '" + v.getName() + "'", !inits.contains(v.getName()), p);
        }
        inits.forEach(i -> writer.put(i, "the initializer '" + i + "'"));
        inputs.forEach(i -> writer.put(i, "the graph input '" + i + "'"));
        for (int i = 0; i < g.getNodeCount(); i++) {
            OnnxMl.NodeProto n = g.getNode(i);
            String where = nodeName(n, i);
            if (n.getOpType().isEmpty()) {
                p.add(where + ": no op_type");
            }
            if (n.getDomain().equals(OnnxNode.TORCHACT_DOMAIN)) {
                p.add(where + ": domain '" + OnnxNode.TORCHACT_DOMAIN + "' is reserved for the importer's fused nodes");
            }
            boolean anyOutput = false;
            for (String out : n.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                anyOutput = true;
                String prev = writer.putIfAbsent(out, where);
                if (prev != null) {
                    p.add(where + ": output '" + out + "' is already written by " + prev
                            + " (ONNX graphs are in SSA form: each value is written once)");
                }
            }
            if (!anyOutput) {
                p.add(where + ": has no output (a node must produce at least one named value)");
            }
            Set<String> attrs = new HashSet<>();
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (a.getName().isEmpty()) {
                    p.add(where + ": an attribute has no name");
                    continue;
                }
                if (!attrs.add(a.getName())) {
                    p.add(where + ": attribute '" + a.getName() + "' is given more than once");
                    continue;
                }
                checkAttribute(a, where, modelDir, o, total, p);
            }
        }
        if (total[0] > o.maxInitializerBytes()) {
            p.add("initializers and Constant values hold " + total[0] + " bytes, more than the limit " + o.maxInitializerBytes()
                    + " (ImportOptions.optMaxInitializerBytes)");
        }
        Set<String> outs = new HashSet<>();
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            if (v.getName().isEmpty()) {
                p.add("a graph output has no name");
                continue;
            }
            if (!outs.add(v.getName())) {
                p.add("graph output '" + v.getName() + "' is listed more than once");
            }
            if (!writer.containsKey(v.getName())) {
                p.add("graph output '" + v.getName() + "' is produced by no node (nor is it a graph input or initializer)");
            }
        }
        if (g.getOutputCount() == 0) {
            p.add("the graph has no outputs");
        }
        p.throwIfAny();
    }

    /** A graph input: a tensor of a supported type whose known dimensions are non-negative. */
    private static void checkValueInfo(OnnxMl.ValueInfoProto v, String what, boolean fed, Problems p) {
        if (!v.hasType() || !v.getType().hasTensorType()) {
            if (fed) {
                p.add(what + " is not a tensor (" + (v.hasType() ? v.getType().getValueCase() : "no type") + ")");
            }
            return;
        }
        OnnxMl.TypeProto.Tensor t = v.getType().getTensorType();
        if (fed && t.getElemType() == 0) {
            p.add(what + " has no element type");
        } else if (fed) {
            try {
                TensorProtos.dataType(t.getElemType(), v.getName());
            } catch (OnnxImportException e) {
                p.add(what + ": element type " + t.getElemType() + " (" + TensorProtos.onnxTypeName(t.getElemType())
                        + ") is not supported (float, double, int8, uint8, int32, int64, bool are)");
            }
        }
        if (t.hasShape()) {
            for (int i = 0; i < t.getShape().getDimCount(); i++) {
                OnnxMl.TensorShapeProto.Dimension d = t.getShape().getDim(i);
                if (d.hasDimValue() && d.getDimValue() < 0) {
                    p.add(what + ": dimension " + i + " is " + d.getDimValue() + "; dimensions must be >= 0 (or symbolic)");
                }
            }
        }
    }

    /**
     * One tensor of the file: supported type, dims, element and byte counts within the limits, one storage field
     * of the size the dims need, external-data entries; its bytes are added to {@code total}.
     */
    private static void checkTensor(OnnxMl.TensorProto t, String what, Path modelDir, ImportOptions o, long[] total, Problems p) {
        DataType type;
        try {
            type = TensorProtos.dataType(t.getDataType(), t.getName());
        } catch (OnnxImportException e) {
            p.add(what + ": data type " + t.getDataType() + " (" + TensorProtos.onnxTypeName(t.getDataType())
                    + ") is not supported (float, double, int8, uint8, int32, int64, bool are)");
            return;
        }
        long n;
        try {
            n = TensorProtos.checkedElements(what, t.getDimsList(), type, o.maxTensorElements());
        } catch (OnnxImportException e) {
            p.add(e.getMessage());
            return;
        }
        long bytes = n * type.getNumOfBytes();
        total[0] = total[0] > Long.MAX_VALUE - bytes ? Long.MAX_VALUE : total[0] + bytes;
        if (t.hasSegment()) {
            p.add(what + ": segmented tensors (TensorProto.segment) are not supported");
        }
        boolean external = t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL;
        int typed = t.getFloatDataCount() + t.getInt32DataCount() + t.getInt64DataCount() + t.getDoubleDataCount()
                + t.getUint64DataCount() + t.getStringDataCount();
        boolean raw = !t.getRawData().isEmpty();
        int fields = (external ? 1 : 0) + (raw ? 1 : 0) + (typed > 0 ? 1 : 0);
        if (fields > 1) {
            p.add(what + ": holds its values in " + fields + " places (raw_data, typed fields, external data); a tensor uses exactly one");
        } else if (external) {
            try {
                ExternalData.parse(t, bytes);
            } catch (OnnxImportException e) {
                p.add(e.getMessage());
            }
        } else if (raw) {
            if (t.getRawData().size() != bytes) {
                p.add(what + ": raw_data has " + t.getRawData().size() + " bytes, its dims " + t.getDimsList() + " and type " + type
                        + " need " + bytes);
            }
        } else if (typed != n) {
            p.add(what + ": holds " + typed + " values in its typed fields, its dims " + t.getDimsList() + " need " + n);
        } else if (n > 0 && typedCountFor(t, type) != n) {
            p.add(what + ": its values are not in the field of its type " + type);
        } else if (!t.getExternalDataList().isEmpty()) {
            p.add(what + ": has external_data entries but data_location is not EXTERNAL");
        }
    }

    private static int typedCountFor(OnnxMl.TensorProto t, DataType type) {
        switch (type) {
            case FLOAT32: return t.getFloatDataCount();
            case FLOAT64: return t.getDoubleDataCount();
            case INT64: return t.getInt64DataCount();
            default: return t.getInt32DataCount();
        }
    }

    /** One attribute: a type, exactly the value field of that type, tensors checked as tensors. */
    private static void checkAttribute(OnnxMl.AttributeProto a, String node, Path modelDir, ImportOptions o, long[] total, Problems p) {
        String what = node + ": attribute '" + a.getName() + "'";
        if (!a.getRefAttrName().isEmpty()) {
            p.add(what + " refers to function attribute '" + a.getRefAttrName() + "' outside a function");
            return;
        }
        List<OnnxMl.AttributeProto.AttributeType> present = new ArrayList<>();
        if (a.hasF()) {
            present.add(OnnxMl.AttributeProto.AttributeType.FLOAT);
        }
        if (a.hasI()) {
            present.add(OnnxMl.AttributeProto.AttributeType.INT);
        }
        if (a.hasS()) {
            present.add(OnnxMl.AttributeProto.AttributeType.STRING);
        }
        if (a.hasT()) {
            present.add(OnnxMl.AttributeProto.AttributeType.TENSOR);
        }
        if (a.hasG()) {
            present.add(OnnxMl.AttributeProto.AttributeType.GRAPH);
        }
        if (a.hasSparseTensor()) {
            present.add(OnnxMl.AttributeProto.AttributeType.SPARSE_TENSOR);
        }
        if (a.hasTp()) {
            present.add(OnnxMl.AttributeProto.AttributeType.TYPE_PROTO);
        }
        if (a.getFloatsCount() > 0) {
            present.add(OnnxMl.AttributeProto.AttributeType.FLOATS);
        }
        if (a.getIntsCount() > 0) {
            present.add(OnnxMl.AttributeProto.AttributeType.INTS);
        }
        if (a.getStringsCount() > 0) {
            present.add(OnnxMl.AttributeProto.AttributeType.STRINGS);
        }
        if (a.getTensorsCount() > 0) {
            present.add(OnnxMl.AttributeProto.AttributeType.TENSORS);
        }
        if (a.getGraphsCount() > 0) {
            present.add(OnnxMl.AttributeProto.AttributeType.GRAPHS);
        }
        if (a.getSparseTensorsCount() > 0) {
            present.add(OnnxMl.AttributeProto.AttributeType.SPARSE_TENSORS);
        }
        if (a.getTypeProtosCount() > 0) {
            present.add(OnnxMl.AttributeProto.AttributeType.TYPE_PROTOS);
        }
        OnnxMl.AttributeProto.AttributeType type = a.getType();
        if (type == OnnxMl.AttributeProto.AttributeType.UNDEFINED) {
            p.add(what + " has no type");
            return;
        }
        boolean list = type.name().endsWith("S") && type != OnnxMl.AttributeProto.AttributeType.SPARSE_TENSOR;
        if (present.size() > 1 || present.size() == 1 && present.get(0) != type) {
            p.add(what + " is of type " + type + " but holds " + (present.size() == 1 ? "a " + present.get(0) + " value" : "values " + present));
            return;
        }
        if (present.isEmpty() && !list) {
            p.add(what + " of type " + type + " holds no value");
            return;
        }
        if (a.hasT()) {
            checkTensor(a.getT(), what + " tensor", modelDir, o, total, p);
        }
        for (OnnxMl.TensorProto t : a.getTensorsList()) {
            checkTensor(t, what + " tensor", modelDir, o, total, p);
        }
    }

    // ---- pass 2: the graph --------------------------------------------------------------------------------------

    /**
     * Checks a read model before it is converted: see the class comment. Throws one {@link OnnxImportException}
     * listing every problem.
     */
    public static void validate(OnnxModel model, ImportOptions options) {
        Problems p = new Problems(model.source());
        Map<String, Integer> rank = new HashMap<>();
        Set<String> defined = new HashSet<>(model.inputs());
        defined.addAll(model.initializers().keySet());
        for (String in : model.inputs()) {
            long[] s = model.inputShape(in);
            if (s != null) {
                rank.put(in, s.length);
            }
        }
        model.initializers().forEach((k, v) -> rank.put(k, v.shape().length));
        Map<String, OnnxNode> constantNodes = new LinkedHashMap<>();
        for (OnnxNode n : model.nodes()) {
            if (n.domain().isEmpty() && n.opType().equals("Constant") && !n.outputs().isEmpty()) {
                constantNodes.put(n.output(0), n);
            }
        }
        long opset = model.opset("");
        // ops the registry converts at some opset: one it has no converter for at this opset is not defined there (a
        // node that fusion would remove must not slip through)
        Set<String> known = new HashSet<>();
        options.registry().keys().forEach(k -> known.add(k.substring(0, k.lastIndexOf('@'))));
        for (OnnxNode n : model.nodes()) {
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    p.add(n.describe() + ": input '" + in + "' is not a graph input, initializer or output of an earlier node");
                }
            }
            n.outputs().stream().filter(o -> !o.isEmpty()).forEach(defined::add);
            if (!n.domain().isEmpty()) {
                continue;
            }
            if (known.contains(":" + n.opType()) && options.registry().sinceVersion(n, opset) < 0) {
                p.add(n.describe() + ": " + n.opType() + " is not defined at opset " + opset + " (the converters start at a later opset)");
                continue;
            }
            try {
                checkNode(n, opset, rank, model, constantNodes, options, p);
            } catch (OnnxImportException e) {
                // an attribute of the wrong type, read by the checks below
                p.add(e.getMessage());
            }
        }
        p.throwIfAny();
    }

    private static void checkNode(OnnxNode n, long opset, Map<String, Integer> rank, OnnxModel model,
            Map<String, OnnxNode> constantNodes, ImportOptions o, Problems p) {
        String op = n.opType();
        Arity a = arity(op, opset);
        if (a != null) {
            // trailing empty names count, as in the ONNX checker and ONNX Runtime
            int ins = n.inputs().size();
            int outs = n.outputs().size();
            if (ins < a.minIn || ins > a.maxIn || outs < a.minOut || outs > a.maxOut) {
                p.add(n.describe() + ": has " + ins + " inputs and " + outs + " outputs; " + op + " at opset " + opset + " takes " + a);
                return;
            }
            for (int i = 0; i < (a.maxIn == V ? ins : a.minIn); i++) {
                if (n.input(i).isEmpty()) {
                    p.add(n.describe() + ": " + (a.maxIn == V ? "input " + i + " of a variadic op" : "required input " + i) + " is empty");
                }
            }
            for (int i = 0; i < a.minOut; i++) {
                if (n.output(i).isEmpty()) {
                    p.add(n.describe() + ": required output " + i + " is empty");
                }
            }
        }
        checkAttributes(n, p);
        int r0 = rankOf(rank, n.input(0));
        switch (op) {
            case "Conv":
            case "ConvTranspose": {
                int k = spatialAttrs(n, p);
                int w = rankOf(rank, n.input(1));
                if (w >= 0 && (w < 3 || w > 5)) {
                    p.add(n.describe() + ": weight '" + n.input(1) + "' has rank " + w + "; 1 to 3 spatial axes (rank 3 to 5) are supported");
                } else if (r0 >= 0 && (r0 < 3 || r0 > 5)) {
                    p.add(n.describe() + ": input '" + n.input(0) + "' has rank " + r0 + "; 1 to 3 spatial axes (rank 3 to 5) are supported");
                } else if (r0 >= 0 && w >= 0 && r0 != w) {
                    p.add(n.describe() + ": input '" + n.input(0) + "' of rank " + r0 + " and weight of rank " + w + " differ");
                } else if (k >= 0 && (w >= 0 && w != k + 2 || r0 >= 0 && r0 != k + 2)) {
                    p.add(n.describe() + ": the window attributes describe " + k + " spatial axes, the "
                            + (w >= 0 && w != k + 2 ? "weight has rank " + w : "input has rank " + r0));
                }
                int b = rankOf(rank, n.input(2));
                if (b > 1) {
                    p.add(n.describe() + ": bias '" + n.input(2) + "' has rank " + b + ", must be 1-D");
                }
                break;
            }
            case "MaxPool":
            case "AveragePool":
            case "LpPool": {
                int k = spatialAttrs(n, p);
                if (r0 >= 0 && (r0 < 3 || r0 > 5)) {
                    p.add(n.describe() + ": input '" + n.input(0) + "' has rank " + r0 + "; 1 to 3 spatial axes (rank 3 to 5) are supported");
                } else if (r0 >= 0 && k >= 0 && r0 != k + 2) {
                    p.add(n.describe() + ": the window attributes describe " + k + " spatial axes, the input has rank " + r0);
                }
                break;
            }
            case "Gemm":
                for (int i = 0; i < 2; i++) {
                    int r = rankOf(rank, n.input(i));
                    if (r >= 0 && r != 2) {
                        p.add(n.describe() + ": input " + i + " '" + n.input(i) + "' has rank " + r + ", Gemm takes 2-D operands");
                    }
                }
                if (rankOf(rank, n.input(2)) > 2) {
                    p.add(n.describe() + ": input C '" + n.input(2) + "' has rank " + rankOf(rank, n.input(2)) + ", at most 2");
                }
                break;
            case "BatchNormalization":
            case "InstanceNormalization":
                if (r0 >= 0 && r0 < 2) {
                    p.add(n.describe() + ": input '" + n.input(0) + "' has rank " + r0 + ", needs at least 2 (N, C, ...)");
                }
                break;
            case "ConstantOfShape":
                fixedSize(n, 0, "shape", constantNodes, model, o, p, false);
                break;
            case "Expand":
                fixedSize(n, 1, "shape", constantNodes, model, o, p, false);
                break;
            case "Tile":
                fixedSize(n, 1, "repeats", constantNodes, model, o, p, false);
                break;
            case "Resize":
            case "Upsample":
                if (n.inputs().size() > 3) {
                    fixedSize(n, 3, "sizes", constantNodes, model, o, p, false);
                }
                break;
            case "Pad":
                if (n.inputs().size() > 1) {
                    fixedSize(n, 1, "pads", constantNodes, model, o, p, true);
                }
                break;
            case "Range":
                range(n, constantNodes, model, o, p);
                break;
            case "Split":
                if (opset >= 18 && n.input(1).isEmpty() && !n.has("num_outputs")) {
                    p.add(n.describe() + ": Split from opset 18 needs input 'split' or attribute 'num_outputs'");
                }
                break;
            default:
        }
        // ranks the checks above may use further on
        String out = n.outputs().isEmpty() ? "" : n.output(0);
        if (!out.isEmpty() && r0 >= 0) {
            if (SAME_RANK.contains(op)) {
                rank.put(out, r0);
            } else if (BROADCAST.contains(op)) {
                int r = r0;
                for (String in : n.inputs()) {
                    int ri = rankOf(rank, in);
                    if (ri < 0) {
                        return;
                    }
                    r = Math.max(r, ri);
                }
                rank.put(out, r);
            } else if (op.equals("Gemm") || op.equals("Flatten")) {
                rank.put(out, 2);
            }
        }
    }

    /** Ops whose (first) output has the rank of their first input. */
    private static final Set<String> SAME_RANK = new HashSet<>(Arrays.asList("Relu", "Sigmoid", "Tanh", "Softsign", "HardSwish",
            "Mish", "Softplus", "LeakyRelu", "Elu", "Celu", "Selu", "Gelu", "HardSigmoid", "ThresholdedRelu", "Shrink", "Softmax",
            "LogSoftmax", "Hardmax", "Erf", "Identity", "Neg", "Abs", "Sqrt", "Log", "Exp", "Reciprocal", "Floor", "Ceil", "Round",
            "Sign", "Sin", "Cos", "Tan", "Cast", "Clip", "BatchNormalization", "InstanceNormalization", "LayerNormalization",
            "GroupNormalization", "Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool",
            "GlobalMaxPool", "GlobalLpPool", "LRN", "Dropout", "PRelu", "Transpose"));
    /** Elementwise ops whose output has the largest rank of their inputs (numpy broadcasting). */
    private static final Set<String> BROADCAST = new HashSet<>(Arrays.asList("Add", "Sub", "Mul", "Div", "Pow", "Max", "Min",
            "Sum", "Mean", "Where", "Greater", "Less", "Equal", "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor", "Mod"));

    private static int rankOf(Map<String, Integer> rank, String v) {
        if (v == null || v.isEmpty()) {
            return -1;
        }
        Integer r = rank.get(v);
        return r == null ? -1 : r;
    }

    private static final Set<String> WINDOW_OPS = new HashSet<>(Arrays.asList("Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool"));

    /** Integer attributes that converters cast to int or use as sizes, axes or type numbers: in range. */
    private static void checkAttributes(OnnxNode n, Problems p) {
        String op = n.opType();
        for (String a : n.attributeNames()) {
            switch (a) {
                case "axis":
                    if (!op.equals("Slice")) {
                        intRange(n, a, p);
                    }
                    break;
                case "axes":
                    if (!isInts(n, a)) {
                        break;
                    }
                    long[] axes = n.getInts(a, new long[0]);
                    Set<Long> seen = new HashSet<>();
                    for (long v : axes) {
                        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                            p.add(n.describe() + ": attribute 'axes' = " + Arrays.toString(axes) + " holds " + v + ", outside the int range");
                            break;
                        }
                        if (!seen.add(v)) {
                            p.add(n.describe() + ": attribute 'axes' = " + Arrays.toString(axes) + " repeats axis " + v);
                            break;
                        }
                    }
                    break;
                case "perm":
                    long[] perm = n.getInts(a, new long[0]);
                    boolean[] hit = new boolean[perm.length];
                    for (long v : perm) {
                        if (v < 0 || v >= perm.length || hit[(int) v]) {
                            p.add(n.describe() + ": attribute 'perm' = " + Arrays.toString(perm) + " is not a permutation of 0.."
                                    + (perm.length - 1));
                            break;
                        }
                        hit[(int) v] = true;
                    }
                    break;
                case "to":
                    if (op.equals("Cast")) {
                        long to = n.getInt(a, 0);
                        if (to < 1 || to > 23) {
                            p.add(n.describe() + ": attribute 'to' = " + to + " is not an ONNX data type number (1 to 23)");
                        }
                    }
                    break;
                case "group":
                    long group = n.getInt(a, 1);
                    if (group < 1 || group > Integer.MAX_VALUE) {
                        p.add(n.describe() + ": attribute 'group' = " + group + " must be a positive int");
                    }
                    break;
                case "kernel_shape":
                case "strides":
                case "dilations":
                    if (WINDOW_OPS.contains(op)) {
                        eachIn(n, a, 1, Integer.MAX_VALUE, p);
                    }
                    break;
                case "pads":
                    if (WINDOW_OPS.contains(op)) {
                        eachIn(n, a, 0, Integer.MAX_VALUE, p);
                    } else if (op.equals("Pad")) {
                        eachIn(n, a, Integer.MIN_VALUE, Integer.MAX_VALUE, p);
                    }
                    break;
                case "output_padding":
                case "output_shape":
                    if (op.equals("ConvTranspose")) {
                        eachIn(n, a, 0, Integer.MAX_VALUE, p);
                    }
                    break;
                case "split":
                    if (op.equals("Split") && isInts(n, a)) {
                        eachIn(n, a, 0, Long.MAX_VALUE, p);
                    }
                    break;
                case "num_outputs":
                    long no = n.getInt(a, 1);
                    if (no < 1) {
                        p.add(n.describe() + ": attribute 'num_outputs' = " + no + " must be positive");
                    }
                    break;
                case "k":
                    if (op.equals("TopK") && n.getInt(a, 0) < 0) {
                        p.add(n.describe() + ": attribute 'k' = " + n.getInt(a, 0) + " must be >= 0");
                    }
                    break;
                case "blocksize":
                case "size":
                case "num_groups":
                case "hidden_size":
                    if (isInt(n, a) && (n.getInt(a, 1) < 1 || n.getInt(a, 1) > Integer.MAX_VALUE)) {
                        p.add(n.describe() + ": attribute '" + a + "' = " + n.getInt(a, 1) + " must be a positive int");
                    }
                    break;
                default:
            }
        }
    }

    private static boolean isInts(OnnxNode n, String a) {
        try {
            n.getInts(a, null);
            return true;
        } catch (OnnxImportException e) {
            return false;
        }
    }

    private static boolean isInt(OnnxNode n, String a) {
        try {
            n.getInt(a, 0);
            return true;
        } catch (OnnxImportException e) {
            return false;
        }
    }

    private static void intRange(OnnxNode n, String a, Problems p) {
        if (!isInt(n, a)) {
            return;
        }
        long v = n.getInt(a, 0);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            p.add(n.describe() + ": attribute '" + a + "' = " + v + " is outside the int range");
        }
    }

    private static void eachIn(OnnxNode n, String a, long lo, long hi, Problems p) {
        long[] v = n.getInts(a, new long[0]);
        for (long x : v) {
            if (x < lo || x > hi) {
                p.add(n.describe() + ": attribute '" + a + "' = " + Arrays.toString(v) + " holds " + x + ", expected "
                        + (hi == Integer.MAX_VALUE || hi == Long.MAX_VALUE ? ">= " + lo + (hi == Integer.MAX_VALUE && lo > Integer.MIN_VALUE
                                ? " (int)" : "") : lo + " to " + hi));
                return;
            }
        }
    }

    /**
     * The number of spatial axes the window attributes (kernel_shape, strides, dilations, pads as begin/end,
     * output_padding, output_shape) describe, or -1; refused unless 1 to 3.
     */
    private static int spatialAttrs(OnnxNode n, Problems p) {
        int k = -1;
        for (String a : new String[] {"kernel_shape", "strides", "dilations", "pads", "output_padding"}) {
            if (!n.has(a) || !isInts(n, a)) {
                continue;
            }
            int len = n.getInts(a, new long[0]).length;
            if (a.equals("pads")) {
                if (len % 2 != 0) {
                    p.add(n.describe() + ": attribute 'pads' has " + len + " values; it lists begin and end pads per spatial axis");
                    return -1;
                }
                len /= 2;
            }
            if (len < 1 || len > 3) {
                p.add(n.describe() + ": attribute '" + a + "' describes " + len + " spatial axes; 1 to 3 are supported");
                return -1;
            }
            k = len;
        }
        return k;
    }

    /** The value of {@code v} if an initializer or a Constant node fixes it at import, else null. */
    private static TensorValue constant(String v, Map<String, OnnxNode> constantNodes, OnnxModel model) {
        if (v.isEmpty()) {
            return null;
        }
        TensorValue t = model.initializers().get(v);
        if (t != null) {
            return t;
        }
        OnnxNode c = constantNodes.get(v);
        return c == null ? null : c.constantValue(v);
    }

    /**
     * Input {@code i} (shape, repeats, sizes, pads), when constant: its values' product (their sum for pads) within
     * the tensor element limit.
     */
    private static void fixedSize(OnnxNode n, int i, String what, Map<String, OnnxNode> constantNodes, OnnxModel model,
            ImportOptions o, Problems p, boolean sum) {
        TensorValue t = constant(n.input(i), constantNodes, model);
        if (t == null || t.dataType().isFloating() || t.size() > 64) {
            return;
        }
        long[] v = t.toLongs();
        long acc = sum ? 0 : 1;
        boolean over = false;
        for (long x : v) {
            if (sum) {
                over |= Math.abs(x) > o.maxTensorElements();
            } else if (x < 0 && !n.opType().equals("Expand")) {
                p.add(n.describe() + ": " + what + " " + Arrays.toString(v) + " holds a negative value");
                return;
            } else if (x != 0) {
                long ax = Math.abs(x);
                over |= acc > Long.MAX_VALUE / ax;
                acc = over ? acc : acc * ax;
            } else {
                acc = 0;
                break;
            }
        }
        if (over || !sum && acc > o.maxTensorElements()) {
            p.add(n.describe() + ": " + what + " " + Arrays.toString(v) + " make a tensor of more than " + o.maxTensorElements()
                    + " elements (ImportOptions.optMaxTensorElements)");
        }
    }

    /** Range with constant start, limit and delta: its length within the tensor element limit. */
    private static void range(OnnxNode n, Map<String, OnnxNode> constantNodes, OnnxModel model, ImportOptions o, Problems p) {
        TensorValue[] v = new TensorValue[3];
        for (int i = 0; i < 3; i++) {
            v[i] = constant(n.input(i), constantNodes, model);
            if (v[i] == null || v[i].size() != 1) {
                return;
            }
        }
        double start = v[0].toDoubles()[0];
        double limit = v[1].toDoubles()[0];
        double delta = v[2].toDoubles()[0];
        double len = Math.ceil((limit - start) / delta);
        if (!(len <= o.maxTensorElements()) && !(delta == 0 || len < 0)) {
            p.add(n.describe() + ": Range(" + start + ", " + limit + ", " + delta + ") has " + len + " elements, more than "
                    + o.maxTensorElements() + " (ImportOptions.optMaxTensorElements)");
        }
    }
}
