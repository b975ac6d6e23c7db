#!/usr/bin/env python3
"""Corpus models with the Funnel activation (FReLU of Ma, Zhang and Sun, ECCV 2020).

Usage (from the repo root):  /work/venv/bin/python models/onnx/make_funnel.py

Writes, like make_corpus.py, per folder: model.onnx, input_0.pb, output_0.pb (onnxruntime, CPU, no graph
optimisation), torch_output_0.pb (torch eval), meta.json, and for the BN-kept export the eval-mode gradient
goldens loss_weight.pb, grad_<initializer>.pb, grad_input_0.pb of loss = (output * W).sum().

  cnn_funnel_op17          TorchScript exporter, opset 17, do_constant_folding=False: the FReLU is
                           Conv(group=8) -> BatchNormalization -> Max(x, .)
  cnn_funnel_bnfused_op17  TorchScript exporter, opset 17, default export: BN folded into the depthwise
                           Conv, Conv(group=8) -> Max(x, .)
Deterministic (fixed seed).
"""
import json
import os
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
from onnx import numpy_helper

warnings.filterwarnings("ignore")
ROOT = os.path.dirname(os.path.abspath(__file__))


class FReLU(nn.Module):
    """The module of frelu.pytorch / FunnelAct_Pytorch: max(x, BN(depthwise conv k x k (x)))."""

    def __init__(self, in_channels, k=3):
        super().__init__()
        self.conv_frelu = nn.Conv2d(in_channels, in_channels, k, 1, k // 2, groups=in_channels)
        self.bn_frelu = nn.BatchNorm2d(in_channels)

    def forward(self, x):
        return torch.max(x, self.bn_frelu(self.conv_frelu(x)))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.frelu = FReLU(8)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        return self.fc(self.flatten(self.gap(self.frelu(self.conv1(x)))))


def save(path, arr):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(np.ascontiguousarray(arr)).SerializeToString())


def main():
    torch.manual_seed(18)
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    net.train()
    for _ in range(4):  # non-trivial running statistics and BN affine parameters
        x = torch.randn(4, 3, 12, 12)
        loss = net(x).square().mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    net.eval()
    x = torch.randn(2, 3, 12, 12)
    w = torch.randn(2, 10)
    with torch.no_grad():
        y = net(x)
    for folder, folding in (("cnn_funnel_op17", False), ("cnn_funnel_bnfused_op17", True)):
        d = os.path.join(ROOT, folder)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, "model.onnx")
        torch.onnx.export(net, (x,), path, opset_version=17, input_names=["input"], output_names=["output"],
                          do_constant_folding=folding, dynamo=False)
        m = onnx.load(path)
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
        out = sess.run(None, {"input": x.numpy()})[0]
        save(os.path.join(d, "input_0.pb"), x.numpy())
        save(os.path.join(d, "output_0.pb"), out)
        save(os.path.join(d, "torch_output_0.pb"), y.numpy())
        inits = [i.name for i in m.graph.initializer]
        meta = {
            "torch_version": torch.__version__, "onnx_version": onnx.__version__,
            "onnxruntime_version": ort.__version__, "exporter": "torchscript", "opset": 17,
            "activation": "FunnelReLU (FReLU of Ma et al., ECCV 2020), BatchNorm in eval mode"
                          + (" folded into the depthwise Conv" if folding else " kept"),
            "module_repr": repr(net), "input_name": "input", "output_name": "output",
            "input_shape": list(x.shape), "output_shape": list(y.shape), "dtype": "float32",
            "external_data": False, "onnx_ops": [n.op_type for n in m.graph.node], "initializers": inits,
            "max_abs_diff_ort_vs_torch": float(np.abs(out - y.numpy()).max()),
        }
        if not folding:
            xg = x.clone().requires_grad_(True)
            net.zero_grad()
            (net(xg) * w).sum().backward()
            save(os.path.join(d, "loss_weight.pb"), w.numpy())
            save(os.path.join(d, "grad_input_0.pb"), xg.grad.numpy())
            grads = {}
            for name, p in net.named_parameters():
                if name in inits:
                    save(os.path.join(d, "grad_" + name + ".pb"), p.grad.numpy())
                    grads["grad_" + name + ".pb"] = name
            meta["grad_files"] = grads
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")
        print(folder, meta["onnx_ops"], meta["max_abs_diff_ort_vs_torch"])


if __name__ == "__main__":
    main()
