#!/usr/bin/env bash
# Re-creates models/onnx/node-tests/ from Debian's libonnx-testdata package.
#   sudo apt-get update && sudo apt-get install -y libonnx-testdata
#   PYTHON=/work/venv/bin/python bash models/onnx/node-tests/copy_node_tests.sh
# Copies every ONNX backend node test (incl. *_expanded variants) of the ops listed in OPS whose graph
# inputs/outputs are all tensors of float, double, int64, int32 or bool. A test's op is the op_type of
# its graph's first non-Constant node; an *_expanded test takes the op of the test it expands.
# Tests with sequence/optional inputs or outputs, or string/float16/bfloat16/int8/int16/uint* tensors,
# are skipped, and so are the largest tests when the folder would exceed MAX_BYTES (default 8 MB);
# README.md records every skip with its reason. EXPECTED_FAILURES.txt (hand-maintained, see README) is kept.
# Needs a python with the `onnx` package (default /opt/venv-torch/bin/python; override with PYTHON=...).
set -euo pipefail
SRC="${ONNX_TESTDATA:-/usr/share/libonnx-testdata/data/node}"
DST="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${PYTHON:-/opt/venv-torch/bin/python}"
MAX_BYTES="${MAX_BYTES:-8000000}"
[ -d "$SRC" ] || { echo "missing $SRC: apt-get install -y libonnx-testdata" >&2; exit 1; }
PKGVER="$(dpkg-query -W -f='${Version}' libonnx-testdata 2>/dev/null || echo unknown)"

# remove previously copied tests (keep the scripts, README and EXPECTED_FAILURES.txt)
find "$DST" -mindepth 1 -maxdepth 1 -type d -name 'test_*' -exec rm -rf {} +

"$PYTHON" - "$SRC" "$DST" "$PKGVER" "$MAX_BYTES" <<'PY'
import os, shutil, sys
from collections import OrderedDict
import onnx
src, dst, pkgver, max_bytes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ACTIVATION_OPS = ["Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Gelu", "Mish", "Softplus",
       "Softsign", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "ThresholdedRelu", "Shrink",
       "Clip", "Softmax", "LogSoftmax", "Hardmax", "Erf", "Identity"]
OTHER_OPS = """Add Sub Mul Div Pow Neg Abs Sqrt Log Exp Reciprocal Sin Cos Floor Ceil Round Sign Mod Max Min
Sum Mean Greater Less Equal GreaterOrEqual LessOrEqual Or And Xor Not Where Cast IsNaN IsInf ReduceMean
ReduceMax ReduceMin ReduceSum ReduceProd ReduceL2 ArgMax ArgMin Flatten Transpose Reshape Squeeze Unsqueeze
Concat Split Shape Size Constant ConstantOfShape Gather GatherElements GatherND ScatterND ScatterElements
Slice Expand Tile Range Trilu Pad Resize CumSum Einsum LayerNormalization InstanceNormalization
BatchNormalization Conv ConvTranspose Gemm MatMul MaxPool AveragePool GlobalAveragePool GlobalMaxPool Dropout
Softmax LogSoftmax TopK OneHot DepthToSpace SpaceToDepth""".split()
OPS = list(OrderedDict.fromkeys(ACTIVATION_OPS + OTHER_OPS))
T = onnx.TensorProto
OK = {T.FLOAT, T.DOUBLE, T.INT64, T.INT32, T.BOOL}

def load(name):
    return onnx.load(os.path.join(src, name, "model.onnx"))

def main_op(m):
    ops = [n.op_type for n in m.graph.node]
    rest = [o for o in ops if o != "Constant"]
    return rest[0] if rest else (ops[0] if ops else None)

def dir_bytes(d):
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(d) for f in fs)

names = sorted(n for n in os.listdir(src) if os.path.isfile(os.path.join(src, n, "model.onnx")))
models = {n: load(n) for n in names}
op_of = {}
for n in names:
    base = n[:-len("_expanded")] if n.endswith("_expanded") else None
    op_of[n] = main_op(models[base]) if base in models else main_op(models[n])

selected, skipped = [], []   # skipped: (name, op, reason)
for n in names:
    op = op_of[n]
    if op not in OPS:
        continue
    m = models[n]
    kinds, bad = [], None
    for v in list(m.graph.input) + list(m.graph.output):
        k = v.type.WhichOneof("value")
        if k != "tensor_type":
            bad = "non-tensor graph input/output (%s)" % k
            break
        et = v.type.tensor_type.elem_type
        kinds.append(T.DataType.Name(et))
        if et not in OK:
            bad = "unsupported dtype (%s)" % T.DataType.Name(et)
            break
    if bad:
        skipped.append((n, op, bad))
    else:
        selected.append((n, op, m.opset_import[0].version, "/".join(sorted(set(kinds))),
                         ",".join(sorted({x.op_type for x in m.graph.node})), dir_bytes(os.path.join(src, n))))

# keep the folder small: drop the biggest tests until the total fits
total = sum(s[5] for s in selected)
for s in sorted(selected, key=lambda s: -s[5]):
    if total <= max_bytes:
        break
    selected.remove(s)
    total -= s[5]
    skipped.append((s[0], s[1], "too large (%.1f MB; folder limit %.0f MB)" % (s[5] / 1e6, max_bytes / 1e6)))
skipped.sort()

for s in selected:
    shutil.copytree(os.path.join(src, s[0]), os.path.join(dst, s[0]))

by_op = OrderedDict((o, [0, 0]) for o in OPS)
for s in selected:
    by_op[s[1]][0] += 1
for s in skipped:
    by_op[s[1]][1] += 1

with open(os.path.join(dst, "README.md"), "w") as f:
    f.write("# ONNX backend node tests\n\n")
    f.write("Copied from Debian package `libonnx-testdata` version **%s** (ONNX 1.12.0 test data, "
            "`%s`) by `copy_node_tests.sh`. Each folder keeps the original `model.onnx` and "
            "`test_data_set_*/input_*.pb`, `output_*.pb` (serialized `onnx.TensorProto`). "
            "The expected outputs are the ONNX reference values (numpy), not ORT/PyTorch.\n\n" % (pkgver, src))
    f.write("Regenerate: `sudo apt-get install -y libonnx-testdata && PYTHON=/path/to/python-with-onnx "
            "bash models/onnx/node-tests/copy_node_tests.sh`\n\n")
    f.write("A test's op is the op_type of its graph's first non-Constant node (an `*_expanded` test takes the op "
            "of the test it expands), so e.g. `test_reduce_mean_*` belong to ReduceMean and `test_maxpool_*` to MaxPool. "
            "Only tests whose graph inputs and outputs are all tensors of FLOAT, DOUBLE, INT64, INT32 or BOOL are copied.\n\n")
    f.write("`parity-tests/.../OnnxNodeTestsTest` runs every copied test. Tests listed in `EXPECTED_FAILURES.txt` "
            "(one name per line, then a reason; `#` comments) are skipped when they fail and fail the build when they pass "
            "(so the list only shrinks). Each run writes the currently failing tests in the same format to "
            "`parity-tests/target/node-test-failures.txt`; `refresh_expected_failures.sh` copies it over "
            "`EXPECTED_FAILURES.txt`.\n\n")
    f.write("Total: %d tests copied, %d skipped, %.1f MB.\n\n" % (len(selected), len(skipped), total / 1e6))
    f.write("## Per op\n\n| op | copied | skipped |\n|---|---|---|\n")
    for o, (c, k) in by_op.items():
        f.write("| %s | %d | %d |\n" % (o, c, k))
    f.write("\n## Copied (%d)\n\n| test | op | opset | dtype(s) | ops in graph |\n|---|---|---|---|---|\n" % len(selected))
    for n, op, ver, k, ops, _ in selected:
        f.write("| %s | %s | %d | %s | %s |\n" % (n, op, ver, k, ops))
    f.write("\n## Skipped (%d)\n\n| test | op | reason |\n|---|---|---|\n" % len(skipped))
    for n, op, r in skipped:
        f.write("| %s | %s | %s |\n" % (n, op, r))
    missing = [o for o, (c, k) in by_op.items() if c + k == 0]
    f.write("\n## Requested ops with no test in this package version\n\n")
    notes = {"Gelu": "added in opset 20 / ONNX 1.15", "Mish": "added in opset 18 / ONNX 1.13"}
    for o in missing:
        f.write("- %s: no node test in ONNX 1.12 test data%s\n" % (o, (" (" + notes[o] + ")") if o in notes else ""))
    f.write("\nNote: ONNX 1.12 predates the `*_expanded_ver18` variants; `_expanded` tests here "
            "use the opset listed above.\n")
print("copied %d (%.1f MB), skipped %d, ops without tests %s" % (len(selected), total / 1e6, len(skipped), missing))
print(" ".join("%s=%d" % (o, c) for o, (c, k) in by_op.items() if c))
PY
