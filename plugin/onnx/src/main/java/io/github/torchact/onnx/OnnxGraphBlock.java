package io.github.torchact.onnx;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An imported ONNX graph as one DJL block: the converted nodes run in topological order on NDArrays.
 * Initializers used as weights, biases, BatchNorm scale/shift and PRelu slopes are trainable DJL
 * {@link Parameter}s (named after the initializer, initialised to its value); BatchNorm running statistics
 * are parameters that do not train; shapes, axes and scalars are constants. A forward with
 * {@code training = true} runs BatchNormalization as torch's train() mode (batch statistics, running statistics
 * updated in place). On DJL's PyTorch engine the forward pass is differentiable, so the block trains with DJL's Trainer and saves with
 * {@code saveParameters}/{@code loadParameters}.
 */
public final class OnnxGraphBlock extends AbstractBlock implements AutoCloseable {

    private static final byte VERSION = 1;

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

    public List<String> outputNames() {
        return Collections.unmodifiableList(outputNames);
    }

    /** The parameter holding ONNX initializer {@code name}, or null. */
    public Parameter parameter(String onnxName) {
        return parametersByOnnxName.get(onnxName);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> extra) {
        if (inputs.size() != inputNames.size()) {
            throw new IllegalArgumentException("ONNX graph expects " + inputNames.size() + " inputs " + inputNames
                    + ", got " + inputs.size());
        }
        Device device = inputs.isEmpty() ? ps.getManager().getDevice() : inputs.get(0).getDevice();
        Map<String, NDArray> env = new HashMap<>(constants(device));
        for (int i = 0; i < inputs.size(); i++) {
            env.put(inputNames.get(i), inputs.get(i));
        }
        parametersByOnnxName.forEach((name, p) -> env.put(name, ps.getValue(p, device, training)));
        for (Step s : steps) {
            NDArray[] in = new NDArray[s.node.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                String name = s.node.input(i);
                in[i] = name.isEmpty() ? null : env.get(name);
            }
            NDArray[] out;
            try {
                out = s.op.apply(in, training);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(s.node.describe() + " failed on inputs "
                        + describeShapes(in) + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < out.length && i < s.node.outputs().size(); i++) {
                env.put(s.node.output(i), out[i]);
            }
        }
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

    private static String describeShapes(NDArray[] in) {
        List<String> s = new ArrayList<>();
        for (NDArray a : in) {
            s.add(a == null ? "-" : a.getDataType() + a.getShape().toString());
        }
        return s.toString();
    }

    private synchronized Map<String, NDArray> constants(Device device) {
        if (!constantManager.isOpen()) {
            throw new IllegalStateException("this OnnxGraphBlock is closed (or the manager it was imported with is)");
        }
        return constantCache.computeIfAbsent(device, d -> {
            Map<String, NDArray> m = new HashMap<>();
            constants.forEach((k, v) -> m.put(k, v.toNDArray(constantManager).toDevice(d, false)));
            return m;
        });
    }

    /** Frees the constants this block holds on the engine (parameters belong to the manager they were initialised in). */
    @Override
    public synchronized void close() {
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
            NDList out = forward(new ParameterStore(m, false), in, false);
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
