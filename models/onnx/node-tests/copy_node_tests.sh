#!/usr/bin/env bash
# Re-creates models/onnx/node-tests/ from Debian's libonnx-testdata package.
#   sudo apt-get update && sudo apt-get install -y libonnx-testdata
#   bash models/onnx/node-tests/copy_node_tests.sh
# Copies every float32/float64 ONNX backend node test (incl. *_expanded variants)
# for the activation-related ops listed in OPS. Tests whose graph inputs/outputs are not
# float32/float64 tensors (int8 Clip, optional/sequence Identity, ...) are skipped.
# Needs a python with the `onnx` package (default /opt/venv-torch/bin/python; override with PYTHON=...).
set -euo pipefail
SRC="${ONNX_TESTDATA:-/usr/share/libonnx-testdata/data/node}"
DST="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${PYTHON:-/opt/venv-torch/bin/python}"
[ -d "$SRC" ] || { echo "missing $SRC: apt-get install -y libonnx-testdata" >&2; exit 1; }
PKGVER="$(dpkg-query -W -f='${Version}' libonnx-testdata 2>/dev/null || echo unknown)"

# remove previously copied tests (keep this script + README)
find "$DST" -mindepth 1 -maxdepth 1 -type d -name 'test_*' -exec rm -rf {} +

"$PYTHON" - "$SRC" "$DST" "$PKGVER" <<'PY'
import os, re, shutil, sys
import onnx
src, dst, pkgver = sys.argv[1:4]
OPS = ["Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Gelu", "Mish", "Softplus",
       "Softsign", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "ThresholdedRelu", "Shrink",
       "Clip", "Softmax", "LogSoftmax", "Hardmax", "Erf", "Identity"]
pat = re.compile(r"^test_(%s)(_|$)" % "|".join(o.lower() for o in OPS))
OK = {onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE}
copied, skipped = [], []
for name in sorted(os.listdir(src)):
    if not pat.match(name):
        continue
    d = os.path.join(src, name)
    m = onnx.load(os.path.join(d, "model.onnx"))
    kinds = []
    bad = None
    for v in list(m.graph.input) + list(m.graph.output):
        k = v.type.WhichOneof("value")
        if k != "tensor_type":
            bad = "non-tensor graph input/output (%s)" % k
            break
        et = v.type.tensor_type.elem_type
        kinds.append(onnx.TensorProto.DataType.Name(et))
        if et not in OK:
            bad = "non-float dtype (%s)" % onnx.TensorProto.DataType.Name(et)
            break
    if bad:
        skipped.append((name, bad))
        continue
    shutil.copytree(d, os.path.join(dst, name))
    ops = sorted({n.op_type for n in m.graph.node})
    copied.append((name, m.opset_import[0].version, "/".join(sorted(set(kinds))), ",".join(ops)))

present = {re.match(r"^test_([a-z]+)", n).group(1) for n, *_ in copied + [(s, ) for s, _ in skipped]}
missing = [o for o in OPS if o.lower() not in present]

with open(os.path.join(dst, "README.md"), "w") as f:
    f.write("# ONNX backend node tests (activation ops)\n\n")
    f.write("Copied from Debian package `libonnx-testdata` version **%s** (ONNX 1.12.0 test data, "
            "`%s`) by `copy_node_tests.sh`. Each folder keeps the original `model.onnx` and "
            "`test_data_set_*/input_*.pb`, `output_*.pb` (serialized `onnx.TensorProto`). "
            "The expected outputs are the ONNX reference values (numpy), not ORT/PyTorch.\n\n" % (pkgver, src))
    f.write("Regenerate: `sudo apt-get install -y libonnx-testdata && bash models/onnx/node-tests/copy_node_tests.sh`\n\n")
    f.write("## Copied (%d)\n\n| test | opset | dtype(s) | ops in graph |\n|---|---|---|---|\n" % len(copied))
    for n, op, k, ops in copied:
        f.write("| %s | %d | %s | %s |\n" % (n, op, k, ops))
    f.write("\n## Skipped (%d)\n\n| test | reason |\n|---|---|\n" % len(skipped))
    for n, r in skipped:
        f.write("| %s | %s |\n" % (n, r))
    f.write("\n## Requested ops with no test in this package version\n\n")
    for o in missing:
        f.write("- %s: no `test_%s*` in ONNX 1.12 test data (op %s)\n" % (
            o, o.lower(), {"Gelu": "added in opset 20 / ONNX 1.15", "Mish": "added in opset 18 / ONNX 1.13"}.get(o, "not present")))
    f.write("\nNote: ONNX 1.12 predates the `*_expanded_ver18` variants; `_expanded` tests here "
            "use the opset listed above.\n")
print("copied %d, skipped %d, missing ops %s" % (len(copied), len(skipped), missing))
PY
