#!/usr/bin/env python3
"""Generate the ONNX activation test corpus under models/onnx/.

Usage (from the repo root):
    /opt/venv-torch/bin/python models/onnx/make_corpus.py

Rerunnable and deterministic (fixed per-model seeds derived from the folder name).
Each model folder gets:
    model.onnx (+ model.onnx.data for external-data models)
    input_0.pb          float32 input (onnx.TensorProto)
    output_0.pb         output computed by onnxruntime on input_0 (reference for importers)
    torch_output_0.pb   output computed by PyTorch (eval mode)
    meta.json           versions, exporter, opset, module repr, ops in graph, diffs, notes
    [gradient goldens, only for models listed in GRAD_MODELS]
    loss_weight.pb      W, same shape as the output; loss = (output * W).sum()
    grad_<initializer>.pb  d loss / d initializer (torch autograd, eval mode), initializer shape
    grad_input_0.pb     d loss / d input_0
"""
import json
import re
import os
import shutil
import sys
import traceback
import warnings
import zlib

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
from onnx import numpy_helper

warnings.filterwarnings("ignore")
ROOT = os.path.dirname(os.path.abspath(__file__))
FAILURES = []  # (folder, exporter, opset, error)
INDEX = {}


def seed_for(name):
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def save_tensor(path, arr, name=None):
    t = numpy_helper.from_array(np.ascontiguousarray(arr), name=name)
    with open(path, "wb") as f:
        f.write(t.SerializeToString())


# ----------------------------------------------------------------------------- models
class MLP(nn.Module):
    def __init__(self, act, hidden_out=16):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.act = act
        self.fc2 = nn.Linear(hidden_out, 4)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.act1 = nn.Hardswish()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(16)
        self.act2 = nn.GELU()
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 10)
        self.logsoftmax = nn.LogSoftmax(dim=1)

    def forward(self, x):
        x = self.pool1(self.act1(self.bn1(self.conv1(x))))
        x = self.act2(self.bn2(self.conv2(x)))
        return self.logsoftmax(self.fc(self.flatten(self.gap(x))))


# name -> (factory, activation description, hidden width after activation)
ACTS = {
    "relu": (lambda: nn.ReLU(), "ReLU", 16),
    "relu6": (lambda: nn.ReLU6(), "ReLU6", 16),
    "leaky_relu": (lambda: nn.LeakyReLU(0.1), "LeakyReLU(negative_slope=0.1)", 16),
    "prelu": (lambda: nn.PReLU(16), "PReLU(num_parameters=16), weights randomised in [-0.6, 0.6]", 16),
    "prelu_single": (lambda: nn.PReLU(), "PReLU() single parameter, weight set to 0.15", 16),
    "rrelu": (lambda: nn.RReLU(), "RReLU(lower=1/8, upper=1/3) in eval mode == LeakyReLU((l+u)/2)", 16),
    "elu": (lambda: nn.ELU(0.7), "ELU(alpha=0.7)", 16),
    "selu": (lambda: nn.SELU(), "SELU", 16),
    "celu": (lambda: nn.CELU(1.3), "CELU(alpha=1.3)", 16),
    "gelu": (lambda: nn.GELU(), "GELU(approximate='none')", 16),
    "gelu_tanh": (lambda: nn.GELU("tanh"), "GELU(approximate='tanh')", 16),
    "silu": (lambda: nn.SiLU(), "SiLU", 16),
    "mish": (lambda: nn.Mish(), "Mish", 16),
    "softplus": (lambda: nn.Softplus(), "Softplus(beta=1, threshold=20)", 16),
    "softplus_beta2_th5": (lambda: nn.Softplus(beta=2, threshold=5), "Softplus(beta=2, threshold=5)", 16),
    "softsign": (lambda: nn.Softsign(), "Softsign", 16),
    "sigmoid": (lambda: nn.Sigmoid(), "Sigmoid", 16),
    "logsigmoid": (lambda: nn.LogSigmoid(), "LogSigmoid", 16),
    "tanh": (lambda: nn.Tanh(), "Tanh", 16),
    "tanhshrink": (lambda: nn.Tanhshrink(), "Tanhshrink", 16),
    "hardtanh": (lambda: nn.Hardtanh(-2.0, 3.0), "Hardtanh(min_val=-2, max_val=3)", 16),
    "hardsigmoid": (lambda: nn.Hardsigmoid(), "Hardsigmoid", 16),
    "hardswish": (lambda: nn.Hardswish(), "Hardswish", 16),
    "hardshrink": (lambda: nn.Hardshrink(0.3), "Hardshrink(lambd=0.3)", 16),
    "softshrink": (lambda: nn.Softshrink(0.4), "Softshrink(lambd=0.4)", 16),
    "glu": (lambda: nn.GLU(dim=-1), "GLU(dim=-1); Linear(8,16)->GLU->Linear(8,4)", 8),
    "softmax": (lambda: nn.Softmax(dim=-1), "Softmax(dim=-1)", 16),
    "logsoftmax": (lambda: nn.LogSoftmax(dim=1), "LogSoftmax(dim=1)", 16),
    "softmin": (lambda: nn.Softmin(dim=1), "Softmin(dim=1)", 16),
}
DYNAMO_ACTS = ["gelu", "gelu_tanh", "mish", "softplus_beta2_th5", "silu", "hardswish"]
GRAD_MLPS = {"gelu_tanh", "prelu", "mish"}


def build_mlp(name):
    torch.manual_seed(seed_for("mlp_" + name))
    fac, desc, hidden = ACTS[name]
    m = MLP(fac(), hidden)
    with torch.no_grad():
        # scale fc1 up so that the pre-activations span roughly [-8, 8] and every threshold
        # (ReLU6 at 6, Hardtanh at -2/3, Softplus beta*x > 5, shrink lambdas, ...) is crossed
        m.fc1.weight.mul_(2.0)
        if name == "prelu":
            m.act.weight.copy_(torch.rand(16) * 1.2 - 0.6)
        if name == "prelu_single":
            m.act.weight.fill_(0.15)
    m.eval()
    g = torch.Generator().manual_seed(seed_for("input_mlp_" + name))
    x = torch.randn(3, 8, generator=g) * 3.0
    return m, x, desc


def build_cnn():
    torch.manual_seed(seed_for("cnn"))
    m = CNN()
    m.train()
    opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9)
    g = torch.Generator().manual_seed(seed_for("cnn_train"))
    for _ in range(4):
        xb = torch.randn(8, 3, 16, 16, generator=g) * 2.0 + 0.5
        yb = torch.randint(0, 10, (8,), generator=g)
        loss = nn.functional.nll_loss(m(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    m.eval()
    g = torch.Generator().manual_seed(seed_for("input_cnn"))
    x = torch.randn(2, 3, 16, 16, generator=g) * 2.0
    return m, x


# ----------------------------------------------------------------------------- export
def export(model, x, exporter, opset, **kw):
    """Return an onnx.ModelProto (weights in memory)."""
    if exporter == "torchscript":
        import io
        buf = io.BytesIO()
        torch.onnx.export(model, (x,), buf, dynamo=False, opset_version=opset,
                          input_names=["input"], output_names=["output"], **kw)
        return onnx.load_from_string(buf.getvalue())
    prog = torch.onnx.export(model, (x,), dynamo=True, opset_version=opset,
                             input_names=["input"], output_names=["output"], **kw)
    return prog.model_proto


def map_grads(model, mp):
    """torch parameter name -> ONNX initializer name, verified by value."""
    inits = {i.name: numpy_helper.to_array(i) for i in mp.graph.initializer}
    mapping, unmapped = {}, {}
    for pname, p in model.named_parameters():
        val = p.detach().numpy()
        cand = None
        if pname in inits and inits[pname].shape == val.shape and np.array_equal(inits[pname], val):
            cand = pname
        else:
            hits = [n for n, a in inits.items()
                    if a.size == val.size and a.dtype == val.dtype and np.array_equal(a.reshape(-1), val.reshape(-1))]
            if len(hits) == 1:
                cand = hits[0]
            elif pname in inits:
                unmapped[pname] = "initializer '%s' exists but its value differs from the torch parameter " \
                                  "(exporter folded/fused it)" % pname
                continue
            else:
                unmapped[pname] = "no initializer with this value (folded/fused or deduplicated by exporter)" \
                    if not hits else "ambiguous: several initializers have this value: %s" % hits
                continue
        mapping[pname] = cand
    return mapping, unmapped


EXTERNAL_NOTE = ("every floating-point initializer is stored in model.onnx.data (one file, size threshold 0); "
                 "integer initializers (shape/axes constants) stay inline because onnxruntime cannot "
                 "shape-infer e.g. ReduceMean when its int64 axes input lives in external data")


def save_external(mp, mpath):
    """Save a copy of mp with all float initializers in model.onnx.data (mp itself is untouched)."""
    from onnx.external_data_helper import set_external_data
    m = onnx.ModelProto()
    m.CopyFrom(mp)
    floats = {onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE, onnx.TensorProto.FLOAT16, onnx.TensorProto.BFLOAT16}
    for t in m.graph.initializer:
        if t.data_type not in floats:
            continue
        if not t.HasField("raw_data"):
            t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t), t.name))
        set_external_data(t, "model.onnx.data")
    onnx.save_model(m, mpath)


def write_model(folder, model, x, mp, exporter, opset, activation, notes, external, grads, extra_meta=None):
    d = os.path.join(ROOT, folder)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    mpath = os.path.join(d, "model.onnx")
    if external:
        save_external(mp, mpath)
    else:
        onnx.save_model(mp, mpath)
    onnx.checker.check_model(mpath)

    xin = x.detach().numpy().astype(np.float32)
    save_tensor(os.path.join(d, "input_0.pb"), xin, name=mp.graph.input[0].name)
    with torch.no_grad():
        tout = model(x).numpy()
    save_tensor(os.path.join(d, "torch_output_0.pb"), tout, name=mp.graph.output[0].name)

    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    sess = ort.InferenceSession(mpath, so, providers=["CPUExecutionProvider"])
    oout = sess.run(None, {sess.get_inputs()[0].name: xin})[0]
    save_tensor(os.path.join(d, "output_0.pb"), oout, name=mp.graph.output[0].name)
    diff = float(np.max(np.abs(oout.astype(np.float64) - tout.astype(np.float64))))

    loaded = onnx.load(mpath, load_external_data=False)
    meta = {
        "torch_version": torch.__version__,
        "onnx_version": onnx.__version__,
        "onnxruntime_version": ort.__version__,
        "exporter": exporter,
        "opset": opset,
        "opset_import": {(o.domain or "ai.onnx"): o.version for o in loaded.opset_import},
        "activation": activation,
        "module_repr": repr(model),
        "input_name": mp.graph.input[0].name,
        "output_name": mp.graph.output[0].name,
        "input_shape": list(xin.shape),
        "output_shape": list(oout.shape),
        "dtype": "float32",
        "external_data": external,
        "external_data_layout": EXTERNAL_NOTE if external else None,
        "onnx_ops": [n.op_type for n in loaded.graph.node],
        "initializers": [i.name for i in loaded.graph.initializer],
        "max_abs_diff_ort_vs_torch": diff,
        "ort_session": "CPUExecutionProvider, graph optimizations disabled",
        "output_0.pb": "onnxruntime output (compare importers against this)",
        "torch_output_0.pb": "PyTorch eval-mode output",
        "notes": notes,
    }
    if hasattr(model, "fc1"):
        with torch.no_grad():
            h = model.fc1(x)
        meta["pre_activation_range"] = [float(h.min()), float(h.max())]
    if extra_meta:
        meta.update(extra_meta)

    if grads:
        mapping, unmapped = map_grads(model, mp)
        g = torch.Generator().manual_seed(seed_for("lossw_" + re.sub(r"_(dynamo|bnfused|op\d+)", "", folder)))
        W = torch.randn(*tout.shape, generator=g)
        save_tensor(os.path.join(d, "loss_weight.pb"), W.numpy(), name="loss_weight")
        model.zero_grad(set_to_none=True)
        xg = x.detach().clone().requires_grad_(True)
        loss = (model(xg) * W).sum()
        loss.backward()
        init_shapes = {i.name: tuple(i.dims) for i in mp.graph.initializer}
        gfiles = {}
        params = dict(model.named_parameters())
        for pname, iname in mapping.items():
            gr = params[pname].grad.detach().numpy().reshape(init_shapes[iname])
            fn = "grad_%s.pb" % iname
            save_tensor(os.path.join(d, fn), gr, name="grad_" + iname)
            gfiles[fn] = {"torch_parameter": pname, "onnx_initializer": iname, "shape": list(gr.shape)}
        save_tensor(os.path.join(d, "grad_input_0.pb"), xg.grad.detach().numpy(), name="grad_input_0")
        meta["grad_files"] = gfiles
        meta["grad_input_file"] = "grad_input_0.pb"
        meta["grad_unmapped_parameters"] = unmapped
        meta["grad_definition"] = ("module in eval mode (BatchNorm uses running stats, no stat update); "
                                   "loss = (output * loss_weight).sum(); gradients from torch autograd; "
                                   "loss value = %r" % float(loss.item()))
        model.zero_grad(set_to_none=True)

    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=False)
        f.write("\n")
    INDEX[folder] = {"exporter": exporter, "opset": opset, "activation": activation,
                     "external_data": external,
        "external_data_layout": EXTERNAL_NOTE if external else None, "ops": sorted(set(meta["onnx_ops"])),
                     "max_abs_diff_ort_vs_torch": diff, "grads": bool(grads)}
    print("%-36s %-11s op%-3d diff=%.2e ops=%s" % (folder, exporter, opset, diff, " ".join(meta["onnx_ops"])))


def attempt(folder, build, exporter, opset, activation, notes, external=False, grads=False, export_kw=None,
            extra_meta=None):
    try:
        model, x = build()
        mp = export(model, x, exporter, opset, **(export_kw or {}))
        write_model(folder, model, x, mp, exporter, opset, activation, notes, external, grads, extra_meta)
    except Exception as e:  # record and move on
        d = os.path.join(ROOT, folder)
        if os.path.isdir(d):
            shutil.rmtree(d)
        msg = "%s: %s" % (type(e).__name__, str(e).strip().splitlines()[0] if str(e).strip() else "")
        FAILURES.append((folder, exporter, opset, msg))
        print("FAILED %s: %s" % (folder, msg), file=sys.stderr)
        traceback.print_exc()


def main():
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)

    # a. MLPs, TorchScript exporter, opset 13 and 17
    for name in ACTS:
        for opset in (13, 17):
            def b(name=name):
                m, x, _ = build_mlp(name)
                return m, x
            desc = ACTS[name][1]
            attempt("mlp_%s_op%d" % (name, opset), b, "torchscript", opset, desc,
                    "torch.onnx.export(dynamo=False), default do_constant_folding=True; fc1 weights x2, "
                    "input randn*3 so pre-activations span about [-8, 8]",
                    grads=name in GRAD_MLPS)

    # b. MLPs, dynamo exporter, opset 18 and 20, external data
    for name in DYNAMO_ACTS:
        for opset in (18, 20):
            def b(name=name):
                m, x, _ = build_mlp(name)
                return m, x
            attempt("mlp_%s_dynamo_op%d" % (name, opset), b, "dynamo", opset, ACTS[name][1],
                    "torch.onnx.export(dynamo=True) (default optimize=True); float initializers saved as "
                    "external data in model.onnx.data",
                    external=True, grads=name in GRAD_MLPS)

    # c. CNN
    cnn_act = "Hardswish + GELU (+ LogSoftmax head), BatchNorm in eval mode"
    for opset in (13, 17):
        attempt("cnn_op%d" % opset, build_cnn, "torchscript", opset, cnn_act,
                "TorchScript export with do_constant_folding=False so BatchNormalization nodes and all "
                "parameters are kept as named initializers (needed for gradient goldens). 4 SGD steps were "
                "run in train mode first so running stats are non-trivial; exported in eval mode.",
                grads=True, export_kw={"do_constant_folding": False})
    attempt("cnn_bnfused_op13", build_cnn, "torchscript", 13, cnn_act,
            "Default TorchScript export (do_constant_folding=True, eval): Conv+BatchNorm are fused, conv "
            "weights become 'onnx::Conv_*' initializers. Only fc.* gradients map to initializers.",
            grads=True)
    for opset in (18, 20):
        attempt("cnn_dynamo_op%d" % opset, build_cnn, "dynamo", opset, cnn_act,
                "torch.onnx.export(dynamo=True, optimize=False) so BatchNormalization nodes and running stats "
                "are kept; external data in model.onnx.data.",
                external=True, grads=True, export_kw={"optimize": False})
    attempt("cnn_dynamo_bnfused_op18", build_cnn, "dynamo", 18, cnn_act,
            "torch.onnx.export(dynamo=True) with the default optimize=True: the onnxscript optimizer folds "
            "BatchNorm into the convs BUT KEEPS the names conv1.weight/conv1.bias/... with the fused values "
            "(they differ from the torch parameters). Gradients are only written for initializers whose value "
            "equals the torch parameter (fc.*). External data.",
            external=True, grads=True)

    # failures + index
    with open(os.path.join(ROOT, "EXPORT_FAILURES.md"), "w") as f:
        f.write("# Export failures\n\nGenerated by `make_corpus.py` (torch %s, onnx %s, onnxruntime %s).\n\n"
                % (torch.__version__, onnx.__version__, ort.__version__))
        if not FAILURES:
            f.write("None: every requested export (TorchScript opset 13/17, dynamo opset 18/20) succeeded.\n"
                    "The dynamo exporter works offline with the installed onnxscript, so no TorchScript "
                    "external-data substitutes were needed.\n")
        else:
            f.write("| folder | exporter | opset | error |\n|---|---|---|---|\n")
            for r in FAILURES:
                f.write("| %s | %s | %d | %s |\n" % (r[0], r[1], r[2], r[3].replace("|", "\\|")))
    with open(os.path.join(ROOT, "corpus_index.json"), "w") as f:
        json.dump(INDEX, f, indent=1, sort_keys=True)
        f.write("\n")
    print("%d models written, %d failures" % (len(INDEX), len(FAILURES)))


if __name__ == "__main__":
    main()
