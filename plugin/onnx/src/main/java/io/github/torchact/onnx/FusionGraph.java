package io.github.torchact.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph queries every {@link FusionPattern} matches with: who produces and who consumes a value, its constant
 * scalar value, whether it is used once. Constants are compared with a relative tolerance of 1e-6, as exporters store
 * them in float32 (√2 is 1.41421353816986).
 */
final class FusionGraph {

    private final Map<String, TensorValue> consts;
    private final Set<String> graphOutputs;
    private final long opset;
    private final Map<String, OnnxNode> producer = new HashMap<>();
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();

    FusionGraph(List<OnnxNode> nodes, Map<String, TensorValue> consts, List<String> graphOutputs, long opset) {
        this.consts = consts;
        this.graphOutputs = new HashSet<>(graphOutputs);
        this.opset = opset;
        for (OnnxNode n : nodes) {
            n.outputs().forEach(o -> producer.put(o, n));
            n.inputs().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
        }
    }

    /** The model's default-domain opset. */
    long opset() {
        return opset;
    }

    /** The node producing {@code v}, or null for a graph input or initializer. */
    OnnxNode producer(String v) {
        return producer.get(v);
    }

    /** The nodes reading {@code v}. */
    List<OnnxNode> consumers(String v) {
        return consumers.getOrDefault(v, List.of());
    }

    boolean isGraphOutput(String v) {
        return graphOutputs.contains(v);
    }

    /** The known (initializer or Constant) tensor {@code v}, or null. */
    TensorValue constant(String v) {
        return consts.get(v);
    }

    /** The ONNX-domain node of type {@code op} producing {@code v}, or null. */
    OnnxNode prod(String v, String op) {
        OnnxNode p = producer.get(v);
        return p != null && p.domain().isEmpty() && p.opType().equals(op) ? p : null;
    }

    /** The value of {@code v} if it is a known one-element floating-point tensor, else null. */
    Double scalar(String v) {
        TensorValue t = consts.get(v);
        return t != null && t.size() == 1 && t.dataType().isFloating() ? t.toDoubles()[0] : null;
    }

    /** Whether {@code v} is a known floating-point scalar within float32 rounding of {@code expected}. */
    boolean isConst(String v, double expected) {
        Double s = scalar(v);
        return s != null && ActivationConverters.close(s, expected);
    }

    /** Whether {@code v} is read by exactly one node and is not a graph output. */
    boolean singleUse(String v) {
        return consumers(v).size() == 1 && !graphOutputs.contains(v);
    }

    /** The non-constant input of a binary node whose other input is the constant {@code c}, or null. */
    String otherThanConst(OnnxNode n, double c) {
        if (n.inputs().size() != 2) {
            return null;
        }
        if (isConst(n.input(1), c)) {
            return n.input(0);
        }
        if (isConst(n.input(0), c)) {
            return n.input(1);
        }
        return null;
    }

    /**
     * The factors of the product {@code v} into {@code leaves}: Mul nodes (into {@code muls}) are expanded to
     * {@code depth} levels, below the top one only if their result is used once.
     */
    void factors(String v, List<String> leaves, Set<OnnxNode> muls, int depth) {
        OnnxNode m = prod(v, "Mul");
        if (m != null && depth > 0 && (muls.isEmpty() || singleUse(v))) {
            muls.add(m);
            factors(m.input(0), leaves, muls, depth - 1);
            factors(m.input(1), leaves, muls, depth - 1);
        } else {
            leaves.add(v);
        }
    }

    /** Whether every value produced inside {@code nodes}, except {@code anchor}'s output, is used only inside them. */
    boolean internal(Set<OnnxNode> nodes, OnnxNode anchor) {
        for (OnnxNode n : nodes) {
            if (n == anchor) {
                continue;
            }
            for (String o : n.outputs()) {
                if (graphOutputs.contains(o) || !nodes.containsAll(consumers(o))) {
                    return false;
                }
            }
        }
        return true;
    }
}
