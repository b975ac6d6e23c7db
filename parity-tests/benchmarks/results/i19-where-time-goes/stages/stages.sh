#!/bin/bash
# Runs every stage cut of Stages.java (one JVM each) and prints one line per cut; see Stages.java.
# JAR: benchmarks.jar (for the kernels' public API and OneDnnGelu's constants). Output: stages.txt here.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
JAR=${JAR:-../../../target/benchmarks.jar}
D=$(cd "$(dirname "$0")" && pwd)
C=$(mktemp -d)
$J/javac --add-modules jdk.incubator.vector -cp "$JAR" -d "$C" "$D/Stages.java" 2>/dev/null
run() { $J/java --add-modules jdk.incubator.vector -Xmx1g -cp "$JAR:$C" "$@" Stages 2>&1 | grep -E 'level|calibrate'; }
{
  echo "# $(date -u) $(uptime)"
  run -Dkernel=calibrate
  G=$(run -Dkernel=calibrate | sed -E 's/.*fmul chain [0-9.]+ ns\/op -> ([0-9.]+) GHz.*/\1/')
  echo "# clock used: $G GHz"
  run -Dkernel=copy -Dghz=$G
  for k in 1 2 4; do run -Dkernel=div -Dlevel=$k -Dghz=$G; done
  for l in 0 1 2 3 4 5 6 api; do run -Dkernel=tanh -Dlevel=$l -Dghz=$G; done
  for l in 0 1 2 api; do run -Dkernel=gelu_tanh -Dlevel=$l -Dghz=$G; done
  for k in sigmoid silu; do for l in 0 1 2 3 4 5 6 api; do run -Dkernel=$k -Dlevel=$l -Dghz=$G; done; done
  for l in 0 1 2 3 4 5 6 7 api; do run -Dkernel=sigmoid_bwd -Dlevel=$l -Dghz=$G; done
  for l in 0 1 2 3 api; do run -Dkernel=gelu_bwd -Dlevel=$l -Dghz=$G; done
  for l in 0 1 2 3 4 api; do run -Dkernel=softmax -Dlevel=$l -Dghz=$G; done
  # the softmax rows take the vector form only where the reference capability is AVX2 (AlongDimVector.rows)
  run -Dkernel=softmax -Dlevel=api -Dtorchact.reference.cpu=avx2 -Dghz=$G | sed 's/level api/level api-avx2/'
  run -Dkernel=tanh_chain -Dghz=$G
  run -Dkernel=calibrate
  echo "# $(date -u) $(uptime)"
} | tee "${OUT:-$D/stages.txt}"
rm -rf "$C"
