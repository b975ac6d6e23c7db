"""Step 2 of the one-off cross-version table (see CrossVersionTable.java): computes every exported
parity case with this Python's PyTorch (vectorised AVX2 path, one thread) and writes <id>_y.bin and
<id>_gx.bin next to the inputs.

  python cross_version.py <dir written by 'CrossVersionTable export'>
"""
import json
import os
import sys

os.environ["ATEN_CPU_CAPABILITY"] = "avx2"
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)


def call(name, p, x, w):
    if name == "relu": return torch.relu(x)
    if name == "relu6": return F.relu6(x)
    if name == "leaky_relu": return F.leaky_relu(x, p["negative_slope"])
    if name == "prelu": return F.prelu(x, w)
    if name == "rrelu": return F.rrelu(x, p["lower"], p["upper"], training=False)
    if name == "elu": return F.elu(x, p["alpha"])
    if name == "selu": return F.selu(x)
    if name == "celu": return F.celu(x, p["alpha"])
    if name == "gelu": return F.gelu(x)
    if name == "gelu_tanh": return F.gelu(x, approximate="tanh")
    if name == "silu": return F.silu(x)
    if name == "mish": return F.mish(x)
    if name == "softplus": return F.softplus(x, p["beta"], p["threshold"])
    if name == "softsign": return F.softsign(x)
    if name == "sigmoid": return torch.sigmoid(x)
    if name == "logsigmoid": return F.logsigmoid(x)
    if name == "tanh": return torch.tanh(x)
    if name == "tanhshrink": return F.tanhshrink(x)
    if name == "hardtanh": return F.hardtanh(x, p["min_val"], p["max_val"])
    if name == "hardsigmoid": return F.hardsigmoid(x)
    if name == "hardswish": return F.hardswish(x)
    if name == "hardshrink": return F.hardshrink(x, p["lambd"])
    if name == "softshrink": return F.softshrink(x, p["lambd"])
    if name == "threshold": return F.threshold(x, p["threshold"], p["value"])
    if name == "heaviside": return torch.heaviside(x, torch.full_like(x, p["values"]))
    if name == "identity": return x
    if name == "glu": return F.glu(x, int(p["dim"]))
    if name == "softmax": return F.softmax(x, int(p["dim"]))
    if name == "log_softmax": return F.log_softmax(x, int(p["dim"]))
    if name == "softmin": return F.softmin(x, int(p["dim"]))
    if name == "softmax2d": return torch.nn.Softmax2d()(x)
    if name == "flexible_relu": return torch.relu(x) + w.reshape([-1] + [1] * (x.dim() - 2))
    raise ValueError("unknown activation " + name)


def load(path, dtype, shape):
    return torch.from_numpy(np.fromfile(path, dtype=dtype).reshape(shape).copy())


def main(d):
    cases = json.load(open(os.path.join(d, "manifest.json")))
    for c in cases:
        dt = np.float32 if c["dtype"] == "float32" else np.float64
        x = load(os.path.join(d, "%d_x.bin" % c["id"]), dt, c["shape"]).requires_grad_(True)
        w = None
        if "weight_shape" in c:
            w = load(os.path.join(d, "%d_w.bin" % c["id"]), dt, c["weight_shape"]).requires_grad_(True)
        y = call(c["activation"], c["params"], x, w)
        y.detach().numpy().astype(dt).tofile(os.path.join(d, "%d_y.bin" % c["id"]))
        if c["differentiable"]:
            gy = load(os.path.join(d, "%d_gy.bin" % c["id"]), dt, c["grad_shape"])
            (gx,) = torch.autograd.grad([y], [x], [gy])
            gx.numpy().astype(dt).tofile(os.path.join(d, "%d_gx.bin" % c["id"]))
    with open(os.path.join(d, "torch_version.txt"), "w") as f:
        f.write(torch.__version__)


if __name__ == "__main__":
    main(sys.argv[1])
