package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Imports an ONNX model as a trainable {@link OnnxGraphBlock}.
 *
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
 *     OnnxGraphBlock block = OnnxImporter.importModel(Paths.get("model.onnx"), manager);
 *     NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), false).head();
 * }
 * }</pre>
 *
 * <p>The returned block is initialised in {@code manager} (its declared input shapes, symbolic dimensions as 1)
 * and has run once on zeros, so a graph that cannot execute (mismatched initializer shapes, bad axes) fails
 * here, naming the node, and no half-built block is returned.
 */
public final class OnnxImporter {

    private OnnxImporter() {}

    /** Imports {@code file} with {@link ImportOptions#defaults()} into {@code manager}. */
    public static OnnxGraphBlock importModel(Path file, NDManager manager) {
        ImportOptions options = ImportOptions.defaults();
        return importModel(OnnxModel.read(file, options), manager, options);
    }

    /** Imports {@code file} with {@code options} into {@code manager}. */
    public static OnnxGraphBlock importModel(Path file, NDManager manager, ImportOptions options) {
        return importModel(OnnxModel.read(file, options), manager, options);
    }

    /** Imports a model read from {@code in} (no external data), named {@code sourceName} in messages. */
    public static OnnxGraphBlock importModel(InputStream in, String sourceName, NDManager manager, ImportOptions options) {
        return importModel(OnnxModel.read(in, sourceName, options), manager, options);
    }

    /**
     * Imports a read model: validated ({@link GraphValidator}) and type-checked ({@link TypeChecker}), converted,
     * initialised and trial-run. A malformed model raises only {@link OnnxImportException}; an exception of another
     * type from a converter or the trial run becomes one naming the file (and node), with the original as its cause.
     */
    public static OnnxGraphBlock importModel(OnnxModel model, NDManager manager, ImportOptions options) {
        GraphValidator.validate(model, options);
        TypeChecker.check(model);
        try {
            return importValidated(model, manager, options);
        } catch (OnnxImportException e) {
            if (e.getMessage() != null && e.getMessage().contains(model.source())) {
                throw e;
            }
            throw new OnnxImportException(model.source() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new OnnxImportException(model.source() + ": cannot import: " + e, e);
        }
    }

    private static OnnxGraphBlock importValidated(OnnxModel model, NDManager manager, ImportOptions options) {
        long opset = model.opset("");
        ImportReport report = new ImportReport();

        Map<String, TensorValue> known = new LinkedHashMap<>(model.initializers());
        for (OnnxNode n : model.nodes()) {
            if (n.opType().equals("Constant") && n.domain().isEmpty()) {
                known.put(n.output(0), n.constantValue(n.output(0)));
            }
        }
        List<OnnxNode> nodes = model.nodes();
        if (options.fusion()) {
            PatternFuser fuser = new PatternFuser(nodes, known, model.outputs(), opset, FusionRegistry.standard());
            nodes = fuser.run();
            fuser.fusions().forEach(report::fusion);
        }

        Map<String, TensorValue> initializers = model.initializers();
        if (options.inferenceRewrites()) {
            // frozen initializers (no parameters), BatchNorm folded into Conv, dead nodes and outputs dropped
            InferenceRewriter rewriter = new InferenceRewriter(nodes, known, model.outputs());
            nodes = rewriter.run();
            initializers = new LinkedHashMap<>(initializers);
            initializers.putAll(rewriter.added());
            rewriter.notes().forEach(report::note);
        }
        Map<String, Parameter.Type> roles = options.inferenceRewrites() ? Map.of() : ParameterRoles.assign(nodes, initializers);
        Map<String, TensorValue> paramValues = new LinkedHashMap<>();
        Map<String, TensorValue> constants = new LinkedHashMap<>();
        initializers.forEach((name, v) -> {
            if (roles.containsKey(name)) {
                paramValues.put(name, v);
                report.parameter(name + " " + java.util.Arrays.toString(v.shape()) + " " + roles.get(name)
                        + (roles.get(name) == Parameter.Type.RUNNING_MEAN || roles.get(name) == Parameter.Type.RUNNING_VAR
                                ? " (not trained)" : " (trainable)"));
            } else {
                constants.put(name, v);
            }
        });

        Set<String> defined = new HashSet<>(model.inputs());
        defined.addAll(initializers.keySet());
        ToLongFunction<String> opsets = opsets(model, nodes);
        OutputSizeGuard guard = OutputSizeGuard.of(options);
        GraphConversion conversion = GraphConversion.run(nodes, defined, constants, opsets, options.registry(), report, manager,
                guard);
        List<String> errors = new ArrayList<>(conversion.errors);
        Set<String> produced = new HashSet<>(defined);
        nodes.forEach(n -> produced.addAll(n.outputs()));
        for (String o : model.outputs()) {
            if (!produced.contains(o)) {
                errors.add("graph output '" + o + "' is produced by no node");
            }
        }
        if (!errors.isEmpty()) {
            throw new OnnxImportException(model.source() + ": cannot import, " + errors.size()
                    + (errors.size() == 1 ? " problem:\n  " : " problems:\n  ") + String.join("\n  ", errors),
                    conversion.firstFailure);
        }
        List<OnnxGraphBlock.Step> steps = conversion.steps;
        Map<String, TensorValue> usedConstants = conversion.usedConstants(model.outputs());
        List<DataType> inputTypes = new ArrayList<>();
        model.inputs().forEach(i -> inputTypes.add(model.inputType(i)));
        OnnxGraphBlock block = new OnnxGraphBlock(steps, model.inputs(), inputTypes, model.outputs(), paramValues, roles,
                usedConstants, report, manager);
        block.exportTemplate(ExportTemplate.of(model, paramValues.keySet()));
        GraphCompiler.attach(block, steps, model.inputs(), model.outputs(), paramValues.keySet(), usedConstants.keySet(), options, report);
        if (block.isCompiled() && options.shapeSpecializations() > 0) {
            block.planShapeSpecialization(usedConstants, opsets, options);
        }
        validate(block, model, manager, options, guard);
        return block;
    }

    /** The opset of each domain {@code nodes} use, read once (the block keeps no reference to the model). */
    private static ToLongFunction<String> opsets(OnnxModel model, List<OnnxNode> nodes) {
        Map<String, Long> byDomain = new HashMap<>();
        for (OnnxNode n : nodes) {
            if (!n.domain().equals(OnnxNode.TORCHACT_DOMAIN)) {
                byDomain.computeIfAbsent(n.domain(), model::opset);
            }
        }
        return d -> {
            Long v = byDomain.get(d);
            if (v == null) {
                throw new IllegalArgumentException("no opset for domain '" + d + "'");
            }
            return v;
        };
    }

    /**
     * Initialises the block and runs it once on zeros of the declared input shapes: node by node with every node's
     * output size checked before it runs, then, when the block is compiled, as the compiled module on the same inputs
     * (the same tensors, which the first run has bounded).
     */
    private static void validate(OnnxGraphBlock block, OnnxModel model, NDManager manager, ImportOptions options,
            OutputSizeGuard guard) {
        boolean trialRun = options.trialRun();
        long elements = 0;
        Shape[] shapes = new Shape[model.inputs().size()];
        for (int i = 0; i < shapes.length; i++) {
            long[] s = model.inputShape(model.inputs().get(i));
            if (s == null) {
                throw new OnnxImportException(model.source() + ": graph input '" + model.inputs().get(i) + "' declares no shape");
            }
            long n = 1;
            for (int k = 0; k < s.length; k++) {
                s[k] = s[k] < 0 ? 1 : s[k];
                n = s[k] == 0 || n == 0 ? 0 : n > Long.MAX_VALUE / s[k] ? Long.MAX_VALUE : n * s[k];
            }
            elements = Math.min(Long.MAX_VALUE - n, elements) + n;
            if (trialRun && elements > options.maxTrialInputElements()) {
                throw new OnnxImportException(model.source() + ": the import-time trial run would feed graph input '"
                        + model.inputs().get(i) + "' of declared shape " + java.util.Arrays.toString(s) + " (" + n
                        + " elements); the inputs may hold at most " + options.maxTrialInputElements()
                        + " elements: raise ImportOptions.optMaxTrialInputElements or turn the trial run off (optTrialRun(false))");
            }
            shapes[i] = new Shape(s);
        }
        try {
            block.initialize(manager, DataType.FLOAT32, shapes);
            if (!trialRun) {
                return;
            }
            try (NDManager trial = manager.newSubManager()) {
                NDList in = new NDList();
                for (int i = 0; i < shapes.length; i++) {
                    in.add(trial.zeros(shapes[i], model.inputType(model.inputs().get(i))));
                }
                NDList out = block.trialRun(new ParameterStore(trial, false), in, guard);
                if (block.isCompiled()) {
                    out = CompiledGraph.internalCall(() -> block.forward(new ParameterStore(trial, false), in, false));
                }
                if (out.size() != model.outputs().size() || out.stream().anyMatch(java.util.Objects::isNull)) {
                    throw new OnnxImportException(model.source() + ": the trial run computed " + out.size() + " outputs"
                            + (out.stream().anyMatch(java.util.Objects::isNull) ? " (some missing)" : "") + " for the "
                            + model.outputs().size() + " graph outputs " + model.outputs());
                }
            }
        } catch (OnnxImportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new OnnxImportException(model.source() + ": the imported graph does not run on its declared input shapes: "
                    + e.getMessage(), e);
        }
    }
}
