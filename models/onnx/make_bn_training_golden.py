#!/usr/bin/env python3
"""Golden for BatchNormalization in training mode on models/onnx/cnn_op13.

Usage (from the repo root):
    /opt/venv-torch/bin/python models/onnx/make_bn_training_golden.py

Loads cnn_op13's initializers into the torch CNN of make_corpus.py, puts it in train() mode (BatchNorm2d
normalises with the batch's mean and biased variance over N,H,W and updates running_mean/running_var in
place, running_var with the unbiased batch variance, momentum 0.1), runs ONE forward on input_0.pb and
backpropagates loss = (output * loss_weight).sum(). Writes into models/onnx/cnn_op13/:
    train_output_0.pb                 output of the training-mode forward
    train_<bn>.running_mean/var.pb    running statistics after that forward
    train_grad_<name>.pb              d loss / d input_0 and d loss / d each trainable initializer
"""
import importlib.util
import os

import numpy as np
import onnx
import torch
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(ROOT, "cnn_op13")


def load_corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", os.path.join(ROOT, "make_corpus.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_pb(name):
    t = onnx.TensorProto()
    with open(os.path.join(MODEL, name), "rb") as f:
        t.ParseFromString(f.read())
    return torch.from_numpy(numpy_helper.to_array(t).copy())


def main():
    corpus = load_corpus_module()
    m = corpus.CNN()
    inits = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy())
             for i in onnx.load(os.path.join(MODEL, "model.onnx")).graph.initializer}
    state = m.state_dict()
    for k in state:
        if k.endswith("num_batches_tracked"):
            continue
        state[k] = inits[k]  # KeyError if the export renamed an initializer: fail loudly
    m.load_state_dict(state)
    m.train()
    x = read_pb("input_0.pb").requires_grad_(True)
    w = read_pb("loss_weight.pb")
    y = m(x)
    (y * w).sum().backward()
    corpus.save_tensor(os.path.join(MODEL, "train_output_0.pb"), y.detach().numpy())
    for bn in ("bn1", "bn2"):
        for stat in ("running_mean", "running_var"):
            name = "%s.%s" % (bn, stat)
            corpus.save_tensor(os.path.join(MODEL, "train_%s.pb" % name), getattr(m, bn).__getattr__(stat).numpy(), name)
    corpus.save_tensor(os.path.join(MODEL, "train_grad_input_0.pb"), x.grad.numpy())
    for name, p in m.named_parameters():
        corpus.save_tensor(os.path.join(MODEL, "train_grad_%s.pb" % name), p.grad.numpy())
    print("torch", torch.__version__, "wrote training-mode BatchNorm golden to", MODEL)


if __name__ == "__main__":
    main()
