package io.github.torchact.onnx;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Compiled forwards specialised to the graph inputs' shapes. Exports with dynamic axes compute shapes inside the
 * graph (Shape → Gather → Unsqueeze → Concat → Reshape): in the compiled module every one of those nodes is a tensor
 * operation, and a shape read back from a tensor is an element read per dimension, so on small models they cost more
 * than the arithmetic. At given input shapes such values are fixed: once a shape has been seen twice, the values are
 * recorded from one node-by-node evaluation, become constants, the graph is converted again (consumers such as
 * Reshape then take literal shapes) and compiled to a second module used for that shape from then on.
 *
 * <p>Only sound when no tensor's shape depends on data: {@link #plan} refuses (the block keeps the generic module)
 * when an op outside {@link #SHAPE_INPUTS} and {@link #VALUE_FREE_SHAPES} occurs, or a shape-setting input (Reshape's
 * shape, Slice's starts, Range's limits...) is not computed from shapes and constants alone. The same libtorch
 * operators then run on the same data in the same order, so outputs and gradients are bitwise those of the generic
 * module. At most {@code limit} shapes are specialised per block; further shapes use the generic module.
 */
final class ShapeSpecializer {

    /** Inputs that set the output's shape by their values, per op of the default domain. */
    static final Map<String, Set<Integer>> SHAPE_INPUTS = Map.ofEntries(
            Map.entry("Reshape", Set.of(1)), Map.entry("Expand", Set.of(1)), Map.entry("Tile", Set.of(1)),
            Map.entry("Slice", Set.of(1, 2, 3, 4)), Map.entry("Pad", Set.of(1, 3)), Map.entry("ConstantOfShape", Set.of(0)),
            Map.entry("Range", Set.of(0, 1, 2)), Map.entry("Resize", Set.of(1, 2, 3)), Map.entry("Upsample", Set.of(1)),
            Map.entry("Squeeze", Set.of(1)), Map.entry("Unsqueeze", Set.of(1)), Map.entry("Split", Set.of(1)),
            Map.entry("TopK", Set.of(1)), Map.entry("OneHot", Set.of(1)), Map.entry("ReduceSum", Set.of(1)),
            Map.entry("ReduceMean", Set.of(1)), Map.entry("ReduceMax", Set.of(1)), Map.entry("ReduceMin", Set.of(1)),
            Map.entry("ReduceProd", Set.of(1)), Map.entry("ReduceSumSquare", Set.of(1)), Map.entry("ReduceLogSum", Set.of(1)),
            Map.entry("ReduceLogSumExp", Set.of(1)), Map.entry("ReduceL1", Set.of(1)), Map.entry("ReduceL2", Set.of(1)));

    /** Ops of the default domain whose output shapes depend on their inputs' shapes and attributes only. */
    static final Set<String> VALUE_FREE_SHAPES = Set.of("Abs", "Acos", "Acosh", "Add", "And", "ArgMax", "ArgMin", "Asin",
            "Asinh", "Atan", "Atanh", "AveragePool", "BatchNormalization", "BitwiseAnd", "BitwiseNot", "BitwiseOr", "BitwiseXor",
            "Cast", "CastLike", "Ceil", "Celu", "Clip", "Concat", "Constant", "Conv", "ConvTranspose", "Cos", "Cosh", "CumSum",
            "DepthToSpace", "Div", "Dropout", "Einsum", "Elu", "Equal", "Erf", "Exp", "Flatten", "Floor", "GRU", "Gather",
            "GatherElements", "GatherND", "Gelu", "Gemm", "GlobalAveragePool", "GlobalLpPool", "GlobalMaxPool", "Greater",
            "GreaterOrEqual", "GroupNormalization", "HardSigmoid", "HardSwish", "Hardmax", "Identity", "InstanceNormalization",
            "IsInf", "IsNaN", "LRN", "LSTM", "LayerNormalization", "LeakyRelu", "Less", "LessOrEqual", "Log", "LogSoftmax",
            "LpPool", "MatMul", "Max", "MaxPool", "Mean", "Min", "Mish", "Mod", "Mul", "Neg", "Not", "Or", "PRelu", "Pow",
            "RNN", "Reciprocal", "Relu", "Round", "Scatter", "ScatterElements", "ScatterND", "Selu", "Shape", "Shrink",
            "Sigmoid", "Sign", "Sin", "Sinh", "Size", "Softmax", "Softplus", "Softsign", "SpaceToDepth", "Sqrt", "Sub", "Sum",
            "Tan", "Tanh", "ThresholdedRelu", "Transpose", "Trilu", "Where", "Xor");

    /** Largest recorded value made a constant (elements); larger shape-only values keep being computed. */
    static final long MAX_RECORDED_ELEMENTS = 4096;

    private final List<OnnxGraphBlock.Step> steps;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Set<String> params;
    private final Map<String, TensorValue> constants;
    private final ToLongFunction<String> opsets;
    private final ConverterRegistry registry;
    private final boolean optimize;
    private final boolean prepack;
    private final NDManager owner;
    /** The block's prepacked weights, shared with its generic module ({@link CompiledGraph}). */
    private final Map<String, AutoCloseable> packedWeights;
    private final int limit;
    /** Step outputs determined by the graph inputs' shapes (and constants) alone. */
    private final Set<String> shapeOnly;

    private final Map<String, Variant> variants = new ConcurrentHashMap<>();
    private final Map<String, Integer> sightings = new HashMap<>();
    private final Set<String> refused = new HashSet<>();

    /** A module specialised to one input signature, and the constants it reads. */
    static final class Variant {
        final CompiledGraph graph;
        final Map<String, TensorValue> constants;
        private final Map<Device, NDArray[]> arrays = new ConcurrentHashMap<>();

        Variant(CompiledGraph graph, Map<String, TensorValue> constants) {
            this.graph = graph;
            this.constants = constants;
        }

        /** The constants in the module's order, on {@code device}, made once in {@code owner}. */
        NDArray[] constants(Device device, NDManager owner) {
            return arrays.computeIfAbsent(device, d -> {
                List<String> names = graph.result().constants;
                NDArray[] out = new NDArray[names.size()];
                synchronized (owner) {
                    for (int i = 0; i < out.length; i++) {
                        NDArray a = OnnxGraphBlock.kept(OnnxGraphBlock.kept(constants.get(names.get(i)).toNDArray(owner)).toDevice(d, false));
                        out[i] = OnnxGraphBlock.kept(CompiledGraph.constView(a));
                    }
                }
                return out;
            });
        }
    }

    private ShapeSpecializer(List<OnnxGraphBlock.Step> steps, List<String> inputs, List<String> outputs, Set<String> params,
            Map<String, TensorValue> constants, ToLongFunction<String> opsets, ConverterRegistry registry, boolean optimize,
            boolean prepack, NDManager owner, Map<String, AutoCloseable> packedWeights, int limit, Set<String> shapeOnly) {
        this.steps = steps;
        this.inputs = inputs;
        this.outputs = outputs;
        this.params = params;
        this.constants = constants;
        this.opsets = opsets;
        this.registry = registry;
        this.optimize = optimize;
        this.prepack = prepack;
        this.owner = owner;
        this.packedWeights = packedWeights;
        this.limit = limit;
        this.shapeOnly = shapeOnly;
    }

    /**
     * A specialiser for the converted graph {@code steps}, or null with the reason in {@code why} when it has nothing to
     * gain (no shape computation feeds the data path) or would be unsound (a shape may depend on data).
     */
    static ShapeSpecializer plan(List<OnnxGraphBlock.Step> steps, List<String> inputs, List<String> outputs, Set<String> params,
            Map<String, TensorValue> constants, ToLongFunction<String> opsets, ConverterRegistry registry, boolean optimize,
            boolean prepack, NDManager owner, Map<String, AutoCloseable> packedWeights, int limit, List<String> why) {
        Set<String> shapeOnly = new HashSet<>();
        for (OnnxGraphBlock.Step s : steps) {
            OnnxNode n = s.node;
            boolean standard = n.domain().isEmpty();
            if (!n.domain().equals(OnnxNode.TORCHACT_DOMAIN)
                    && !(standard && (SHAPE_INPUTS.containsKey(n.opType()) || VALUE_FREE_SHAPES.contains(n.opType())))) {
                why.add(n.describe() + " may give a shape that depends on data");
                return null;
            }
            for (int i : standard ? SHAPE_INPUTS.getOrDefault(n.opType(), Set.of()) : Set.<Integer>of()) {
                String in = i < n.inputs().size() ? n.input(i) : "";
                if (!in.isEmpty() && !shapeOnly.contains(in) && !constants.containsKey(in)) {
                    why.add(n.describe() + " input " + i + " '" + in + "' sets a shape from data");
                    return null;
                }
            }
            // Dropout may draw random numbers even on a shape-only input
            boolean fromShapes = standard && (n.opType().equals("Shape") || n.opType().equals("Size"))
                    || !(standard && n.opType().equals("Dropout")) && n.inputs().stream().allMatch(i -> i.isEmpty() || shapeOnly.contains(i) || constants.containsKey(i));
            if (fromShapes) {
                n.outputs().stream().filter(o -> !o.isEmpty()).forEach(shapeOnly::add);
            }
        }
        boolean feedsData = false;
        for (OnnxGraphBlock.Step s : steps) {
            if (!shapeStep(s.node, shapeOnly)) {
                feedsData |= s.node.inputs().stream().anyMatch(shapeOnly::contains);
            }
        }
        if (!feedsData) {
            why.add("no shape computation in the graph");
            return null;
        }
        return new ShapeSpecializer(steps, inputs, outputs, params, constants, opsets, registry, optimize, prepack, owner,
                packedWeights, limit, shapeOnly);
    }

    /** Whether every output of {@code n} is determined by the graph inputs' shapes alone. */
    private static boolean shapeStep(OnnxNode n, Set<String> shapeOnly) {
        return n.outputs().stream().allMatch(o -> o.isEmpty() || shapeOnly.contains(o));
    }

    /** How many input signatures have a specialised module. */
    int size() {
        return variants.size();
    }

    /** How many of the steps compute shapes only. */
    int shapeSteps() {
        return (int) steps.stream().filter(s -> shapeStep(s.node, shapeOnly)).count();
    }

    /**
     * The module specialised to {@code inputs}' signature, made on the second sighting of that signature with the
     * shape-only values {@code record} computes (from one node-by-node evaluation); null for the generic module.
     */
    Variant variant(NDList in, Device device, Function<Set<String>, Map<String, TensorValue>> record) {
        String key = signature(in, device);
        Variant v = variants.get(key);
        if (v != null) {
            return v;
        }
        synchronized (this) {
            v = variants.get(key);
            if (v != null || refused.contains(key) || variants.size() >= limit) {
                return v;
            }
            if (sightings.merge(key, 1, Integer::sum) < 2) {
                if (sightings.size() > 16 * limit) {
                    sightings.clear();
                }
                return null;
            }
            sightings.remove(key);
            try {
                v = build(record.apply(recorded()), device);
            } catch (RuntimeException e) {
                refused.add(key);
                return null;
            }
            if (v == null) {
                refused.add(key);
                return null;
            }
            variants.put(key, v);
            return v;
        }
    }

    /** The shape-only values the data path reads (those worth recording). */
    private Set<String> recorded() {
        Set<String> out = new HashSet<>();
        for (OnnxGraphBlock.Step s : steps) {
            if (!shapeStep(s.node, shapeOnly)) {
                s.node.inputs().stream().filter(shapeOnly::contains).forEach(out::add);
            }
        }
        outputs.stream().filter(shapeOnly::contains).forEach(out::add);
        return out;
    }

    private Variant build(Map<String, TensorValue> values, Device device) {
        Map<String, TensorValue> fixed = new LinkedHashMap<>();
        values.forEach((k, t) -> {
            if (t.size() <= MAX_RECORDED_ELEMENTS) {
                fixed.put(k, t);
            }
        });
        // keep the data path and the shape steps whose outputs it still reads, latest first
        Set<String> needed = new HashSet<>(outputs);
        List<OnnxNode> kept = new ArrayList<>();
        for (int k = steps.size() - 1; k >= 0; k--) {
            OnnxNode n = steps.get(k).node;
            boolean keep = !shapeStep(n, shapeOnly) || n.outputs().stream().anyMatch(o -> needed.contains(o) && !fixed.containsKey(o));
            if (keep) {
                kept.add(n);
                needed.addAll(n.inputs());
            }
        }
        Collections.reverse(kept);
        Map<String, TensorValue> known = new LinkedHashMap<>(constants);
        known.putAll(fixed);
        Set<String> defined = new HashSet<>(inputs);
        defined.addAll(params);
        defined.addAll(known.keySet());
        GraphConversion c = GraphConversion.run(kept, defined, known, opsets, registry, null, owner, null);
        if (!c.errors.isEmpty()) {
            return null;
        }
        Map<String, TensorValue> used = c.usedConstants(outputs);
        GraphCompiler.Result r = GraphCompiler.compile(c.steps, inputs, outputs, params, used.keySet(), prepack);
        if (!r.ok()) {
            return null;
        }
        CompiledGraph g = new CompiledGraph(r, optimize, owner, packedWeights);
        g.module(device);
        return new Variant(g, used);
    }

    private static String signature(NDList in, Device device) {
        StringBuilder b = new StringBuilder(device.toString());
        for (NDArray a : in) {
            b.append('|').append(a.getDataType()).append(a.getShape());
        }
        return b.toString();
    }
}
