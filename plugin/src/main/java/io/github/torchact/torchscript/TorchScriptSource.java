package io.github.torchact.torchscript;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Param;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.PyRepr;

import java.util.Collection;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates TorchScript (the serialized dialect of {@code code/__torch__.py}) from activation specs.
 *
 * <p>Two shapes: the <b>oracle</b>, one module with methods {@code <name>}, {@code <name>_backward}
 * and {@code <name>_defaults} per activation, every parameter a 0-d tensor argument (methods called
 * with autograd on take tensors only); and a <b>bound module</b> for one activation with its
 * parameter values written as literals, whose {@code forward} a block calls.
 */
public final class TorchScriptSource {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private TorchScriptSource() {}

    /** The oracle module over {@code specs}. */
    public static String oracle(String className, Collection<ActivationSpec> specs) {
        StringBuilder sb = header(className);
        for (ActivationSpec s : specs) {
            String expr = fill(s, s.torchExpr(), p -> (p.kind() == Param.Kind.INT ? "int(" : "float(") + p.name() + ")");
            String paramArgs = paramArgs(s);
            sb.append(method(className, s.name(), "x: Tensor" + weightArg(s) + paramArgs, "Tensor"))
                    .append("    return ").append(expr).append('\n');
            sb.append(method(className, s.name() + "_backward",
                            "x: Tensor,\n    grad: Tensor" + weightArg(s) + paramArgs, "List[Tensor]"))
                    .append(backwardBody(s, expr));
            if (s.torchDefaultsExpr() != null) {
                sb.append(method(className, s.name() + "_defaults", "x: Tensor" + weightArg(s), "Tensor"))
                        .append("    return ").append(s.torchDefaultsExpr()).append('\n');
            }
        }
        return sb.toString();
    }

    /** A module whose {@code forward(x[, weight])} computes {@code p}'s activation. */
    public static String bound(String className, Params p) {
        ActivationSpec s = p.spec();
        String expr = expression(p);
        return header(className)
                .append(method(className, "forward", "x: Tensor" + weightArg(s), "Tensor"))
                .append("    return ").append(expr).append('\n')
                .toString();
    }

    /**
     * {@code p}'s libtorch expression (the spec's {@code torch(...)} form) over {@code x} and, for an activation
     * with a learnable tensor, that tensor's name ({@code ActivationSpec.weight().name()}), with the parameter values
     * written as literals: the expression {@link #bound}'s {@code forward} returns.
     */
    public static String expression(Params p) {
        ActivationSpec s = p.spec();
        return fill(s, s.torchExpr(), q -> literal(p.get(s.paramIndex(q.name())), q.kind()));
    }

    private static StringBuilder header(String className) {
        return new StringBuilder()
                .append("class ").append(className).append("(Module):\n")
                .append("  __parameters__ = []\n  __buffers__ = []\n  training : bool\n");
    }

    private static String method(String cls, String name, String args, String ret) {
        return "  def " + name + "(self: __torch__." + cls + ",\n    " + args + ") -> " + ret + ":\n";
    }

    private static String weightArg(ActivationSpec s) {
        return s.weight() == null ? "" : ",\n    " + s.weight().name() + ": Tensor";
    }

    private static String paramArgs(ActivationSpec s) {
        StringBuilder sb = new StringBuilder();
        for (Param p : s.params()) {
            sb.append(",\n    ").append(p.name()).append(": Tensor");
        }
        return sb.toString();
    }

    /** Autograd's vector-Jacobian product for x (and the weight), as torch.autograd.grad gives it. */
    private static String backwardBody(ActivationSpec s, String expr) {
        StringBuilder b = new StringBuilder();
        b.append("    x = torch.requires_grad_(torch.detach(x))\n");
        String inputs = "[x]";
        if (s.weight() != null) {
            String w = s.weight().name();
            b.append("    ").append(w).append(" = torch.requires_grad_(torch.detach(").append(w).append("))\n");
            inputs = "[x, " + w + "]";
        }
        b.append("    y = ").append(expr).append('\n');
        b.append("    go = annotate(List[Optional[Tensor]], [grad])\n");
        b.append("    r = torch.autograd.grad([y], ").append(inputs).append(", go)\n");
        b.append("    return [unchecked_cast(Tensor, r[0])");
        if (s.weight() != null) {
            b.append(", unchecked_cast(Tensor, r[1])");
        }
        return b.append("]\n").toString();
    }

    private static String fill(ActivationSpec s, String template, Function<Param, String> text) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Param p = s.params().get(s.paramIndex(m.group(1)));
            m.appendReplacement(out, Matcher.quoteReplacement(text.apply(p)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A TorchScript literal that parses back to exactly {@code v}. */
    static String literal(double v, Param.Kind kind) {
        if (kind == Param.Kind.INT) {
            return Long.toString((long) v);
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "float(\"inf\")" : "float(\"-inf\")";
        }
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("NaN is not a valid activation parameter");
        }
        String r = PyRepr.of(v);
        return r.startsWith("-") ? "(" + r + ")" : r;
    }
}
