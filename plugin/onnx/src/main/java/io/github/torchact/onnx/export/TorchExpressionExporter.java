package io.github.torchact.onnx.export;

import io.github.torchact.spec.Params;
import io.github.torchact.torchscript.TorchScriptSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ONNX form of a catalog activation that has no hand-written one, read from its spec's libtorch expression
 * (the oracle's definition) when that is a tree of elementwise {@code torch.*} calls over {@code x} and number
 * literals with a direct ONNX counterpart: squareplus's {@code torch.div(torch.add(x, torch.sqrt(...)), 2)} becomes
 * Div(Add(x, Sqrt(...)), 2). Numbers become constants of x's type, as libtorch applies a Python scalar to a
 * float tensor in the tensor's type.
 */
final class TorchExpressionExporter {

    private static final Map<String, String> OPS = Map.ofEntries(
            Map.entry("add", "Add"), Map.entry("sub", "Sub"), Map.entry("mul", "Mul"), Map.entry("div", "Div"),
            Map.entry("neg", "Neg"), Map.entry("abs", "Abs"), Map.entry("sqrt", "Sqrt"), Map.entry("exp", "Exp"),
            Map.entry("log", "Log"), Map.entry("tanh", "Tanh"), Map.entry("sigmoid", "Sigmoid"),
            Map.entry("relu", "Relu"), Map.entry("maximum", "Max"), Map.entry("minimum", "Min"));

    private final String text;
    private final String x;
    private final ExportContext ctx;
    private int at;

    private TorchExpressionExporter(String text, String x, ExportContext ctx) {
        this.text = text.replace(" ", "");
        this.x = x;
        this.ctx = ctx;
    }

    /** Writes {@code p}'s expression over {@code x}, or returns null if it is not such a tree (nothing written then). */
    static String write(Params p, String x, ExportContext ctx) {
        String expr = TorchScriptSource.expression(p);
        if (!new TorchExpressionExporter(expr, x, null).parse()) {
            return null;
        }
        TorchExpressionExporter w = new TorchExpressionExporter(expr, x, ctx);
        return w.value();
    }

    /** Whether the whole text is a supported tree; writes nothing. */
    private boolean parse() {
        try {
            value();
            return at == text.length();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    private String value() {
        if (text.startsWith("torch.", at)) {
            int open = text.indexOf('(', at);
            String op = OPS.get(text.substring(at + "torch.".length(), open));
            if (op == null) {
                throw new IllegalArgumentException("no ONNX op for " + text.substring(at, open));
            }
            at = open + 1;
            List<String> args = new ArrayList<>();
            while (true) {
                args.add(value());
                char c = text.charAt(at++);
                if (c == ')') {
                    break;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or ) at " + (at - 1));
                }
            }
            return ctx == null ? "" : ctx.node(op, args);
        }
        if (text.startsWith("x", at) && (at + 1 == text.length() || ",)".indexOf(text.charAt(at + 1)) >= 0)) {
            at++;
            return x;
        }
        int end = at;
        boolean parenthesised = text.charAt(at) == '(';
        if (parenthesised) {
            end = text.indexOf(')', at);
        } else {
            while (end < text.length() && ",)".indexOf(text.charAt(end)) < 0) {
                end++;
            }
        }
        double v = Double.parseDouble(text.substring(parenthesised ? at + 1 : at, end));
        at = parenthesised ? end + 1 : end;
        return ctx == null ? "" : ctx.constant(x, v);
    }
}
