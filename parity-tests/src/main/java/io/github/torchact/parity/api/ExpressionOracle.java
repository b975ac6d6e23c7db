package io.github.torchact.parity.api;

import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.ScriptModule;

/**
 * libtorch computing a user's TorchScript expression in {@code x}: a module generated with {@code
 * forward(x) = expr} and {@code backward(x, grad) = torch.autograd.grad(expr, x, grad)}.
 *
 * <p>Accepted expressions are TorchScript's serialized dialect: calls to ATen builtins under {@code
 * torch.} ({@code torch.gelu(x, approximate="tanh")}, {@code torch.mul(x, torch.sigmoid(x))}, {@code
 * torch.clamp(x, -1.0, 1.0)}), arithmetic operators on tensors and Python number literals. Python
 * library functions are not: {@code torch.nn.functional.*} and {@code F.*} do not exist there.
 */
public final class ExpressionOracle implements AutoCloseable {

    private static final String CLASS = "UserExpression";

    private final String expression;
    private final ScriptModule module;

    /**
     * Compiles {@code expression} in libtorch.
     *
     * @throws IllegalArgumentException if the expression is not accepted, with libtorch's reason
     */
    public ExpressionOracle(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("expression must be a TorchScript expression in x, got: " + expression);
        }
        if (expression.contains("\n")) {
            throw new IllegalArgumentException("expression must be a single line, got: " + expression);
        }
        if (expression.matches(".*\\b(torch\\.nn\\.functional|F)\\.\\w+.*")) {
            throw new IllegalArgumentException("expression '" + expression + "': torch.nn.functional (F.*) is Python, "
                    + "not available to libtorch's TorchScript; call the ATen builtin instead, e.g. "
                    + "torch.gelu(x, approximate=\"tanh\"), torch.silu(x), torch.softplus(x, 1.0, 20.0), torch.hardtanh(x, -1.0, 1.0)");
        }
        this.expression = expression;
        String self = "self: __torch__." + CLASS;
        String src = "class " + CLASS + "(Module):\n  __parameters__ = []\n  __buffers__ = []\n  training : bool\n"
                + "  def forward(" + self + ",\n    x: Tensor) -> Tensor:\n    return " + expression + "\n"
                + "  def backward(" + self + ",\n    x: Tensor,\n    grad: Tensor) -> Tensor:\n"
                + "    x = torch.requires_grad_(torch.detach(x))\n"
                + "    y = " + expression + "\n"
                + "    go = annotate(List[Optional[Tensor]], [grad])\n"
                + "    r = torch.autograd.grad([y], [x], go)\n"
                + "    return unchecked_cast(Tensor, r[0])\n";
        try {
            this.module = ScriptModule.load(CLASS, src);
        } catch (ScriptModule.ScriptRejectedException e) {
            throw new IllegalArgumentException("libtorch rejected the expression '" + expression + "'. Accepted: one "
                    + "TorchScript expression in x calling torch.<ATen op> builtins (e.g. torch.gelu(x, approximate=\"tanh\")); "
                    + "libtorch says: " + e.getMessage(), e);
        }
    }

    /** The libtorch expression. */
    public String expression() {
        return expression;
    }

    /** libtorch's value of the expression at {@code x}. */
    public HostTensor forward(HostTensor x) {
        return call("forward", false, x);
    }

    /** torch.autograd's gy·f'(x). */
    public HostTensor backward(HostTensor x, HostTensor gy) {
        return call("backward", true, x, gy);
    }

    private HostTensor call(String method, boolean grad, HostTensor... args) {
        try {
            return module.call(method, grad, args).get(0);
        } catch (ScriptModule.ScriptRejectedException e) {
            throw new IllegalArgumentException("libtorch failed evaluating '" + expression + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        module.close();
    }
}
