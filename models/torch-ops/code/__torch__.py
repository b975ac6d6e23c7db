# Generated from the activation catalog by io.github.torchact.parity.oracle.OracleSource;
# regenerate with: mvn -B -pl parity-tests -am process-classes -Pregenerate
class TorchOps(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def relu(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.relu(x)
  def relu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.relu(x)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def relu6(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.relu6(x)
  def relu6_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.relu6(x)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def leaky_relu(self: __torch__.TorchOps,
    x: Tensor,
    negative_slope: Tensor) -> Tensor:
    return torch.leaky_relu(x, float(negative_slope))
  def leaky_relu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    negative_slope: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.leaky_relu(x, float(negative_slope))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def leaky_relu_defaults(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.leaky_relu(x)
  def prelu(self: __torch__.TorchOps,
    x: Tensor,
    weight: Tensor) -> Tensor:
    return torch.prelu(x, weight)
  def prelu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    weight: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    weight = torch.requires_grad_(torch.detach(weight))
    y = torch.prelu(x, weight)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x, weight], go)
    return [unchecked_cast(Tensor, r[0]), unchecked_cast(Tensor, r[1])]
  def rrelu(self: __torch__.TorchOps,
    x: Tensor,
    lower: Tensor,
    upper: Tensor) -> Tensor:
    return torch.rrelu(x, float(lower), float(upper), False)
  def rrelu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    lower: Tensor,
    upper: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.rrelu(x, float(lower), float(upper), False)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def rrelu_defaults(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.rrelu(x)
  def elu(self: __torch__.TorchOps,
    x: Tensor,
    alpha: Tensor) -> Tensor:
    return torch.elu(x, float(alpha))
  def elu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    alpha: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.elu(x, float(alpha))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def elu_defaults(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.elu(x)
  def selu(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.selu(x)
  def selu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.selu(x)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def celu(self: __torch__.TorchOps,
    x: Tensor,
    alpha: Tensor) -> Tensor:
    return torch.celu(x, float(alpha))
  def celu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    alpha: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.celu(x, float(alpha))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def celu_defaults(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.celu(x)
  def gelu(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.gelu(x, approximate="none")
  def gelu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.gelu(x, approximate="none")
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def gelu_defaults(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.gelu(x)
  def gelu_tanh(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.gelu(x, approximate="tanh")
  def gelu_tanh_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.gelu(x, approximate="tanh")
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def silu(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.silu(x)
  def silu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.silu(x)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def mish(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.mish(x)
  def mish_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.mish(x)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def softplus(self: __torch__.TorchOps,
    x: Tensor,
    beta: Tensor,
    threshold: Tensor) -> Tensor:
    return torch.softplus(x, float(beta), float(threshold))
  def softplus_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    beta: Tensor,
    threshold: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.softplus(x, float(beta), float(threshold))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def softplus_defaults(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.softplus(x)
  def softsign(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.div(x, torch.add(torch.abs(x), 1))
  def softsign_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.div(x, torch.add(torch.abs(x), 1))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def sigmoid(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.sigmoid(x)
  def sigmoid_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.sigmoid(x)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def logsigmoid(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.log_sigmoid(x)
  def logsigmoid_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.log_sigmoid(x)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def tanh(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.tanh(x)
  def tanh_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.tanh(x)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def tanhshrink(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.sub(x, torch.tanh(x))
  def tanhshrink_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.sub(x, torch.tanh(x))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def hardtanh(self: __torch__.TorchOps,
    x: Tensor,
    min_val: Tensor,
    max_val: Tensor) -> Tensor:
    return torch.hardtanh(x, float(min_val), float(max_val))
  def hardtanh_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    min_val: Tensor,
    max_val: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.hardtanh(x, float(min_val), float(max_val))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def hardtanh_defaults(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.hardtanh(x)
  def hardsigmoid(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.hardsigmoid(x)
  def hardsigmoid_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.hardsigmoid(x)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def hardswish(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.hardswish(x)
  def hardswish_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.hardswish(x)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def hardshrink(self: __torch__.TorchOps,
    x: Tensor,
    lambd: Tensor) -> Tensor:
    return torch.hardshrink(x, float(lambd))
  def hardshrink_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    lambd: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.hardshrink(x, float(lambd))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def hardshrink_defaults(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.hardshrink(x)
  def softshrink(self: __torch__.TorchOps,
    x: Tensor,
    lambd: Tensor) -> Tensor:
    return torch.softshrink(x, float(lambd))
  def softshrink_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    lambd: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.softshrink(x, float(lambd))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def softshrink_defaults(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.softshrink(x)
  def threshold(self: __torch__.TorchOps,
    x: Tensor,
    threshold: Tensor,
    value: Tensor) -> Tensor:
    return torch.threshold(x, float(threshold), float(value))
  def threshold_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    threshold: Tensor,
    value: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.threshold(x, float(threshold), float(value))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def heaviside(self: __torch__.TorchOps,
    x: Tensor,
    values: Tensor) -> Tensor:
    return torch.heaviside(x, torch.full_like(x, float(values)))
  def heaviside_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    values: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.heaviside(x, torch.full_like(x, float(values)))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def identity(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return x
  def identity_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = x
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def glu(self: __torch__.TorchOps,
    x: Tensor,
    dim: Tensor) -> Tensor:
    return torch.glu(x, int(dim))
  def glu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    dim: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.glu(x, int(dim))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def glu_defaults(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.glu(x)
  def softmax(self: __torch__.TorchOps,
    x: Tensor,
    dim: Tensor) -> Tensor:
    return torch.softmax(x, int(dim))
  def softmax_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    dim: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.softmax(x, int(dim))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def log_softmax(self: __torch__.TorchOps,
    x: Tensor,
    dim: Tensor) -> Tensor:
    return torch.log_softmax(x, int(dim))
  def log_softmax_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    dim: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.log_softmax(x, int(dim))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def softmin(self: __torch__.TorchOps,
    x: Tensor,
    dim: Tensor) -> Tensor:
    return torch.softmax(torch.neg(x), int(dim))
  def softmin_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    dim: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.softmax(torch.neg(x), int(dim))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def softmax2d(self: __torch__.TorchOps,
    x: Tensor) -> Tensor:
    return torch.softmax(x, -3)
  def softmax2d_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.softmax(x, -3)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
  def flexible_relu(self: __torch__.TorchOps,
    x: Tensor,
    bias: Tensor) -> Tensor:
    return torch.add(torch.relu(x), torch.reshape(bias, [-1] + [1] * max(torch.dim(x) - 2, 0)))
  def flexible_relu_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    bias: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    bias = torch.requires_grad_(torch.detach(bias))
    y = torch.add(torch.relu(x), torch.reshape(bias, [-1] + [1] * max(torch.dim(x) - 2, 0)))
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x, bias], go)
    return [unchecked_cast(Tensor, r[0]), unchecked_cast(Tensor, r[1])]
  def squareplus(self: __torch__.TorchOps,
    x: Tensor,
    b: Tensor) -> Tensor:
    return torch.div(torch.add(x, torch.sqrt(torch.add(torch.mul(x, x), float(b)))), 2)
  def squareplus_backward(self: __torch__.TorchOps,
    x: Tensor,
    grad: Tensor,
    b: Tensor) -> List[Tensor]:
    x = torch.requires_grad_(torch.detach(x))
    y = torch.div(torch.add(x, torch.sqrt(torch.add(torch.mul(x, x), float(b)))), 2)
    go = annotate(List[Optional[Tensor]], [grad])
    r = torch.autograd.grad([y], [x], go)
    return [unchecked_cast(Tensor, r[0])]
