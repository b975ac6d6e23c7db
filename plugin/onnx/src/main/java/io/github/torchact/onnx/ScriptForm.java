package io.github.torchact.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A converted node written as TorchScript, for the compiled forward ({@link GraphCompiler}): a body of statements
 * over the tensors {@code a0 .. a(k-1)} ending in {@code return} (one tensor, or a tuple of {@link #outputs()}
 * tensors), in the format {@link TorchScriptOp} runs, where {@code a_j} is node input {@link #args()}{@code [j]}.
 * Inputs a body does not read (omitted optional inputs, shapes and axes written into it as literals at import)
 * are not arguments.
 *
 * <p>A form runs the same libtorch operators, in the same order and with the same argument values, as the node's
 * {@link GraphOp#apply} does on DJL's PyTorch engine, so the compiled forward equals the node-by-node one bit for bit
 * and autograd records the same operators. A node whose training forward differs (BatchNormalization, Dropout,
 * recurrent layers) has a {@link #trainBody()}.
 */
public final class ScriptForm {

    private final int[] args;
    private final int outputs;
    private final String body;
    private final String trainBody;
    private final Packed packed;

    /**
     * An inference form reading a prepacked copy of a constant weight (the compiled forward of
     * {@link ImportOptions#optInferenceRewrites}): {@link #pack} turns the weight {@code w} into the packed tensor once,
     * returning {@code w} itself where the packing's preconditions do not hold; where {@link #guard} holds at run time
     * (over {@code a0 ..} and the packed tensor {@code pw}) {@link #body} runs instead of the form's own body. Where
     * {@link #body} contains {@link #UNARY}, the oneDNN op's fused unary post-op, an activation that reads only this
     * output can fold into it ({@link #fused}).
     */
    static final class Packed {
        /** The placeholder of the oneDNN unary post-op in a body (the op's attr argument, "none" unfused). */
        static final String UNARY = "\"none\"";

        final int weightArg;
        final String pack;
        final String guard;
        final String body;
        final boolean fusesUnary;

        Packed(int weightArg, String pack, String guard, String body, boolean fusesUnary) {
            this.weightArg = weightArg;
            this.pack = pack.strip();
            this.guard = guard.strip();
            this.body = body.strip();
            this.fusesUnary = fusesUnary;
        }

        /** The body with oneDNN unary post-op {@code attr} ("relu", "hardswish", ...). */
        String fused(String attr) {
            return body.replace(UNARY, "\"" + attr + "\"");
        }
    }

    private ScriptForm(int[] args, int outputs, String body, String trainBody) {
        this(args, outputs, body, trainBody, null);
    }

    private ScriptForm(int[] args, int outputs, String body, String trainBody, Packed packed) {
        if (outputs < 1) {
            throw new IllegalArgumentException("a script form returns at least one tensor");
        }
        this.args = args.clone();
        this.outputs = outputs;
        this.body = body.strip();
        this.trainBody = trainBody == null ? null : trainBody.strip();
        this.packed = packed;
    }

    /** A form reading node inputs {@code args} (in that order, as a0, a1, ...). */
    static ScriptForm of(int[] args, int outputs, String body) {
        return new ScriptForm(args, outputs, body, null);
    }

    /** A form reading the node's first {@code inputs} inputs as a0 .. a(inputs-1). */
    static ScriptForm of(int inputs, int outputs, String body) {
        return of(range(inputs), outputs, body);
    }

    /** A one-output form reading the node's first {@code inputs} inputs. */
    static ScriptForm of(int inputs, String body) {
        return of(inputs, 1, body);
    }

    /** This form with a different body for the block's training forward. */
    ScriptForm withTrain(String train) {
        return new ScriptForm(args, outputs, body, train, packed);
    }

    /** This form with a prepacked-weight inference variant (argument {@code weightArg} is the weight). */
    ScriptForm withPacked(int weightArg, String pack, String guard, String packedBody) {
        return new ScriptForm(args, outputs, body, trainBody, new Packed(weightArg, pack, guard, packedBody, false));
    }

    /** As {@link #withPacked}, with a body whose {@link Packed#UNARY} attr can take a fused activation. */
    ScriptForm withPackedFusing(int weightArg, String pack, String guard, String packedBody) {
        return new ScriptForm(args, outputs, body, trainBody, new Packed(weightArg, pack, guard, packedBody, true));
    }

    /** The prepacked-weight variant, or null. */
    Packed packed() {
        return packed;
    }

    /** The same body over other node inputs. */
    ScriptForm remap(int[] newArgs) {
        if (newArgs.length != args.length) {
            throw new IllegalArgumentException("remap needs " + args.length + " arguments, got " + newArgs.length);
        }
        return new ScriptForm(newArgs, outputs, body, trainBody, packed);
    }

    /** The node input index of each argument a0, a1, ... */
    public int[] args() {
        return args.clone();
    }

    /** How many values the TorchScript returns. */
    public int outputs() {
        return outputs;
    }

    /** The inference body (what a forward with {@code training = false} runs). */
    public String body() {
        return body;
    }

    /** The training body, or the inference body when the node does not depend on the training flag. */
    public String trainBody() {
        return trainBody == null ? body : trainBody;
    }

    /** Whether the training body differs from the inference body. */
    public boolean dependsOnTraining() {
        return trainBody != null && !trainBody.equals(body);
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** The indices of the node's given (non-empty) inputs, in order. */
    static int[] present(OnnxNode n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            if (!n.input(i).isEmpty()) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Statements joined by newlines (empty ones left out). */
    static String lines(String... s) {
        List<String> out = new ArrayList<>();
        for (String l : s) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return String.join("\n", out);
    }

    /** A TorchScript float literal that parses back to exactly {@code v}. */
    static String f(double v) {
        return TorchScriptOp.literal(v);
    }

    /** A TorchScript int list literal. */
    static String ints(long... v) {
        return TorchScriptOp.ints(v);
    }

    static String py(boolean b) {
        return b ? "True" : "False";
    }

    @Override
    public String toString() {
        return "ScriptForm(args " + Arrays.toString(args) + ", " + outputs + " outputs)\n" + body
                + (dependsOnTraining() ? "\n-- training:\n" + trainBody : "");
    }
}
