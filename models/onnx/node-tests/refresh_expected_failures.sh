#!/usr/bin/env bash
# Regenerates models/onnx/node-tests/EXPECTED_FAILURES.txt from a full OnnxNodeTestsTest run (after converters land).
# The run itself fails while EXPECTED_FAILURES.txt still lists tests that now pass; that is expected here.
#   bash models/onnx/node-tests/refresh_expected_failures.sh        (extra maven flags, e.g. -o, may follow)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
OUT="$ROOT/parity-tests/target/node-test-failures.txt"
cd "$ROOT"
rm -f "$OUT"
mvn -q -B "$@" -pl parity-tests test -Dtest=OnnxNodeTestsTest -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1
[ -s "$OUT" ] || { echo "no $OUT: did the test compile and run? (mvn -B -pl parity-tests test -Dtest=OnnxNodeTestsTest)" >&2; exit 1; }
cp "$OUT" "$ROOT/models/onnx/node-tests/EXPECTED_FAILURES.txt"
grep -m1 'tests failing' "$OUT"
git -C "$ROOT" diff --stat -- models/onnx/node-tests/EXPECTED_FAILURES.txt || true
