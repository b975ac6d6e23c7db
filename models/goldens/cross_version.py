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

from formulas import FORMULAS, load_catalog  # noqa: E402

torch.set_num_threads(1)


def load(path, dtype, shape):
    return torch.from_numpy(np.fromfile(path, dtype=dtype).reshape(shape).copy())


def main(d):
    weights = {a["name"]: a["weight"]["name"] for a in load_catalog("cross_version.py") if "weight" in a}
    cases = json.load(open(os.path.join(d, "manifest.json")))
    for c in cases:
        dt = np.float32 if c["dtype"] == "float32" else np.float64
        x = load(os.path.join(d, "%d_x.bin" % c["id"]), dt, c["shape"]).requires_grad_(True)
        w = None
        if "weight_shape" in c:
            w = load(os.path.join(d, "%d_w.bin" % c["id"]), dt, c["weight_shape"]).requires_grad_(True)
        y = FORMULAS[c["activation"]](x, c["params"], {} if w is None else {weights[c["activation"]]: w})
        y.detach().numpy().astype(dt).tofile(os.path.join(d, "%d_y.bin" % c["id"]))
        if c["differentiable"]:
            gy = load(os.path.join(d, "%d_gy.bin" % c["id"]), dt, c["grad_shape"])
            (gx,) = torch.autograd.grad([y], [x], [gy])
            gx.numpy().astype(dt).tofile(os.path.join(d, "%d_gx.bin" % c["id"]))
    with open(os.path.join(d, "torch_version.txt"), "w") as f:
        f.write(torch.__version__)


if __name__ == "__main__":
    main(sys.argv[1])
