package io.github.torchact.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX type check of a read model, before any libtorch call (run by {@link OnnxImporter} after
 * {@link GraphValidator#validate}): element types, not shapes. The types known at import — graph inputs, initializers,
 * Constant nodes, and what each ai.onnx node computes from its inputs' types under its op schema
 * ({@link TypeConstraints}) — are propagated in topological order; where a value's type is not known, its value_info
 * (or graph output) declaration is used. Refused, as ONNX Runtime refuses them when it loads the model:
 *
 * <ul>
 *   <li>an input whose type its schema's constraint does not allow (a float where Split wants int64 sizes, an int64
 *       where Where wants a bool condition, an int input of Relu before opset 14);
 *   <li>inputs that share a constraint letter with different types (Add of float and int64);
 *   <li>a node output whose computed type differs from the type value_info or the graph outputs declare for it;
 *   <li>an attribute the op's schema does not define at the model's opset (MaxPool's ceil_mode before opset 10), or of
 *       another type than the schema's.
 * </ul>
 *
 * One {@link OnnxImportException} lists every problem, naming the file, the node (name and op), the input or output
 * and the expected and actual types.
 */
final class TypeChecker {

    private static final int MAX_LISTED = 30;

    private final OnnxModel model;
    private final long opset;
    /** Element type names of the values typed so far. */
    private final Map<String, String> types = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int count;

    private TypeChecker(OnnxModel model) {
        this.model = model;
        this.opset = model.opset("");
    }

    /** Checks {@code model}; throws one {@link OnnxImportException} listing every type error. */
    static void check(OnnxModel model) {
        TypeChecker c = new TypeChecker(model);
        model.definedElemTypes().forEach((name, t) -> c.types.put(name, TypeConstraints.typeName(t)));
        for (OnnxNode n : model.nodes()) {
            c.node(n);
        }
        c.throwIfAny();
    }

    private void problem(String p) {
        count++;
        if (problems.size() < MAX_LISTED) {
            problems.add(p);
        }
    }

    private void throwIfAny() {
        if (count == 0) {
            return;
        }
        String more = count > problems.size() ? "\n  ... and " + (count - problems.size()) + " more" : "";
        throw new OnnxImportException("file " + model.source() + ": ill-typed ONNX model, " + count
                + (count == 1 ? " type error:\n  " : " type errors:\n  ") + String.join("\n  ", problems) + more);
    }

    private static String tensor(String t) {
        return "tensor(" + t + ")";
    }

    private void node(OnnxNode n) {
        TypeConstraints.Schema s = n.domain().isEmpty() ? TypeConstraints.schema(n.opType(), opset) : null;
        Map<String, String> bound = new HashMap<>();
        Map<String, Integer> boundBy = new HashMap<>();
        if (s != null) {
            attributes(n, s);
            for (int i = 0; i < n.inputs().size(); i++) {
                String in = n.input(i);
                TypeConstraints.Formal f = TypeConstraints.Schema.formal(s.inputs, i);
                String t = in.isEmpty() ? null : types.get(in);
                if (f == null || t == null) {
                    continue;
                }
                String where = n.describe() + ": input " + i + " '" + in + "' is " + tensor(t) + "; ";
                if (!f.letter) {
                    if (!f.type.equals(t)) {
                        problem(where + n.opType() + " at opset " + opset + " takes " + tensor(f.type) + " there");
                    }
                    continue;
                }
                Set<String> allowed = s.allowed.get(f.type);
                if (!allowed.contains(t)) {
                    problem(where + n.opType() + " at opset " + opset + " takes " + f.type + " in " + allowed + " there");
                    continue;
                }
                if (!f.homogeneous) {
                    continue;
                }
                String prev = bound.putIfAbsent(f.type, t);
                if (prev == null) {
                    boundBy.put(f.type, i);
                } else if (!prev.equals(t)) {
                    int j = boundBy.get(f.type);
                    problem(where + "input " + j + " '" + n.input(j) + "' is " + tensor(prev) + ", and " + n.opType()
                            + " takes one element type for both (type constraint " + f.type + ")");
                }
            }
        }
        for (int j = 0; j < n.outputs().size(); j++) {
            String out = n.output(j);
            if (out.isEmpty()) {
                continue;
            }
            String computed = s == null ? null : outputType(n, s, j, bound);
            Integer d = model.declaredElemTypes().get(out);
            String declared = d == null ? null : TypeConstraints.typeName(d);
            if (computed != null && declared != null && !computed.equals(declared)) {
                problem(n.describe() + ": output " + j + " '" + out + "' is declared " + tensor(declared)
                        + " (value_info or graph output), and " + n.opType() + " computes " + tensor(computed) + " from its inputs");
            }
            String t = computed != null ? computed : declared;
            if (t != null) {
                types.put(out, t);
            }
        }
    }

    /** Every attribute of {@code n} defined by its schema at the model's opset, of the schema's type. */
    private void attributes(OnnxNode n, TypeConstraints.Schema s) {
        for (String a : n.attributeNames()) {
            String type = s.attributes.get(a);
            if (type == null) {
                problem(n.describe() + ": attribute '" + a + "' is not defined for " + n.opType() + " at opset " + opset + " (its schema "
                        + n.opType() + "-" + s.since + " has " + s.attributes.keySet() + ")");
            } else if (!type.equals(n.attributeType(a))) {
                problem(n.describe() + ": attribute '" + a + "' is " + n.attributeType(a) + "; " + n.opType() + "-" + s.since
                        + " defines it as " + type);
            }
        }
    }

    /** The element type output {@code j} of {@code n} has, or null when the inputs' types do not fix it. */
    private String outputType(OnnxNode n, TypeConstraints.Schema s, int j, Map<String, String> bound) {
        TypeConstraints.Formal f = TypeConstraints.Schema.formal(s.outputs, j);
        if (f == null) {
            return null;
        }
        if (!f.letter) {
            return f.type;
        }
        String t = bound.get(f.type);
        if (t != null) {
            return t;
        }
        switch (n.opType()) {
            case "Cast":
                return TypeConstraints.typeName((int) Math.max(0, Math.min(Integer.MAX_VALUE, n.getInt("to", 0))));
            case "ConstantOfShape":
                return n.has("value") ? TypeConstraints.typeName(n.tensorAttributeType("value")) : "float";
            case "Constant":
                return TypeConstraints.typeName(n.constantElemType());
            default:
                Set<String> allowed = s.allowed.get(f.type);
                return allowed.size() == 1 ? allowed.iterator().next() : null;
        }
    }
}
