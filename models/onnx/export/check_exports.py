"""Runs ONNX's checker on every model ExportCheckerGoldenTest wrote and records the ones it accepts.

Usage (after `mvn -o -B -pl parity-tests -am verify -Dtest=ExportCheckerGoldenTest`, which writes the models and
fails until they are recorded):
    /work/venv/bin/python models/onnx/export/check_exports.py
Each model must pass onnx.checker.check_model(model, full_check=True) (strict shape inference included); the
script exits non-zero naming any that does not, and otherwise writes checker_golden.txt: "sha256 name" per model.
"""
import hashlib
import pathlib
import sys

import onnx

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "parity-tests/target/onnx-export"
GOLDEN = pathlib.Path(__file__).with_name("checker_golden.txt")

failed = []
lines = [f"# onnx {onnx.__version__}: onnx.checker.check_model(full_check=True) accepted each model below (sha256 name)"]
for f in sorted(OUT.glob("*.onnx")):
    data = f.read_bytes()
    try:
        onnx.checker.check_model(onnx.load_from_string(data), full_check=True)
    except Exception as e:  # the checker's own exception types vary by version
        failed.append(f"{f.name}: {str(e).splitlines()[0][:300]}")
        continue
    lines.append(f"{hashlib.sha256(data).hexdigest()} {f.stem}")
if failed:
    print("\n".join(failed))
    sys.exit(f"{len(failed)} of {len(lines) - 1 + len(failed)} exported models rejected by onnx.checker")
GOLDEN.write_text("\n".join(lines) + "\n")
print(f"{len(lines) - 1} models accepted; wrote {GOLDEN}")
