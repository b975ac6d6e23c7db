"""Step 2 of the one-off cross-version table (see CrossVersionTable.java): computes every exported
parity case with this Python's PyTorch (vectorised AVX2 path, one thread) and writes <id>_y.bin and
<id>_gx.bin next to the inputs.

  python cross_version.py <dir written by 'CrossVersionTable export'>

It refuses to run while models/catalog.json has an activation it has no formula for.
"""
import json
import os
import sys

os.environ["ATEN_CPU_CAPABILITY"] = "avx2"
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)


CATALOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "catalog.json")

# Each catalog activation as torch.nn.functional computes it, keyed by its catalog name:
# (parameter values by name, x, learnable tensor or None) -> output
FORMULAS = {
    "relu": lambda p, x, w: torch.relu(x),
    "relu6": lambda p, x, w: F.relu6(x),
    "leaky_relu": lambda p, x, w: F.leaky_relu(x, p["negative_slope"]),
    "prelu": lambda p, x, w: F.prelu(x, w),
    "rrelu": lambda p, x, w: F.rrelu(x, p["lower"], p["upper"], training=False),
    "elu": lambda p, x, w: F.elu(x, p["alpha"]),
    "selu": lambda p, x, w: F.selu(x),
    "celu": lambda p, x, w: F.celu(x, p["alpha"]),
    "gelu": lambda p, x, w: F.gelu(x),
    "gelu_tanh": lambda p, x, w: F.gelu(x, approximate="tanh"),
    "silu": lambda p, x, w: F.silu(x),
    "mish": lambda p, x, w: F.mish(x),
    "softplus": lambda p, x, w: F.softplus(x, p["beta"], p["threshold"]),
    "softsign": lambda p, x, w: F.softsign(x),
    "sigmoid": lambda p, x, w: torch.sigmoid(x),
    "logsigmoid": lambda p, x, w: F.logsigmoid(x),
    "tanh": lambda p, x, w: torch.tanh(x),
    "tanhshrink": lambda p, x, w: F.tanhshrink(x),
    "hardtanh": lambda p, x, w: F.hardtanh(x, p["min_val"], p["max_val"]),
    "hardsigmoid": lambda p, x, w: F.hardsigmoid(x),
    "hardswish": lambda p, x, w: F.hardswish(x),
    "hardshrink": lambda p, x, w: F.hardshrink(x, p["lambd"]),
    "softshrink": lambda p, x, w: F.softshrink(x, p["lambd"]),
    "threshold": lambda p, x, w: F.threshold(x, p["threshold"], p["value"]),
    "heaviside": lambda p, x, w: torch.heaviside(x, torch.full_like(x, p["values"])),
    "identity": lambda p, x, w: x,
    "glu": lambda p, x, w: F.glu(x, int(p["dim"])),
    "softmax": lambda p, x, w: F.softmax(x, int(p["dim"])),
    "log_softmax": lambda p, x, w: F.log_softmax(x, int(p["dim"])),
    "softmin": lambda p, x, w: F.softmin(x, int(p["dim"])),
    "softmax2d": lambda p, x, w: torch.nn.Softmax2d()(x),
    "flexible_relu": lambda p, x, w: torch.relu(x) + w.reshape([-1] + [1] * (x.dim() - 2)),
}


def spec_expression(a):
    """An activation in neither PyTorch nor F.*: the spec's own expression of torch ops, the definition."""
    weight = a["weight"]["name"] if "weight" in a else "weight"
    return lambda p, x, w: eval(a["torch_expression"].format(**p), {"torch": torch}, {"x": x, weight: w})


def formula_problems(missing, stale):
    problems = []
    if missing:
        problems.append("no formula for catalog activation(s) " + ", ".join(missing))
    if stale:
        problems.append("formula(s) for " + ", ".join(stale) + " not in the catalog")
    return "; ".join(problems)


def check_formulas(path=CATALOG):
    """Exits naming every catalog activation FORMULAS lacks (and every formula the catalog no longer has)."""
    with open(path) as f:
        activations = json.load(f)["activations"]
    for a in activations:
        if a["name"] not in FORMULAS and a["torch"].startswith("none:"):
            FORMULAS[a["name"]] = spec_expression(a)
    names = [a["name"] for a in activations]
    missing = [n for n in names if n not in FORMULAS]
    stale = sorted(set(FORMULAS) - set(names))
    if missing or stale:
        sys.exit("cross_version.py: %s (%s)" % (formula_problems(missing, stale), path))


def load(path, dtype, shape):
    return torch.from_numpy(np.fromfile(path, dtype=dtype).reshape(shape).copy())


def main(d):
    check_formulas()
    cases = json.load(open(os.path.join(d, "manifest.json")))
    for c in cases:
        dt = np.float32 if c["dtype"] == "float32" else np.float64
        x = load(os.path.join(d, "%d_x.bin" % c["id"]), dt, c["shape"]).requires_grad_(True)
        w = None
        if "weight_shape" in c:
            w = load(os.path.join(d, "%d_w.bin" % c["id"]), dt, c["weight_shape"]).requires_grad_(True)
        y = FORMULAS[c["activation"]](c["params"], x, w)
        y.detach().numpy().astype(dt).tofile(os.path.join(d, "%d_y.bin" % c["id"]))
        if c["differentiable"]:
            gy = load(os.path.join(d, "%d_gy.bin" % c["id"]), dt, c["grad_shape"])
            (gx,) = torch.autograd.grad([y], [x], [gy])
            gx.numpy().astype(dt).tofile(os.path.join(d, "%d_gx.bin" % c["id"]))
    with open(os.path.join(d, "torch_version.txt"), "w") as f:
        f.write(torch.__version__)


if __name__ == "__main__":
    main(sys.argv[1])
