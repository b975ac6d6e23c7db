package io.github.torchact.parity.report;

import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.ScriptModule;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;
import io.github.torchact.torchscript.TorchScriptSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libtorch's scalar path: the same inputs cut into tensors of {@value #CHUNK} elements, each computed
 * by its own libtorch call. ATen's vectorised CPU loops handle blocks of 2 × {@code Vec::size()}
 * elements (16 float32 or 8 float64 with AVX2) and send the rest through the scalar routine, so a
 * tensor shorter than 8 never reaches the vector code. The loop over chunks runs inside one
 * TorchScript method, so it costs one JNI call per tensor, not per chunk.
 *
 * <p>Comparing this with the oracle (the padded, vectorised path) measures libtorch's own
 * vector↔scalar spread: how much torch disagrees with itself on the same input.
 */
public final class ScalarPathOracle implements AutoCloseable {

    /** Chunk length: below one AVX2 float64 double-vector block (8), so every element is scalar. */
    public static final int CHUNK = 7;

    private static final String CLASS = "ScalarPath";
    private static final Pattern RETURN = Pattern.compile("(?m)^    return (.+)$");

    private final Map<Params, String> methods = new LinkedHashMap<>();
    private final ScriptModule module;

    /** A module covering the elementwise parameter sets among {@code sets}; others are ignored. */
    public ScalarPathOracle(List<Params> sets) {
        StringBuilder src = new StringBuilder()
                .append("class ").append(CLASS).append("(Module):\n")
                .append("  __parameters__ = []\n  __buffers__ = []\n  training : bool\n");
        for (Params p : sets) {
            if (!supports(p) || methods.containsKey(p)) {
                continue;
            }
            String name = "m" + methods.size();
            methods.put(p, name);
            String expr = expression(p);
            String self = "self: __torch__." + CLASS;
            src.append("  def ").append(name).append("(").append(self).append(",\n    x: Tensor) -> Tensor:\n")
                    .append("    out = annotate(List[Tensor], [])\n")
                    .append("    for c in torch.split(x, ").append(CHUNK).append("):\n")
                    .append("      x0 = torch.clone(c)\n")
                    .append("      out.append(").append(expr.replaceAll("\\bx\\b", "x0")).append(")\n")
                    .append("    return torch.cat(out)\n");
            src.append("  def ").append(name).append("_backward(").append(self)
                    .append(",\n    x: Tensor,\n    grad: Tensor) -> Tensor:\n")
                    .append("    out = annotate(List[Tensor], [])\n")
                    .append("    gs = torch.split(grad, ").append(CHUNK).append(")\n")
                    .append("    xs = torch.split(x, ").append(CHUNK).append(")\n")
                    .append("    for i in range(torch.len(xs)):\n")
                    .append("      x0 = torch.requires_grad_(torch.clone(torch.detach(xs[i])))\n")
                    .append("      y = ").append(expr.replaceAll("\\bx\\b", "x0")).append("\n")
                    .append("      go = annotate(List[Optional[Tensor]], [torch.clone(gs[i])])\n")
                    .append("      r = torch.autograd.grad([y], [x0], go)\n")
                    .append("      out.append(unchecked_cast(Tensor, r[0]))\n")
                    .append("    return torch.cat(out)\n");
        }
        module = methods.isEmpty() ? null : ScriptModule.load(CLASS, src.toString());
    }

    /** Whether the scalar path is measured for this activation: elementwise ones without a weight. */
    public static boolean supports(Params p) {
        return p.spec().layout() == Layout.ELEMENTWISE;
    }

    /** f(x) computed in chunks of {@value #CHUNK}: every element on libtorch's scalar path. */
    public HostTensor forward(Params p, HostTensor x) {
        return module.call(method(p), false, flat(x)).get(0);
    }

    /** gy·f'(x) by autograd, in chunks of {@value #CHUNK}. */
    public HostTensor backward(Params p, HostTensor x, HostTensor gy) {
        return module.call(method(p) + "_backward", true, flat(x), flat(gy)).get(0);
    }

    private String method(Params p) {
        String m = methods.get(p);
        if (m == null) {
            throw new IllegalArgumentException("no scalar-path method for " + p);
        }
        return m;
    }

    private static HostTensor flat(HostTensor t) {
        return t.isF64() ? HostTensor.vector(t.f64()) : HostTensor.vector(t.f32());
    }

    /** The libtorch expression with these parameter values as literals, as the bound module writes it. */
    static String expression(Params p) {
        Matcher m = RETURN.matcher(TorchScriptSource.bound("Bound", p));
        if (!m.find()) {
            throw new IllegalStateException("no return line in the bound module of " + p);
        }
        return m.group(1);
    }

    @Override
    public void close() {
        if (module != null) {
            module.close();
        }
    }
}
