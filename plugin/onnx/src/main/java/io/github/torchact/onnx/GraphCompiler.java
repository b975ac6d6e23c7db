package io.github.torchact.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one TorchScript module for a whole converted graph, from the nodes' {@link ScriptForm}s: each distinct
 * body once as a free function {@code op_<k>(a0: Tensor, ...)} in the module's source file, and
 * {@code forward(self, <graph inputs>, params: List[Tensor], consts: List[Tensor])} calling them in the graph's
 * (topological) order and returning the graph outputs (a tuple when there are several). Parameters and constants
 * are tensor arguments, so the module pickles no tensors and the DJL parameters stay the block's. When a node's
 * training form differs (BatchNormalization, Dropout, recurrent layers) a second method {@code forward_train} runs
 * the training bodies. TorchScript inlines the function calls; the module runs the same libtorch operators, in the
 * same order, as the node-by-node evaluation.
 */
final class GraphCompiler {

    static final String CLASS_NAME = "TorchactOnnxGraph";
    static final String TRAIN_METHOD = "forward_train";
    static final String PARAMS = "params";
    static final String CONSTS = "consts";
    static final String PACKED = "packed";
    static final String PREPACK_METHOD = "prepack";

    /** A compiled graph: the module source and what its forward takes; or why the graph cannot be compiled. */
    static final class Result {
        final String source;
        final String failure;
        /** ONNX names of the parameters and constants, in the order of the params and consts lists. */
        final List<String> params;
        final List<String> constants;
        final boolean trainMethod;
        final int methods;
        /** For each line of the source that calls a node's method (1-based), the node. */
        final Map<Integer, OnnxNode> lineNodes;
        /**
         * What each entry of the packed list holds (the weight's ONNX name and the packing code), in the order of the
         * list method {@link #PREPACK_METHOD} makes from the consts list and the forwards take as their last argument
         * {@link #PACKED}; empty when nothing is packed. Modules of one graph with equal keys (the generic one and its
         * shape specialisations) make equal lists, so they can share one.
         */
        final List<String> packKeys;

        private Result(String source, String failure, List<String> params, List<String> constants, boolean trainMethod,
                int methods, Map<Integer, OnnxNode> lineNodes, List<String> packKeys) {
            this.source = source;
            this.failure = failure;
            this.params = params;
            this.constants = constants;
            this.trainMethod = trainMethod;
            this.methods = methods;
            this.lineNodes = lineNodes;
            this.packKeys = packKeys;
        }

        static Result failed(String why) {
            return new Result(null, why, List.of(), List.of(), false, 0, Map.of(), List.of());
        }

        boolean ok() {
            return source != null;
        }
    }

    private GraphCompiler() {}

    /**
     * Compiles the block's graph when {@code options} ask for it and every node has a script form, else leaves it node
     * by node; the report says which.
     */
    static void attach(OnnxGraphBlock block, List<OnnxGraphBlock.Step> steps, List<String> inputs, List<String> outputs,
            Set<String> params, Set<String> constants, ImportOptions options, ImportReport report) {
        if (!options.compile()) {
            report.note("forward: node by node (ImportOptions.optCompile(false))");
            return;
        }
        if (!CompiledGraph.available()) {
            report.note("forward: node by node (DJL's PyTorch engine is not on the class path)");
            return;
        }
        Result r = compile(steps, inputs, outputs, params, constants, prepacks(options));
        if (!r.ok()) {
            report.note("forward: node by node, not compiled: " + r.failure);
            return;
        }
        block.compile(r, options.graphExecutorOptimize());
        report.note("forward: one TorchScript module call on PyTorch (" + steps.size() + " nodes, " + r.methods
                + " distinct node bodies, " + r.params.size() + " parameters, " + r.constants.size() + " constants"
                + (r.trainMethod ? ", training method " + TRAIN_METHOD : "")
                + (!r.packKeys.isEmpty() ? ", " + r.packKeys.size() + " weights prepacked for oneDNN" : "") + ")");
    }

    /**
     * Whether compiled forwards run oneDNN's convolution and linear on weights packed once (the inference rewrites,
     * where weights are constants, and when the direct module call can hand the packed list over).
     */
    static boolean prepacks(ImportOptions options) {
        return options.inferenceRewrites() && options.prepackWeights() && CompiledGraph.directCall();
    }

    /**
     * Compiles {@code steps}. {@code params} and {@code constants} are the ONNX names of the block's parameters and
     * constants (the values a node may read besides graph inputs and earlier outputs). With {@code prepack}, a node
     * whose form has a {@link ScriptForm.Packed} variant and whose weight is a constant runs that variant in
     * {@code forward} (the training forward keeps the plain form).
     */
    static Result compile(List<OnnxGraphBlock.Step> steps, List<String> inputs, List<String> outputs, Set<String> params,
            Set<String> constants, boolean prepack) {
        if (steps.isEmpty()) {
            return Result.failed("the graph has no nodes to run");
        }
        List<ScriptForm> forms = new ArrayList<>();
        boolean train = false;
        for (OnnxGraphBlock.Step s : steps) {
            ScriptForm f;
            try {
                f = s.op.script();
            } catch (RuntimeException e) {
                return Result.failed(s.node.describe() + ": " + e.getMessage());
            }
            if (f == null) {
                return Result.failed(s.node.describe() + " has no TorchScript form");
            }
            long used = s.node.outputs().stream().filter(o -> !o.isEmpty()).count();
            if (used > 0 && s.node.outputs().size() > f.outputs()) {
                return Result.failed(s.node.describe() + " has " + s.node.outputs().size() + " outputs, its TorchScript form "
                        + f.outputs());
            }
            forms.add(f);
            train |= f.dependsOnTraining();
        }

        // every value: graph inputs x<i>, parameters and constants from the lists, node outputs v<k>
        Map<String, String> vars = new HashMap<>();
        List<String> signature = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            vars.put(inputs.get(i), "x" + i);
            signature.add("x" + i + ": Tensor");
        }
        // parameters and constants read by a node (before any node output of that name) or returned
        Set<String> usedParams = new LinkedHashSet<>();
        Set<String> usedConsts = new LinkedHashSet<>();
        Set<String> produced = new java.util.HashSet<>(vars.keySet());
        for (int k = 0; k < steps.size(); k++) {
            OnnxNode n = steps.get(k).node;
            for (int a : forms.get(k).args()) {
                note(n.input(a), produced, params, constants, usedParams, usedConsts);
            }
            produced.addAll(n.outputs());
        }
        for (String o : outputs) {
            note(o, produced, params, constants, usedParams, usedConsts);
        }
        List<String> prologue = new ArrayList<>();
        List<String> paramList = new ArrayList<>(usedParams);
        List<String> constList = new ArrayList<>(usedConsts);
        for (int i = 0; i < paramList.size(); i++) {
            if (!vars.containsKey(paramList.get(i))) {
                vars.put(paramList.get(i), "p" + i);
            }
            prologue.add("p" + i + " = " + PARAMS + "[" + i + "]");
        }
        for (int i = 0; i < constList.size(); i++) {
            if (!vars.containsKey(constList.get(i))) {
                vars.put(constList.get(i), "c" + i);
            }
            prologue.add("c" + i + " = " + CONSTS + "[" + i + "]");
        }
        if (!paramList.isEmpty()) {
            signature.add(PARAMS + ": List[Tensor]");
        }
        if (!constList.isEmpty()) {
            signature.add(CONSTS + ": List[Tensor]");
        }

        // node calls: one method per distinct body
        Map<String, String> methods = new LinkedHashMap<>();
        StringBuilder methodSource = new StringBuilder();
        List<String> evalCalls = new ArrayList<>();
        List<String> trainCalls = new ArrayList<>();
        // prepacked weights: "<const index>/<pack body>" -> index in the packed list; each entry's (const, pack method)
        Map<String, Integer> packIndex = new LinkedHashMap<>();
        List<String> packKeys = new ArrayList<>();
        List<String> packCalls = new ArrayList<>();
        // activation steps folded into the oneDNN op before them: step -> the variable of its output
        Map<Integer, String> fusedOutputs = new HashMap<>();
        Map<String, Integer> consumers = consumers(steps, outputs);
        int next = 0;
        for (int k = 0; k < steps.size(); k++) {
            OnnxNode n = steps.get(k).node;
            ScriptForm f = forms.get(k);
            List<String> args = new ArrayList<>();
            for (int a : f.args()) {
                String v = vars.get(n.input(a));
                if (v == null) {
                    return Result.failed(n.describe() + ": input '" + n.input(a) + "' is not a graph input, parameter, constant"
                            + " or output of an earlier node");
                }
                args.add(v);
            }
            List<String> outs = new ArrayList<>();
            for (int j = 0; j < f.outputs(); j++) {
                String o = j < n.outputs().size() ? n.output(j) : "";
                if (o.isEmpty()) {
                    outs.add("_u" + k + "_" + j);
                } else {
                    String v = fusedOutputs.containsKey(k) ? fusedOutputs.get(k) : "v" + next++;
                    vars.put(o, v);
                    outs.add(v);
                }
            }
            String lhs = String.join(", ", outs);
            ScriptForm.Packed pk = prepack ? f.packed() : null;
            int weightConst = pk == null ? -1 : constList.indexOf(n.input(f.args()[pk.weightArg]));
            if (fusedOutputs.containsKey(k)) {
                evalCalls.add(null); // computed by the oneDNN op before it, as its fused post-op
            } else if (weightConst >= 0 && ("c" + weightConst).equals(args.get(pk.weightArg))) {
                String packMethod = method(methods, methodSource, 1, 1, "w = a0\n" + pk.pack);
                int slot = packIndex.computeIfAbsent(weightConst + "/" + packMethod, key -> {
                    packCalls.add(PACKED + ".append(" + call(packMethod) + "(" + CONSTS + "[" + weightConst + "]))");
                    packKeys.add(constList.get(weightConst) + "\n" + pk.pack);
                    return packIndex.size();
                });
                int act = pk.fusesUnary ? fusableActivation(steps, forms, k, consumers, outputs) : -1;
                String packed = pk.body;
                String fallback = f.body();
                String evalLhs = lhs;
                if (act >= 0) {
                    // the activation as oneDNN's post-op; unpacked: the two plain methods, one after the other
                    packed = pk.fused(ONEDNN_UNARY.get(opKey(steps.get(act).node)));
                    String plain = method(methods, methodSource, args.size(), 1, f.body());
                    String activation = method(methods, methodSource, 1, 1, forms.get(act).body());
                    fallback = "return " + call(activation) + "(" + call(plain) + "(" + String.join(", ", args(args.size())) + "))";
                    evalLhs = "v" + next++;
                    fusedOutputs.put(act, evalLhs);
                }
                String body = "pw = a" + args.size() + "\nif " + pk.guard + ":\n  " + packed.replace("\n", "\n  ") + "\n" + fallback;
                String evalMethod = method(methods, methodSource, args.size() + 1, f.outputs(), body);
                evalCalls.add(evalLhs + " = " + call(evalMethod) + "(" + String.join(", ", args) + ", k" + slot + ")");
            } else {
                evalCalls.add(lhs + " = " + call(method(methods, methodSource, args.size(), f.outputs(), f.body())) + "("
                        + String.join(", ", args) + ")");
            }
            if (train) {
                String trainMethod = method(methods, methodSource, args.size(), f.outputs(), f.trainBody());
                trainCalls.add(lhs + " = " + call(trainMethod) + "(" + String.join(", ", args) + ")");
            }
        }
        List<String> results = new ArrayList<>();
        for (String o : outputs) {
            String v = vars.get(o);
            if (v == null) {
                return Result.failed("graph output '" + o + "' is produced by no node");
            }
            results.add(v);
        }
        if (!packIndex.isEmpty()) {
            signature.add(PACKED + ": List[Tensor]");
            for (int j = 0; j < packIndex.size(); j++) {
                prologue.add("k" + j + " = " + PACKED + "[" + j + "]");
            }
        }
        String returnType = tupleType(results.size());
        String ret = results.size() == 1 ? "return " + results.get(0) : "return (" + String.join(", ", results) + ")";

        StringBuilder src = new StringBuilder(methodSource)
                .append("class ").append(CLASS_NAME).append("(Module):\n")
                .append("  __parameters__ = []\n  __buffers__ = []\n  training : bool\n");
        Map<Integer, OnnxNode> lineNodes = new HashMap<>();
        int[] line = {lines(src)};
        appendForward(src, line, "forward", signature, returnType, prologue, evalCalls, ret, steps, lineNodes);
        if (train) {
            appendForward(src, line, TRAIN_METHOD, signature, returnType, prologue, trainCalls, ret, steps, lineNodes);
        }
        if (!packCalls.isEmpty()) {
            src.append("  def ").append(PREPACK_METHOD).append("(self: __torch__.").append(CLASS_NAME).append(",\n    ")
                    .append(CONSTS).append(": List[Tensor]) -> List[Tensor]:\n    ")
                    .append(PACKED).append(" = annotate(List[Tensor], [])\n");
            packCalls.forEach(c -> src.append("    ").append(c).append('\n'));
            src.append("    return ").append(PACKED).append('\n');
        }
        return new Result(src.toString(), null, Collections.unmodifiableList(paramList), Collections.unmodifiableList(constList),
                train, methods.size(), Collections.unmodifiableMap(lineNodes), Collections.unmodifiableList(packKeys));
    }

    /** The oneDNN unary post-ops (mkldnn's fusion_unary_attr_map) of the activations that fold into a packed op. */
    private static final Map<String, String> ONEDNN_UNARY = Map.of("/Relu", "relu", "/HardSwish", "hardswish",
            OnnxNode.TORCHACT_DOMAIN + "/" + io.github.torchact.spec.Catalog.RELU.name(), "relu",
            OnnxNode.TORCHACT_DOMAIN + "/" + io.github.torchact.spec.Catalog.HARDSWISH.name(), "hardswish");

    private static String opKey(OnnxNode n) {
        return n.domain() + "/" + n.opType();
    }

    /** How many times each value is read (node inputs, graph outputs). */
    private static Map<String, Integer> consumers(List<OnnxGraphBlock.Step> steps, List<String> outputs) {
        Map<String, Integer> c = new HashMap<>();
        for (OnnxGraphBlock.Step s : steps) {
            s.node.inputs().stream().filter(i -> !i.isEmpty()).forEach(i -> c.merge(i, 1, Integer::sum));
        }
        outputs.forEach(o -> c.merge(o, 1, Integer::sum));
        return c;
    }

    /**
     * The step of a oneDNN-fusable activation that is the only reader of step {@code k}'s single output and reads
     * nothing else, or -1.
     */
    private static int fusableActivation(List<OnnxGraphBlock.Step> steps, List<ScriptForm> forms, int k,
            Map<String, Integer> consumers, List<String> outputs) {
        OnnxNode n = steps.get(k).node;
        if (forms.get(k).outputs() != 1 || n.outputs().size() != 1 || consumers.getOrDefault(n.output(0), 0) != 1) {
            return -1;
        }
        for (int j = k + 1; j < steps.size(); j++) {
            OnnxNode a = steps.get(j).node;
            if (!a.inputs().contains(n.output(0))) {
                continue;
            }
            ScriptForm f = forms.get(j);
            boolean fits = ONEDNN_UNARY.containsKey(opKey(a)) && a.outputs().size() == 1 && !a.output(0).isEmpty()
                    && f.args().length == 1 && f.outputs() == 1 && !f.dependsOnTraining()
                    && a.input(f.args()[0]).equals(n.output(0));
            return fits ? j : -1;
        }
        return -1;
    }

    private static List<String> args(int count) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            a.add("a" + i);
        }
        return a;
    }

    private static void note(String value, Set<String> produced, Set<String> params, Set<String> constants, Set<String> usedParams,
            Set<String> usedConsts) {
        if (produced.contains(value)) {
            return;
        }
        if (params.contains(value)) {
            usedParams.add(value);
        } else if (constants.contains(value)) {
            usedConsts.add(value);
        }
    }

    /**
     * The function computing {@code body}, written once per distinct (arity, outputs, body). A free function, not a
     * method: libtorch compiles a module method about four times slower (0.2 against 0.05 ms for a one-line body), and
     * compiling the module is the largest part of an import.
     */
    private static String method(Map<String, String> methods, StringBuilder out, int arity, int outputs, String body) {
        String key = arity + "/" + outputs + "/" + body;
        String name = methods.get(key);
        if (name != null) {
            return name;
        }
        name = "op_" + methods.size();
        methods.put(key, name);
        out.append("def ").append(name).append("(");
        for (int i = 0; i < arity; i++) {
            out.append(i == 0 ? "a" : ",\n    a").append(i).append(": Tensor");
        }
        out.append(") -> ").append(tupleType(outputs)).append(":\n");
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                out.append("  ").append(line).append('\n');
            }
        }
        return name;
    }

    /** A call of the free function {@code name}, which the same source file defines. */
    private static String call(String name) {
        return "__torch__." + name;
    }

    /** Appends a forward method; {@code line[0]} counts the source's lines so far. */
    private static void appendForward(StringBuilder src, int[] line, String name, List<String> signature, String returnType,
            List<String> prologue, List<String> calls, String ret, List<OnnxGraphBlock.Step> steps, Map<Integer, OnnxNode> lineNodes) {
        src.append("  def ").append(name).append("(self: __torch__.").append(CLASS_NAME);
        line[0]++;
        for (String s : signature) {
            src.append(",\n    ").append(s);
            line[0]++;
        }
        src.append(") -> ").append(returnType).append(":\n");
        for (String p : prologue) {
            src.append("    ").append(p).append('\n');
            line[0]++;
        }
        for (int k = 0; k < calls.size(); k++) {
            if (calls.get(k) == null) {
                continue; // folded into an earlier call
            }
            lineNodes.put(++line[0], steps.get(k).node);
            src.append("    ").append(calls.get(k)).append('\n');
        }
        src.append("    ").append(ret).append('\n');
        line[0]++;
    }

    private static int lines(StringBuilder sb) {
        int n = 0;
        for (int i = 0; i < sb.length(); i++) {
            if (sb.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String tupleType(int n) {
        if (n == 1) {
            return "Tensor";
        }
        StringBuilder sb = new StringBuilder("Tuple[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "Tensor" : ", Tensor");
        }
        return sb.append(']').toString();
    }
}
