#!/usr/bin/env bash
# A long fuzzing run of one ONNX importer fuzz target (parity-tests/src/test/java/io/github/torchact/parity/onnx/fuzz)
# with Jazzer's standalone driver, which takes any duration (the JUnit runs are bounded by @FuzzTest(maxDuration)).
#
#   parity-tests/fuzz-onnx.sh ImporterFuzzTest          # 30 minutes
#   parity-tests/fuzz-onnx.sh ModelReaderFuzzTest 600   # 10 minutes
#
# Targets: ModelReaderFuzzTest, ExternalDataFuzzTest, ImporterFuzzTest, MutatedModelFuzzTest, ParameterLoaderFuzzTest. The growing corpus is
# kept in parity-tests/target/fuzz-corpus/<target>; a finding (an exception other than OnnxImportException /
# MalformedModelException, a crash, a hang) is written to parity-tests/target/fuzz-findings/ and ends the run: copy
# it into the target's seed directory (src/test/resources/.../fuzz/<target>Inputs/<method>/) so that `mvn test`
# replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?"usage: $0 <ModelReaderFuzzTest|ExternalDataFuzzTest|ImporterFuzzTest|MutatedModelFuzzTest|ParameterLoaderFuzzTest> [seconds]"}
seconds=${2:-1800}
case "$target" in
  ModelReaderFuzzTest) method=read ;;
  ExternalDataFuzzTest) method=resolve ;;
  ImporterFuzzTest) method=importModel ;;
  ParameterLoaderFuzzTest) method=load ;;
  MutatedModelFuzzTest) method=mutatedModel ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then  # FUZZ_SKIP_BUILD=1: fuzz what was built last
  mvn -q -B install -DskipTests -pl plugin,plugin/onnx
  mvn -q -B -pl parity-tests test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test
fi
seeds=parity-tests/src/test/resources/io/github/torchact/parity/onnx/fuzz/${target}Inputs/$method
corpus=parity-tests/target/fuzz-corpus/$target
findings=parity-tests/target/fuzz-findings
mkdir -p "$corpus" "$findings"
ATEN_CPU_CAPABILITY=avx2 OMP_NUM_THREADS=1 DJL_OFFLINE=true java -Xmx4g -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Drepo.root="$PWD" -cp "parity-tests/target/test-classes:$(cat parity-tests/target/fuzz.classpath)" \
  com.code_intelligence.jazzer.Jazzer --target_class="io.github.torchact.parity.onnx.fuzz.$target" \
  --instrumentation_includes='io.github.torchact.**' --reproducer_path="$findings" \
  -max_total_time="$seconds" -timeout=60 -artifact_prefix="$findings/" "$corpus" "$seeds"
