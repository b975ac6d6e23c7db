#!/usr/bin/env python3
"""Full-size benchmark models as ONNX graphs without their large weights (models/onnx/bench/<name>/model.onnx).

The zoo (models/onnx/zoo) has real architectures at tiny widths, where per-operator overhead is all there is to
measure. These are the same architectures at the sizes people deploy: torchvision MobileNetV3-small and ResNet-18
at 224x224, a BERT-base encoder and GPT-2 small (12 layers, 768 wide) on 32 tokens; eval mode, a dynamic batch axis
(text: batch and sequence). Exported as the zoo's benchmark models are: by torch's legacy exporter at opset 17, GPT-2
by the dynamo exporter (the legacy one fails on aten::diff in transformers' mask code).

Every float initializer with more than 1024 elements is written without its data (name, type and dims kept): the
files stay small (the full weights would be about 600 MB). The benchmarks (parity-tests/benchmarks, ZooCase) fill
them with seeded values before importing; shapes, small constants and int64 tensors keep their exported values.

Usage (from the repo root): /work/venv/bin/python models/onnx/bench/make_bench_models.py
"""
import os
import sys
import warnings

import torch

_orig_register_fake = torch.library.register_fake


def _register_fake(name, *args, **kwargs):
    if isinstance(name, str) and name.startswith("torchvision::"):
        return lambda f: f
    return _orig_register_fake(name, *args, **kwargs)


torch.library.register_fake = _register_fake

import onnx  # noqa: E402
import torchvision  # noqa: E402
import transformers  # noqa: E402

warnings.filterwarnings("ignore")
ROOT = os.path.dirname(os.path.abspath(__file__))
SEQ = 32
STRIP_ABOVE = 1024


class Bert(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.m = transformers.BertModel(transformers.BertConfig(attn_implementation="eager"), add_pooling_layer=False)

    def forward(self, input_ids, attention_mask):
        return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


class Gpt2(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.m = transformers.GPT2LMHeadModel(transformers.GPT2Config(attn_implementation="eager", use_cache=False))

    def forward(self, input_ids):
        return self.m(input_ids=input_ids, use_cache=False).logits


def models():
    torch.manual_seed(0)
    image = torch.randn(1, 3, 224, 224)
    ids = torch.randint(0, 1000, (1, SEQ))
    yield "mobilenetv3_224", torchvision.models.mobilenet_v3_small(), (image,), ["input"], {"input": {0: "batch"}}
    yield "resnet18_224", torchvision.models.resnet18(), (image,), ["input"], {"input": {0: "batch"}}
    text_axes = {0: "batch", 1: "sequence"}
    yield "bert_base", Bert(), (ids, torch.ones_like(ids)), ["input_ids", "attention_mask"], \
        {"input_ids": text_axes, "attention_mask": text_axes}
    yield "gpt2_small", Gpt2(), (ids,), ["input_ids"], None


def strip(model):
    stripped = 0
    for t in model.graph.initializer:
        n = 1
        for d in t.dims:
            n *= d
        if t.data_type == onnx.TensorProto.FLOAT and n > STRIP_ABOVE:
            t.ClearField("raw_data")
            t.ClearField("float_data")
            stripped += n
    return stripped


def main():
    only = set(sys.argv[1:])
    for name, module, args, inputs, axes in models():
        if only and name not in only:
            continue
        module.eval()
        out = os.path.join(ROOT, name)
        os.makedirs(out, exist_ok=True)
        path = os.path.join(out, "model.onnx")
        with torch.no_grad():
            if axes is not None:
                torch.onnx.export(module, args, path, input_names=inputs, output_names=["output"], dynamic_axes=axes,
                                  opset_version=17, dynamo=False, do_constant_folding=True)
                m = onnx.load(path)
            else:
                dims = {0: torch.export.Dim("batch", min=1, max=64), 1: torch.export.Dim("sequence", min=2, max=512)}
                prog = torch.onnx.export(module, args, dynamo=True, input_names=inputs, output_names=["output"],
                                         dynamic_shapes=tuple(dict(dims) for _ in inputs))
                m = prog.model_proto
        n = strip(m)
        onnx.save(m, path)
        print(f"{name}: {len(m.graph.node)} nodes, {n} weights stripped, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
