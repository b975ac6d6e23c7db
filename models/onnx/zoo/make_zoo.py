#!/usr/bin/env python3
"""(Re)create the real-architecture ONNX test corpus under models/onnx/zoo/.

Usage (from the repo root):
    /work/venv/bin/python models/onnx/zoo/make_zoo.py            # everything
    /work/venv/bin/python models/onnx/zoo/make_zoo.py resnet vit # only these archs (docs are rebuilt
                                                                 # from every folder present)
    /work/venv/bin/python models/onnx/zoo/make_zoo.py --docs     # only README.md / OPS.md / EXPORT_FAILURES.md

Deterministic: every random draw uses a seed derived (crc32) from the arch/folder name.

Architectures: torchvision ResNet (Bottleneck), MobileNetV2, MobileNetV3-small, EfficientNet-B0 style,
RegNetY, ConvNeXt, ViT, Swin; Hugging Face BERT encoder, GPT-2 LM head, Llama (GQA) causal LM.
All with reduced width/depth but the real block structure, random (seeded) weights, eval mode.
Every parameter gets small seeded noise so that all parameter values are unique (tied weights stay tied),
and BatchNorm running statistics are calibrated by forward passes in train() mode on random data.

Export forms per arch: legacy TorchScript exporter (dynamo=False) opset 17 (CNNs also opset 13) and the dynamo
exporter (its default opset, weights inline), each with fixed shapes and with a dynamic batch axis
(transformers: batch and sequence).  Folder: <arch>_<legacy13|legacy17|dynamo>_<fixed|dyn>.

Per folder:
    model.onnx
    test_data_set_<n>/input_<i>.pb, output_0.pb (torch eval), ort_output_0.pb (ORT CPU, ORT_DISABLE_ALL)
        n = 0 always; n = 1 (other batch / sequence length) for _dyn folders
    grad/loss_weight.pb   W shaped like output 0 (loss = (output * W).sum()), for test_data_set_0
    grad/input_0.pb       d loss / d input 0 (float inputs only)
    grad/param_<k>.pb     d loss / d torch parameter, in the layout of the ONNX initializer it maps to
    meta.json             see README.md
"""
import copy
import io
import json
import os
import sys
import traceback
import warnings
import zlib
from collections import Counter, defaultdict

import numpy as np
import torch

# torchvision 0.28's compiled ops do not load against this CPU torch; its fake-kernel registrations
# for torchvision:: ops are the only thing that fails at import, and none of the models below use them.
_orig_register_fake = torch.library.register_fake


def _register_fake(name, *args, **kwargs):
    if isinstance(name, str) and name.startswith("torchvision::"):
        return lambda f: f
    return _orig_register_fake(name, *args, **kwargs)


torch.library.register_fake = _register_fake

import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
import torch.nn as nn  # noqa: E402
import torchvision  # noqa: E402
import transformers  # noqa: E402
from onnx import numpy_helper  # noqa: E402
from torchvision.models.convnext import CNBlockConfig, ConvNeXt  # noqa: E402
from torchvision.models.efficientnet import EfficientNet, _efficientnet_conf  # noqa: E402
from torchvision.models.mobilenetv2 import MobileNetV2  # noqa: E402
from torchvision.models.mobilenetv3 import MobileNetV3, _mobilenet_v3_conf  # noqa: E402
from torchvision.models.regnet import BlockParams, RegNet  # noqa: E402
from torchvision.models.resnet import Bottleneck, ResNet  # noqa: E402
from torchvision.models.swin_transformer import SwinTransformer  # noqa: E402
from torchvision.models.vision_transformer import VisionTransformer  # noqa: E402

warnings.filterwarnings("ignore")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
torch.set_num_threads(2)

ROOT = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-4


def seed_for(name):
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def save_tensor(path, arr, name=None):
    t = numpy_helper.from_array(np.ascontiguousarray(arr), name=name)
    with open(path, "wb") as f:
        f.write(t.SerializeToString())


# ============================================================================ architectures
class SmallResNet(ResNet):
    """torchvision ResNet (its _make_layer / forward / Bottleneck) with planes 8/8/16/16 (x4 expansion)."""

    def __init__(self, block=Bottleneck, layers=(2, 1, 1, 1), widths=(8, 8, 16, 16), num_classes=10):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = widths[0]
        self.dilation = 1
        self.groups = 1
        self.base_width = 64
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, widths[0], layers[0])
        self.layer2 = self._make_layer(block, widths[1], layers[1], stride=2)
        self.layer3 = self._make_layer(block, widths[2], layers[2], stride=2)
        self.layer4 = self._make_layer(block, widths[3], layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3] * block.expansion, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")


def b_resnet():
    return SmallResNet(), "torchvision ResNet, Bottleneck blocks layers=[2,1,1,1], planes 8/8/16/16 (x4 expansion)"


def b_mobilenetv2():
    from torchvision.ops.misc import Conv2dNormActivation
    m = MobileNetV2(num_classes=10, width_mult=0.125, round_nearest=4)
    # MobileNetV2 fixes the last 1x1 conv at 1280 channels; narrow it (same layer types) to keep the file small
    last = 64
    m.features[-1] = Conv2dNormActivation(m.features[-1][0].in_channels, last, kernel_size=1,
                                          norm_layer=nn.BatchNorm2d, activation_layer=nn.ReLU6)
    m.classifier[1] = nn.Linear(last, 10)
    m.last_channel = last
    return m, "torchvision MobileNetV2(width_mult=0.125, round_nearest=4), final 1x1 ConvBNReLU6 narrowed from 1280 " \
        "to 64 channels"


def b_mobilenetv3():
    setting, _ = _mobilenet_v3_conf("mobilenet_v3_small", width_mult=0.125)
    return MobileNetV3(setting, 64, num_classes=10), \
        "torchvision MobileNetV3-small (width_mult=0.125, last_channel 64): SE with Hardsigmoid, Hardswish"


def b_efficientnet():
    setting, last = _efficientnet_conf("efficientnet_b0", width_mult=0.125, depth_mult=0.25)
    return EfficientNet(setting, dropout=0.2, last_channel=last, num_classes=10), \
        "torchvision EfficientNet-B0 config with width_mult=0.125, depth_mult=0.25 (MBConv, SE, SiLU)"


def b_regnety():
    bp = BlockParams.from_init_params(depth=4, w_0=8, w_a=8.0, w_m=2.0, group_width=8, se_ratio=0.25)
    return RegNet(bp, num_classes=10, stem_width=8), \
        "torchvision RegNet (Y: se_ratio=0.25), BlockParams.from_init_params(depth=4, w_0=8, w_a=8, w_m=2, " \
        "group_width=8), stem_width=8"


def b_convnext():
    cfg = [CNBlockConfig(16, 32, 1), CNBlockConfig(32, None, 1)]
    return ConvNeXt(cfg, stochastic_depth_prob=0.1, num_classes=10), \
        "torchvision ConvNeXt, CNBlockConfig [(16,32,1),(32,None,1)] (LayerNorm2d, depthwise 7x7, layer scale)"


def b_vit():
    return VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32, mlp_dim=64,
                             num_classes=10), \
        "torchvision VisionTransformer(image 32, patch 8, 2 layers, hidden 32, 2 heads, mlp 64)"


def b_swin():
    return SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[2, 2], window_size=[4, 4],
                           stochastic_depth_prob=0.1, num_classes=10), \
        "torchvision SwinTransformer (v1): patch 4, embed_dim 16, depths [2,2], heads [2,2], window [4,4], image 32"


class HFWrap(nn.Module):
    def __init__(self, m, field):
        super().__init__()
        self.m = m
        self.field = field

    def forward(self, input_ids, attention_mask=None):
        kw = dict(input_ids=input_ids, use_cache=False, return_dict=True)
        if attention_mask is not None:
            kw["attention_mask"] = attention_mask
        return getattr(self.m(**kw), self.field)


class BertWrap(HFWrap):
    def forward(self, input_ids, attention_mask):
        return self.m(input_ids=input_ids, attention_mask=attention_mask, return_dict=True).last_hidden_state


def b_bert():
    from transformers import BertConfig, BertModel
    cfg = BertConfig(vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=64, attn_implementation="eager")
    return BertWrap(BertModel(cfg, add_pooling_layer=False), "last_hidden_state"), \
        "transformers BertModel (no pooler): hidden 32, 2 layers, 2 heads, intermediate 64, vocab 100, " \
        "max positions 64, eager attention; inputs input_ids + attention_mask; output last_hidden_state"


def b_gpt2():
    from transformers import GPT2Config, GPT2LMHeadModel
    cfg = GPT2Config(vocab_size=100, n_positions=64, n_embd=32, n_layer=2, n_head=2, attn_implementation="eager")
    return HFWrap(GPT2LMHeadModel(cfg), "logits"), \
        "transformers GPT2LMHeadModel: n_embd 32, 2 layers, 2 heads, vocab 100, n_positions 64, eager attention, " \
        "lm_head tied to wte; input input_ids; output logits"


def b_llama():
    from transformers import LlamaConfig, LlamaForCausalLM
    cfg = LlamaConfig(vocab_size=100, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64,
                      tie_word_embeddings=False, attn_implementation="eager")
    return HFWrap(LlamaForCausalLM(cfg), "logits"), \
        "transformers LlamaForCausalLM: hidden 32, 2 layers, 4 heads, 2 kv heads (GQA), intermediate 64, " \
        "vocab 100, RMSNorm, rotary, SwiGLU, eager attention, untied lm_head; input input_ids; output logits"


# name -> (builder, family)   family: cnn (legacy 13+17), image (legacy 17), text (legacy 17)
ARCHS = {
    "resnet": (b_resnet, "cnn"),
    "mobilenetv2": (b_mobilenetv2, "cnn"),
    "mobilenetv3": (b_mobilenetv3, "cnn"),
    "efficientnet": (b_efficientnet, "cnn"),
    "regnety": (b_regnety, "cnn"),
    "convnext": (b_convnext, "cnn"),
    "vit": (b_vit, "image"),
    "swin": (b_swin, "image"),
    "bert": (b_bert, "text"),
    "gpt2": (b_gpt2, "text"),
    "llama": (b_llama, "text"),
}
VOCAB = 100


def build(arch):
    builder, family = ARCHS[arch]
    torch.manual_seed(seed_for(arch))
    model, desc = builder()
    with torch.no_grad():
        g = torch.Generator().manual_seed(seed_for("noise_" + arch))
        scale = 0.02 if family == "text" else 0.05
        for _, p in model.named_parameters():  # de-duplicated: tied weights get noise once, stay tied
            p.add_(torch.randn(p.shape, generator=g) * scale)
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if bns:
        # calibrate running statistics (cumulative average over a few random batches), then eval
        for m in bns:
            m.reset_running_stats()
            m.momentum = None
        model.train()
        g = torch.Generator().manual_seed(seed_for("bn_" + arch))
        with torch.no_grad():
            for _ in range(4):
                model(torch.randn(8, 3, 32, 32, generator=g) * 1.5 + 0.2)
        for m in bns:
            m.momentum = 0.1
        desc += "; BatchNorm running stats calibrated on 4 random batches"
    model.eval()
    return model, family, desc


def make_inputs(arch, family, batch, seq, tag):
    g = torch.Generator().manual_seed(seed_for("input_%s_%s" % (arch, tag)))
    if family in ("cnn", "image"):
        return [torch.randn(batch, 3, 32, 32, generator=g)]
    ids = torch.randint(0, VOCAB, (batch, seq), generator=g, dtype=torch.int64)
    if arch == "bert":
        mask = torch.ones(batch, seq, dtype=torch.int64)
        for b in range(1, batch):
            mask[b, seq - b:] = 0  # row b has b padding positions at the end
        return [ids, mask]
    return [ids]


def io_names(arch, family):
    if family in ("cnn", "image"):
        return ["input"], "logits"
    if arch == "bert":
        return ["input_ids", "attention_mask"], "last_hidden_state"
    return ["input_ids"], "logits"


# ============================================================================ export
def export(model, args, names, out_name, exporter, opset, dyn, family):
    """Return (onnx.ModelProto, dynamic-axes description)."""
    dyn_desc = None
    if exporter == "legacy":
        kw = {}
        if dyn:
            axes = {0: "batch"} if family != "text" else {0: "batch", 1: "sequence"}
            kw["dynamic_axes"] = {n: dict(axes) for n in names}
            kw["dynamic_axes"][out_name] = dict(axes)
            dyn_desc = kw["dynamic_axes"]
        buf = io.BytesIO()
        torch.onnx.export(model, tuple(args), buf, dynamo=False, opset_version=opset, input_names=names,
                          output_names=[out_name], **kw)
        return onnx.load_from_string(buf.getvalue()), dyn_desc
    kw = {}
    if dyn:
        batch = torch.export.Dim("batch", min=1, max=64)
        if family == "text":
            seqd = torch.export.Dim("sequence", min=2, max=64)
            spec = {0: batch, 1: seqd}
            dyn_desc = {n: {0: "batch", 1: "sequence"} for n in names}
        else:
            spec = {0: batch}
            dyn_desc = {n: {0: "batch"} for n in names}
        kw["dynamic_shapes"] = tuple(dict(spec) for _ in names)
    prog = torch.onnx.export(model, tuple(args), dynamo=True, input_names=names, output_names=[out_name], **kw)
    return prog.model_proto, dyn_desc


def run_ort(path, names, arrays):
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    so.intra_op_num_threads = 2
    sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    feed = {n: a for n, a in zip([i.name for i in sess.get_inputs()], arrays)}
    return sess.run(None, feed)[0]


# ============================================================================ gradient mapping
def _consumers(mp):
    cons = defaultdict(set)
    for node in mp.graph.node:
        for i in node.input:
            cons[i].add(node.op_type)
    return cons


def untied_copy(model):
    """Deep copy in which every alias of a tied parameter is its own nn.Parameter (same value).
    Returns (copy, groups) with groups: list of alias-name lists (len > 1 only)."""
    m2 = copy.deepcopy(model)
    by_id = defaultdict(list)
    for name, p in model.named_parameters(remove_duplicate=False):
        by_id[id(p)].append(name)
    groups = [v for v in by_id.values() if len(v) > 1]
    for grp in groups:
        for name in grp[1:]:
            mod_name, _, attr = name.rpartition(".")
            mod = m2.get_submodule(mod_name)
            setattr(mod, attr, nn.Parameter(getattr(mod, attr).detach().clone()))
    return m2, groups


def compute_grads(model, args, W):
    """Gradients of (out*W).sum() for every parameter alias (tied weights untied) and float input 0."""
    m2, groups = untied_copy(model)
    m2.eval()
    args2 = [a.clone().requires_grad_(a.is_floating_point()) for a in args]
    out = m2(*args2)
    (out * W).sum().backward()
    grads = {n: p.grad.detach().clone() if p.grad is not None else torch.zeros_like(p)
             for n, p in m2.named_parameters()}
    gin = args2[0].grad.detach().numpy() if args2[0].is_floating_point() else None
    return grads, gin, groups


def match_param(val, inits):
    """Initializers equal (by value) to val: list of (init_name, layout) with layout in exact|transposed|reshaped."""
    hits = []
    for n, a in inits.items():
        if a.dtype != val.dtype or a.size != val.size:
            continue
        if a.shape == val.shape and np.array_equal(a, val):
            hits.append((n, "exact"))
        elif val.ndim == 2 and a.shape == val.T.shape and np.array_equal(a, val.T):
            hits.append((n, "transposed"))
        elif np.array_equal(a.reshape(-1), val.reshape(-1)):
            hits.append((n, "reshaped"))
    return hits


FOLDED = "folded"  # no initializer has this value: the exporter folded it into a derived constant


def map_and_write_grads(model, mp, args, out_shape, folder, arch):
    gdir = os.path.join(folder, "grad")
    os.makedirs(gdir, exist_ok=True)
    g = torch.Generator().manual_seed(seed_for("lossw_" + arch))
    W = torch.randn(out_shape, generator=g)
    save_tensor(os.path.join(gdir, "loss_weight.pb"), W.numpy(), "loss_weight")
    grads, gin, groups = compute_grads(model, args, W)
    if gin is not None:
        save_tensor(os.path.join(gdir, "input_0.pb"), gin, "input_0_grad")
    inits = {i.name: numpy_helper.to_array(i) for i in mp.graph.initializer}
    cons = _consumers(mp)
    alias_of = {grp[0]: grp for grp in groups}
    entries, unmapped = [], []
    k = 0
    used = {}

    def write(pname_desc, grad, init_name, layout, note=None):
        nonlocal k
        a = inits[init_name]
        gnp = grad.detach().numpy()
        if layout == "transposed":
            gnp = gnp.T
        gnp = np.ascontiguousarray(gnp.reshape(a.shape))
        fname = "param_%d.pb" % k
        save_tensor(os.path.join(gdir, fname), gnp, init_name)
        e = {"file": "grad/" + fname, "torch_param": pname_desc, "onnx_initializer": init_name,
             "transposed": layout == "transposed", "reshaped": layout == "reshaped"}
        if note:
            e["note"] = note
        entries.append(e)
        used[init_name] = pname_desc
        k += 1

    for pname, p in model.named_parameters():
        val = p.detach().numpy()
        hits = match_param(val, inits)
        aliases = alias_of.get(pname, [pname])
        total = sum(grads[a] for a in aliases)
        if len(aliases) > 1:
            desc = "+".join(aliases)
            if len(hits) == 1:
                write(desc, total, hits[0][0], hits[0][1], "tied parameter; gradient is the sum over aliases " +
                      str(aliases))
                continue
            if len(hits) == len(aliases):
                # one initializer per alias: an nn.Embedding alias feeds Gather, the other alias feeds MatMul/Gemm
                emb = [a for a in aliases if isinstance(model.get_submodule(a.rpartition(".")[0]), nn.Embedding)]
                gather_inits = [h for h in hits if cons.get(h[0]) == {"Gather"}]
                other_inits = [h for h in hits if h not in gather_inits]
                if len(emb) == 1 and len(gather_inits) == 1 and len(other_inits) == 1:
                    write(emb[0], grads[emb[0]], gather_inits[0][0], gather_inits[0][1],
                          "tied parameter, exported as separate initializers; this is the gradient through the "
                          "Gather (embedding) use only")
                    other = [a for a in aliases if a != emb[0]][0]
                    write(other, grads[other], other_inits[0][0], other_inits[0][1],
                          "tied parameter, exported as separate initializers; this is the gradient through the "
                          "%s use only" % "/".join(sorted(cons.get(other_inits[0][0], []))))
                    continue
            unmapped.append({"torch_param": desc, "reason": "tied parameter with initializer matches %s" % hits})
            continue
        if not hits:
            unmapped.append({"torch_param": pname, "reason": FOLDED})
            continue
        if len(hits) > 1:
            named = [h for h in hits if h[0] == pname or h[0].endswith("." + pname) or pname.endswith("." + h[0])]
            if len(named) == 1:
                hits = named
            else:
                unmapped.append({"torch_param": pname, "reason": "ambiguous: several initializers match %s" % hits})
                continue
        write(pname, total, hits[0][0], hits[0][1])
    return entries, unmapped


# ============================================================================ meta helpers
def _dims(vi):
    t = vi.type.tensor_type
    return [d.dim_param if d.dim_param else d.dim_value for d in t.shape.dim]


def op_counts(mp):
    c = Counter()

    def walk(graph):
        for n in graph.node:
            c[(n.domain or "ai.onnx") + "::" + n.op_type if n.domain not in ("", "ai.onnx") else n.op_type] += 1
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g)
                elif a.type == onnx.AttributeProto.GRAPHS:
                    for sg in a.graphs:
                        walk(sg)
    walk(mp.graph)
    for f in mp.functions:
        for n in f.node:
            c["(function %s) %s" % (f.name, n.op_type)] += 1
    return dict(sorted(c.items()))


FAILURES = []  # (folder, error)


def make_folder(arch, model, family, desc, exporter, opset, dyn):
    folder_name = "%s_%s_%s" % (arch, exporter + (str(opset) if exporter == "legacy" else ""),
                                "dyn" if dyn else "fixed")
    folder = os.path.join(ROOT, folder_name)
    if os.path.isdir(folder):
        import shutil
        shutil.rmtree(folder)
    names, out_name = io_names(arch, family)
    seq0, seq1 = 8, 5
    args0 = make_inputs(arch, family, 2, seq0, "0")
    print("==", folder_name, flush=True)
    try:
        mp, dyn_desc = export(model, args0, names, out_name, exporter, opset, dyn, family)
        onnx.checker.check_model(mp)
    except Exception as e:  # record and skip
        msg = "%s: %s" % (type(e).__name__, str(e).strip().splitlines()[0] if str(e).strip() else "")
        for line in traceback.format_exception(e):
            pass
        FAILURES.append((folder_name, msg[:400]))
        print("   FAILED:", msg[:300], flush=True)
        return None
    os.makedirs(folder)
    path = os.path.join(folder, "model.onnx")
    onnx.save(mp, path)
    sets = [("0", args0)]
    if dyn:
        sets.append(("1", make_inputs(arch, family, 3, seq1 if family == "text" else seq0, "1")))
    diffs = {}
    shapes = {}
    for tag, args in sets:
        d = os.path.join(folder, "test_data_set_" + tag)
        os.makedirs(d)
        with torch.no_grad():
            ref = model(*args).numpy()
        for i, (n, a) in enumerate(zip(names, args)):
            save_tensor(os.path.join(d, "input_%d.pb" % i), a.numpy(), n)
        save_tensor(os.path.join(d, "output_0.pb"), ref, out_name)
        try:
            got = run_ort(path, names, [a.numpy() for a in args])
            save_tensor(os.path.join(d, "ort_output_0.pb"), got, out_name)
            diffs["test_data_set_" + tag] = float(np.max(np.abs(got.astype(np.float64) - ref))) \
                if got.shape == ref.shape else "shape mismatch %s vs %s" % (list(got.shape), list(ref.shape))
        except Exception as e:
            diffs["test_data_set_" + tag] = "ORT failed: %s" % str(e).strip().splitlines()[0][:300]
        shapes["test_data_set_" + tag] = {"inputs": [list(a.shape) for a in args], "output": list(ref.shape)}
    grads, unmapped = map_and_write_grads(model, mp, args0, shapes["test_data_set_0"]["output"], folder, arch)
    opsets = {(o.domain or "ai.onnx"): o.version for o in mp.opset_import}
    meta = {
        "arch": arch,
        "description": desc,
        "exporter": "legacy_torchscript" if exporter == "legacy" else "dynamo",
        "opset": opsets.get("ai.onnx"),
        "opset_import": opsets,
        "dynamic": dyn,
        "dynamic_axes": dyn_desc,
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "transformers_version": transformers.__version__,
        "onnx_version": onnx.__version__,
        "onnxruntime_version": ort.__version__,
        "ir_version": mp.ir_version,
        "inputs": [{"name": vi.name, "shape": _dims(vi),
                    "dtype": onnx.helper.tensor_dtype_to_np_dtype(vi.type.tensor_type.elem_type).name}
                   for vi in mp.graph.input],
        "outputs": [{"name": vi.name, "shape": _dims(vi),
                     "dtype": onnx.helper.tensor_dtype_to_np_dtype(vi.type.tensor_type.elem_type).name}
                    for vi in mp.graph.output],
        "test_data_shapes": shapes,
        "num_nodes": len(mp.graph.node),
        "num_initializers": len(mp.graph.initializer),
        "num_torch_params": len(list(model.named_parameters())),
        "ops": op_counts(mp),
        "max_abs_diff_ort_vs_torch": diffs,
        "ort_session": "CPUExecutionProvider, graph_optimization_level=ORT_DISABLE_ALL",
        "loss": "loss = (output_0 * grad/loss_weight.pb).sum() on test_data_set_0, model in eval mode",
        "grads": grads,
        "unmapped_params": [u["torch_param"] for u in unmapped],
        "unmapped_reasons": {u["torch_param"]: u["reason"] for u in unmapped if u["reason"] != FOLDED},
        "unmapped_default_reason": "no initializer has this value: the exporter folded the parameter into a "
                                   "derived constant (e.g. BatchNorm into Conv weights/bias, a Gather/Slice of a "
                                   "table into its result)",
    }
    with open(os.path.join(folder, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print("   ok  nodes=%d  diff=%s  grads=%d unmapped=%d" % (len(mp.graph.node), diffs, len(grads), len(unmapped)),
          flush=True)
    return meta


def forms(family):
    out = []
    legacy = [13, 17] if family == "cnn" else [17]
    for op in legacy:
        out += [("legacy", op, False), ("legacy", op, True)]
    out += [("dynamo", None, False), ("dynamo", None, True)]
    return out


# ============================================================================ docs
def load_failures():
    p = os.path.join(ROOT, "failures.json")
    return json.load(open(p)) if os.path.exists(p) else {}


FAILURE_CAUSES = {
    "aten::diff": "`torch.diff` in `transformers.masking_utils.find_packed_sequence_indices` (called by "
                  "`create_causal_mask` for every causal decoder while tracing); the legacy exporter has no symbolic "
                  "for aten::diff at any opset. Unrelated to GQA.",
}


def write_failures(failed):
    with open(os.path.join(ROOT, "failures.json"), "w") as f:
        json.dump(dict(sorted(failed.items())), f, indent=1)
    lines = ["# Export failures", "",
             "Generated by `make_zoo.py` (torch %s, transformers %s, onnx %s, onnxruntime %s)."
             % (torch.__version__, transformers.__version__, onnx.__version__, ort.__version__), "",
             "Each row is an export that was attempted with default exporter options and failed; it is skipped "
             "(no folder), not worked around.", ""]
    if not failed:
        lines.append("None.")
    else:
        lines += ["| folder (not created) | error | cause |", "|---|---|---|"]
        for k, v in sorted(failed.items()):
            cause = next((c for pat, c in FAILURE_CAUSES.items() if pat in v), "")
            lines.append("| %s | %s | %s |" % (k, v.replace("|", "\\|").replace("\n", " "), cause))
    open(os.path.join(ROOT, "EXPORT_FAILURES.md"), "w").write("\n".join(lines) + "\n")


def folders():
    return sorted(d for d in os.listdir(ROOT) if os.path.isfile(os.path.join(ROOT, d, "meta.json")))


def _small_value(a):
    """Attribute value for the inventory, or None if it is not small."""
    t = a.type
    A = onnx.AttributeProto
    if t == A.INT:
        return a.i
    if t == A.FLOAT:
        return float(np.float32(a.f))
    if t == A.STRING:
        s = a.s.decode(errors="replace")
        return s if len(s) <= 40 else None
    if t == A.INTS:
        return list(a.ints) if len(a.ints) <= 8 else None
    if t == A.FLOATS:
        return [float(np.float32(x)) for x in a.floats] if len(a.floats) <= 4 else None
    if t == A.TENSOR:
        arr = numpy_helper.to_array(a.t)
        if arr.size <= 4:
            return "%s%s=%s" % (arr.dtype.name, list(arr.shape), arr.reshape(-1).tolist())
        return "%s%s" % (arr.dtype.name, list(arr.shape))
    return None


def _dtype_name(elem):
    try:
        return onnx.helper.tensor_dtype_to_np_dtype(elem).name
    except Exception:
        return onnx.TensorProto.DataType.Name(elem).lower()


def write_ops_md():
    inv = {}  # (domain, op, opset) -> dict
    for d in folders():
        mp = onnx.load(os.path.join(ROOT, d, "model.onnx"))
        opsets = {(o.domain or "ai.onnx"): o.version for o in mp.opset_import}
        try:
            inf = onnx.shape_inference.infer_shapes(mp)
        except Exception:
            inf = mp
        types = {}
        for vi in list(inf.graph.value_info) + list(inf.graph.input) + list(inf.graph.output):
            if vi.type.HasField("tensor_type"):
                tt = vi.type.tensor_type
                types[vi.name] = (_dtype_name(tt.elem_type),
                                  len(tt.shape.dim) if tt.HasField("shape") else None)
        for i in inf.graph.initializer:
            types[i.name] = (_dtype_name(i.data_type), len(i.dims))

        def walk(graph, seen):
            for n in graph.node:
                dom = n.domain or "ai.onnx"
                key = (dom, n.op_type, opsets.get(dom))
                e = inv.setdefault(key, {"models": set(), "nodes": 0, "attrs": defaultdict(set),
                                         "in": defaultdict(set), "out": defaultdict(set), "nin": set()})
                e["models"].add(d)
                e["nodes"] += 1
                e["nin"].add(len(n.input))
                for a in n.attribute:
                    v = _small_value(a)
                    e["attrs"][a.name].add(json.dumps(v) if v is not None else "<large %s>" %
                                           onnx.AttributeProto.AttributeType.Name(a.type))
                    if a.type == onnx.AttributeProto.GRAPH:
                        walk(a.g, seen)
                for pos, x in enumerate(n.input):
                    if x == "":
                        e["in"][pos].add("(absent)")
                    elif x in types:
                        e["in"][pos].add("%s/r%s" % types[x])
                    else:
                        e["in"][pos].add("?")
                for pos, x in enumerate(n.output):
                    if x in types:
                        e["out"][pos].add("%s/r%s" % types[x])
        walk(inf.graph, set())

    n_models = len(folders())
    L = ["# ONNX operator inventory of the zoo corpus", "",
         "Generated by `make_zoo.py --docs` from the %d `model.onnx` files present (see README.md)." % n_models, "",
         "One row per (domain, op_type, model opset). `models` = number of models using it (of %d), `nodes` = total "
         "node count. Attributes: every attribute name seen with the set of values (values shown when small: "
         "ints, <=8-element int lists, floats, short strings, <=4-element tensors; otherwise `<large TYPE>` or "
         "dtype[shape] for tensors). Input/output types come from `onnx.shape_inference.infer_shapes` "
         "(value_info, graph inputs/outputs, initializers) as `dtype/r<rank>` per position; `?` = not inferred; "
         "`(absent)` = empty optional input." % n_models, ""]
    # summary table
    by_op = defaultdict(set)
    for (dom, op, ver) in inv:
        by_op[(dom, op)].add(ver)
    L += ["## Op types (%d)" % len(by_op), "",
          ", ".join("%s%s (%s)" % ("" if dom == "ai.onnx" else dom + "::", op, "/".join(str(v) for v in sorted(vs)))
                    for (dom, op), vs in sorted(by_op.items())), ""]
    L += ["## Summary", "",
          "| domain | op_type | opset | models | nodes | attributes | non-float inputs (position: dtypes) |",
          "|---|---|---|---|---|---|---|"]
    for key in sorted(inv, key=lambda k: (k[0], k[1], k[2] or 0)):
        e = inv[key]
        nf = []
        for pos in sorted(e["in"]):
            ts = sorted({t.split("/")[0] for t in e["in"][pos]} - {"float32", "(absent)"})
            if ts:
                nf.append("%d: %s" % (pos, ",".join(ts)))
        L.append("| %s | %s | %s | %d | %d | %s | %s |" % (key[0], key[1], key[2], len(e["models"]), e["nodes"],
                                                          ", ".join(sorted(e["attrs"])) or "-", "; ".join(nf) or "-"))
    L += ["", "## Details", ""]
    for key in sorted(inv, key=lambda k: (k[0], k[1], k[2] or 0)):
        e = inv[key]
        L.append("### %s `%s` (opset %s)" % (key[0], key[1], key[2]))
        L.append("")
        L.append("- models (%d): %s" % (len(e["models"]), ", ".join(sorted(e["models"]))))
        L.append("- nodes: %d; input counts: %s" % (e["nodes"], sorted(e["nin"])))
        if e["attrs"]:
            for an in sorted(e["attrs"]):
                vals = sorted(e["attrs"][an])
                L.append("- attr `%s`: %s" % (an, ", ".join("`%s`" % v for v in vals)))
        else:
            L.append("- attrs: none")
        for pos in sorted(e["in"]):
            L.append("- input %d: %s" % (pos, ", ".join(sorted(e["in"][pos]))))
        for pos in sorted(e["out"]):
            L.append("- output %d: %s" % (pos, ", ".join(sorted(e["out"][pos]))))
        L.append("")
    open(os.path.join(ROOT, "OPS.md"), "w").write("\n".join(L))


def write_readme():
    rows = []
    total = 0
    worst = []
    for d in folders():
        m = json.load(open(os.path.join(ROOT, d, "meta.json")))
        size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(os.path.join(ROOT, d)) for f in fs)
        msize = os.path.getsize(os.path.join(ROOT, d, "model.onnx"))
        total += size
        diffs = m["max_abs_diff_ort_vs_torch"]
        dstr = " / ".join("%.2e" % v if isinstance(v, float) else str(v) for v in diffs.values())
        for k, v in diffs.items():
            if not isinstance(v, float) or v > TOL:
                worst.append("%s %s: %s" % (d, k, v))
        rows.append("| %s | %s | %s | %s | %d | %d | %.1f | %d/%d | %s |" % (
            d, m["exporter"], m["opset"], "yes" if m["dynamic"] else "no", m["num_nodes"],
            m["num_initializers"], msize / 1024, len(m["grads"]), m["num_torch_params"], dstr))
    failed = load_failures()
    L = ["# Real-architecture ONNX zoo", "",
         "Tiny (reduced width/depth, real block structure) torchvision and Hugging Face models with random seeded "
         "weights, exported with the legacy TorchScript exporter and the dynamo exporter, plus reference "
         "inputs/outputs and gradients. Test corpus for the ONNX importer.", "",
         "## Regenerate", "",
         "```", "/work/venv/bin/python models/onnx/zoo/make_zoo.py          # all (about 5 min on 2 cores)",
         "/work/venv/bin/python models/onnx/zoo/make_zoo.py vit bert # only some archs; docs rebuilt from all folders",
         "/work/venv/bin/python models/onnx/zoo/make_zoo.py --docs   # README.md, OPS.md, EXPORT_FAILURES.md only",
         "```", "",
         "Environment: torch %s (CPU), torchvision %s, transformers %s, onnx %s, onnxruntime %s, onnxscript. "
         "torchvision's compiled ops do not load against the CPU torch; the script stubs "
         "`torch.library.register_fake` for `torchvision::` names before importing torchvision (no model here "
         "uses those ops). Deterministic (all seeds derived from names)."
         % (torch.__version__, torchvision.__version__, transformers.__version__, onnx.__version__, ort.__version__),
         "",
         "## Architectures", ""]
    seen = set()
    for d in folders():
        m = json.load(open(os.path.join(ROOT, d, "meta.json")))
        if m["arch"] not in seen:
            seen.add(m["arch"])
            L.append("- **%s**: %s" % (m["arch"], m["description"]))
    L += ["",
          "Every parameter got small seeded noise after construction (so all parameter values are distinct and "
          "zero-initialised biases / unit LayerNorm weights are not trivial); GPT-2's lm_head stays tied to wte.",
          "",
          "## Export forms", "",
          "Folder `<arch>_<legacy13|legacy17|dynamo>_<fixed|dyn>`:",
          "- `legacy13` / `legacy17`: `torch.onnx.export(..., dynamo=False, opset_version=13|17)`, default options "
          "(constant folding on; eval-mode BatchNorm is folded into Conv). opset 13 only for the CNNs.",
          "- `dynamo`: `torch.onnx.export(..., dynamo=True)` with its default opset and optimizer; weights inline.",
          "- `fixed`: static shapes. `dyn`: dynamic batch axis (`dynamic_axes` / `dynamic_shapes` with "
          "`torch.export.Dim`); for the text models batch and sequence.", "",
          "## Files per folder", "",
          "- `model.onnx` (weights inline)",
          "- `test_data_set_0/input_<i>.pb`, `output_0.pb` (torch eval output), `ort_output_0.pb` (onnxruntime CPU, "
          "`ORT_DISABLE_ALL`); all serialized `onnx.TensorProto`. Images float32 [2,3,32,32]; text int64 "
          "input_ids [2,8] (BERT also attention_mask int64 with padding zeros in row 1).",
          "- `_dyn` folders also `test_data_set_1`: batch 3 (text: batch 3, sequence 5).",
          "- `grad/` (for test_data_set_0): `loss_weight.pb` = W shaped like output 0, loss = (output_0 * W).sum(); "
          "`input_0.pb` = dloss/dinput_0 for float inputs; `param_<k>.pb` = dloss/dparam for each torch parameter "
          "that maps to an ONNX initializer, in the initializer's layout (TensorProto name = initializer name). "
          "The map is by value: exact equality, or equality with the transposed parameter (legacy "
          "Linear->MatMul), or same values in another shape (recorded as `reshaped`).",
          "- `meta.json`: arch, exporter, opset, dynamic axes, versions, inputs/outputs (names, shapes, dtypes), "
          "`ops` (op_type counts), `max_abs_diff_ort_vs_torch` per data set, `grads` "
          "[{file, torch_param, onnx_initializer, transposed, reshaped[, note]}], `unmapped_params` (names), "
          "`unmapped_reasons` (only where the reason is not the default), `unmapped_default_reason`, "
          "node/initializer counts.", "",
          "Unmapped parameters (exporter folded them into derived constants):",
          "- BatchNorm: both exporters (legacy constant folding; dynamo's default optimizer) fold eval-mode "
          "BatchNorm into the preceding Conv, so neither that conv's weight nor the BN weight/bias exist as "
          "initializers, and no model in the corpus contains a BatchNormalization node. CNN gradients therefore "
          "cover only the non-BN-adjacent parameters (SE convs, Linear, ConvNeXt/Swin/ViT everything).",
          "- Swin `relative_position_bias_table` (all exports): the table is gathered with the constant index "
          "buffer and folded.",
          "- Fixed-shape dynamo exports: ViT `class_token` (expand+concat folded), BERT "
          "`position_embeddings`, GPT-2 `wpe` (slice/gather with constant positions folded).",
          "",
          "Tied weights (GPT-2 wte/lm_head): the dynamo exporter emits two initializers (the Gather table, "
          "named `m.lm_head.weight`, and a transposed copy for the MatMul); each gets the gradient of its own use "
          "only (torch grads computed on an untied copy; see `note`). Hence GPT-2 has one grad file more than "
          "torch parameters.",
          "",
          "Gradients were spot-checked against central finite differences through onnxruntime (largest entries "
          "of every grad file; agreement to float32 finite-difference precision).", "",
          "## Models", "",
          "Total size on disk (files): %.2f MB. Diff = max |ORT - torch| for test_data_set_0 / _1." % (total / 1e6),
          "",
          "| folder | exporter | opset | dynamic | nodes | inits | model KB | grad files / torch params | ORT-vs-torch max diff |",
          "|---|---|---|---|---|---|---|---|---|"] + rows + [""]
    if worst:
        L += ["**Outside tolerance %.0e:**" % TOL, ""] + ["- " + w for w in worst] + [""]
    else:
        L += ["All ORT outputs are within %.0e of the torch outputs." % TOL, ""]
    L += ["## Export failures", ""]
    if failed:
        L += ["See EXPORT_FAILURES.md (%d): %s. `failures.json` is the same list in machine-readable form (the "
              "script keeps it so that a partial rerun can rebuild the docs)." % (len(failed), ", ".join(sorted(failed))),
              ""]
    else:
        L += ["None.", ""]
    L += ["## Operator inventory", "", "See OPS.md.", ""]
    open(os.path.join(ROOT, "README.md"), "w").write("\n".join(L))


def write_docs():
    write_failures(load_failures())
    write_ops_md()
    write_readme()


def main(argv):
    if argv == ["--docs"]:
        write_docs()
        return
    archs = argv or list(ARCHS)
    failed = load_failures()
    for arch in archs:
        model, family, desc = build(arch)
        for exporter, opset, dyn in forms(family):
            name = "%s_%s_%s" % (arch, exporter + (str(opset) if exporter == "legacy" else ""),
                                 "dyn" if dyn else "fixed")
            failed.pop(name, None)
            FAILURES.clear()
            make_folder(arch, model, family, desc, exporter, opset, dyn)
            for k, v in FAILURES:
                failed[k] = v
            write_failures(failed)
    write_docs()


if __name__ == "__main__":
    main(sys.argv[1:])
