#!/usr/bin/env python3
"""Write model.pt (torch.jit.trace of the eval model, torch.jit.save) into the zoo folders the JMH benchmarks use.

Usage (from the repo root):
    /work/venv/bin/python models/onnx/zoo/make_torchscript.py

The model is rebuilt with make_zoo.build(arch) (same seeds, so the same weights as the ONNX export) and traced on
make_zoo.make_inputs(arch, family, 2, 8, "0"), the input of test_data_set_0. The script checks that the traced
module, reloaded from the file, reproduces test_data_set_0/output_0.pb exactly, and that it also runs at the
benchmarks' shapes (batch 1 and 8; text models sequence 8) with the eager model's output (traced shapes must not
be baked in). The parity-tests/benchmarks module loads these files with DJL's PyTorch engine (libtorch 2.7.1).
"""
import os
import sys

import numpy as np
import torch
from onnx import numpy_helper
import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_zoo  # noqa: E402  (applies the torchvision import workaround)

ROOT = make_zoo.ROOT
FOLDERS = ["mobilenetv3_dynamo_fixed", "resnet_legacy17_fixed", "bert_legacy17_fixed", "gpt2_dynamo_fixed"]


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def main():
    torch.manual_seed(0)
    ok = True
    for folder in FOLDERS:
        arch = folder.split("_")[0]
        model, family, _ = make_zoo.build(arch)
        args = make_zoo.make_inputs(arch, family, 2, 8, "0")
        d = os.path.join(ROOT, folder)
        for i, a in enumerate(args):  # same input as the ONNX test data
            if not np.array_equal(load_pb(os.path.join(d, "test_data_set_0", "input_%d.pb" % i)), a.numpy()):
                raise SystemExit("%s: input_%d.pb differs from make_inputs (weights or seeds changed?)" % (folder, i))
        with torch.no_grad():
            traced = torch.jit.trace(model, tuple(args), check_trace=False, strict=False)
        path = os.path.join(d, "model.pt")
        torch.jit.save(traced, path)
        loaded = torch.jit.load(path)
        golden = load_pb(os.path.join(d, "test_data_set_0", "output_0.pb"))
        with torch.no_grad():
            got = loaded(*args).numpy()
        diff = float(np.max(np.abs(got.astype(np.float64) - golden)))
        line = "%-26s %7.1f KiB  max |traced - output_0.pb| = %.3g%s" % (
            folder, os.path.getsize(path) / 1024, diff, "" if np.array_equal(got, golden) else "  (not bitwise)")
        ok &= diff <= 1e-5
        # other shapes: the benchmarks run batch 1 and 8 (text: sequence 8)
        for batch in (1, 8):
            other = make_zoo.make_inputs(arch, family, batch, 8, "bench%d" % batch)
            with torch.no_grad():
                ref = model(*other).numpy()
                out = loaded(*other).numpy()
            dd = float(np.max(np.abs(out.astype(np.float64) - ref))) if out.shape == ref.shape else float("inf")
            line += "; batch %d: %.3g" % (batch, dd)
            ok &= dd <= 1e-5
        print(line, flush=True)
    if not ok:
        raise SystemExit("traced output differs")


if __name__ == "__main__":
    main()
