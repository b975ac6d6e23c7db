package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Converts a graph's nodes, in topological order, to the steps an {@link OnnxGraphBlock} runs: each node through its
 * registry converter, a node whose inputs are all constants evaluated once here (folded) instead, Constant nodes
 * taken as constants. Used at import and again for each input-shape specialisation ({@link ShapeSpecializer}), where
 * more values are constants.
 */
final class GraphConversion {

    final List<OnnxGraphBlock.Step> steps = new ArrayList<>();
    /** Every constant: the given ones, Constant nodes' values and folded nodes' outputs. */
    final Map<String, TensorValue> constants;
    final List<String> errors = new ArrayList<>();
    RuntimeException firstFailure;
    private final OutputSizeGuard guard;

    private GraphConversion(Map<String, TensorValue> constants, OutputSizeGuard guard) {
        this.constants = constants;
        this.guard = guard;
    }

    /**
     * Converts {@code nodes}. {@code defined}: the names a node may read besides earlier outputs (graph inputs,
     * initializers); {@code constants}: the values known now (copied); {@code opsets}: the opset of a node's domain;
     * {@code report}: where each node's mapping is written, or null; folding evaluates on a sub-manager of
     * {@code manager}, each folded node's output size checked first by {@code guard} when not null (at import).
     */
    static GraphConversion run(List<OnnxNode> nodes, Collection<String> defined, Map<String, TensorValue> constants,
            ToLongFunction<String> opsets, ConverterRegistry registry, ImportReport report, NDManager manager,
            OutputSizeGuard guard) {
        GraphConversion c = new GraphConversion(new LinkedHashMap<>(constants), guard);
        Set<String> known = new HashSet<>(defined);
        try (NDManager fold = manager.newSubManager()) {
            for (OnnxNode n : nodes) {
                for (String in : n.inputs()) {
                    if (!in.isEmpty() && !known.contains(in)) {
                        c.errors.add(n.describe() + ": input '" + in + "' is not a graph input, initializer or output of an earlier node");
                    }
                }
                known.addAll(n.outputs());
                if (n.opType().equals("Constant") && n.domain().isEmpty()) {
                    TensorValue v = n.constantValue(n.output(0));
                    c.constants.put(n.output(0), v);
                    if (report != null) {
                        report.add(n.name(), n.opType(), "constant " + v);
                    }
                    continue;
                }
                c.convert(n, opsets, registry, report, fold);
            }
        }
        return c;
    }

    private void convert(OnnxNode n, ToLongFunction<String> opsets, ConverterRegistry registry, ImportReport report, NDManager fold) {
        long nodeOpset = n.domain().equals(OnnxNode.TORCHACT_DOMAIN) ? 1 : opsets.applyAsLong(n.domain());
        GraphOp op;
        try {
            op = registry.resolve(n, nodeOpset).convert(n, new ConversionContext() {
                @Override
                public long opset() {
                    return nodeOpset;
                }

                @Override
                public TensorValue constant(String name) {
                    return constants.get(name);
                }
            });
        } catch (OnnxImportException e) {
            // keep going, so one exception lists every node the model needs and the importer lacks
            errors.add(e.getMessage());
            return;
        } catch (RuntimeException e) {
            // a converter failing on malformed input: named here, the original kept as the cause
            errors.add(n.describe() + ": cannot convert: " + e);
            firstFailure = firstFailure == null ? e : firstFailure;
            return;
        }
        boolean foldable = errors.isEmpty() && !n.inputs().isEmpty()
                && n.inputs().stream().allMatch(i -> i.isEmpty() || constants.containsKey(i));
        if (foldable) {
            fold(n, op, fold);
            if (report != null) {
                report.add(n.name(), n.opType(), "folded to constant");
            }
            return;
        }
        steps.add(new OnnxGraphBlock.Step(n, op));
        if (report == null) {
            return;
        }
        String became = op instanceof CatalogOp ? "catalog " + ((CatalogOp) op).params()
                : op.reportLabel() != null ? op.reportLabel()
                : op instanceof TorchScriptOp ? "TorchScript op" : "NDArray op";
        if (n.domain().equals(OnnxNode.TORCHACT_DOMAIN)) {
            report.add(n.name(), "fused " + n.replaced(), became);
        } else {
            report.add(n.name(), n.opType() + "@" + registry.sinceVersion(n, nodeOpset), became);
        }
    }

    private void fold(OnnxNode n, GraphOp op, NDManager fold) {
        NDArray[] in = new NDArray[n.inputs().size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = n.input(i).isEmpty() ? null : constants.get(n.input(i)).toNDArray(fold);
        }
        if (guard != null) {
            guard.before(n, in);
        }
        NDArray[] out;
        try {
            out = op.apply(in);
        } catch (RuntimeException e) {
            throw OnnxImportException.atNode(n, "cannot evaluate on its constant inputs: " + e.getMessage());
        }
        if (guard != null) {
            guard.after(out);
        }
        for (int i = 0; i < out.length && i < n.outputs().size(); i++) {
            constants.put(n.output(i), TensorValue.of(n.output(i), out[i]));
        }
    }

    /** The constants the steps read, and graph outputs that are constants, in first-use order. */
    Map<String, TensorValue> usedConstants(List<String> outputs) {
        Map<String, TensorValue> used = new LinkedHashMap<>();
        for (OnnxGraphBlock.Step s : steps) {
            s.node.inputs().stream().filter(constants::containsKey).forEach(i -> used.put(i, constants.get(i)));
        }
        outputs.stream().filter(constants::containsKey).forEach(o -> used.put(o, constants.get(o)));
        return used;
    }
}
