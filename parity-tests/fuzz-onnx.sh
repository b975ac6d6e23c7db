#!/usr/bin/env bash
# A long fuzzing run of one ONNX importer fuzz target (parity-tests/src/test/java/io/github/torchact/parity/onnx/fuzz):
# the `fuzz` execution of parity-tests/pom.xml (FuzzRunner: Jazzer's standalone driver in its own JVM) with the target
# and the seconds given, built in the Maven reactor (nothing is installed), the unit tests skipped.
#
#   parity-tests/fuzz-onnx.sh ImporterFuzzTest              # 30 minutes
#   parity-tests/fuzz-onnx.sh ModelReaderFuzzTest 600       # 10 minutes
#   MVN_ARGS=-o parity-tests/fuzz-onnx.sh ImporterFuzzTest  # offline (or any other Maven arguments)
#
# Targets: ModelReaderFuzzTest, ExternalDataFuzzTest, ImporterFuzzTest, MutatedModelFuzzTest, ParameterLoaderFuzzTest.
# The growing corpus is kept in parity-tests/target/fuzz-corpus/<target>; a finding (an exception other than
# OnnxImportException / MalformedModelException, a crash, a hang, an out-of-memory) is written to
# parity-tests/target/fuzz-findings/ and ends the run with a failed build: copy it into the target's seed directory
# (src/test/resources/.../fuzz/<target>Inputs/<method>/) so that `mvn test` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?"usage: $0 <ModelReaderFuzzTest|ExternalDataFuzzTest|ImporterFuzzTest|MutatedModelFuzzTest|ParameterLoaderFuzzTest> [seconds]"}
seconds=${2:-1800}
# shellcheck disable=SC2086
exec mvn -B ${MVN_ARGS:-} -pl parity-tests -am verify -Dtest=NoUnitTestsWhileFuzzing -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.targets="$target:$seconds"
