#!/bin/bash
# The one side-by-side run of issue 19 part 1 (from the repository root, after packaging the jar):
# every peer on THREADS (default 1; 2 under load measures the machine) at 4K and 16M, f32 forward for ten activations, backward sigmoid/gelu.
OUT=${OUT:-parity-tests/benchmarks/results/i19-where-time-goes/side}
mkdir -p $OUT
{ date -u; uptime; } > $OUT/uptime.txt
/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector \
  -Dbench.activations=relu,sigmoid,silu,tanh,gelu_tanh,gelu,softplus,mish,elu,softmax -Dbench.backward=sigmoid,gelu -Dbench.warmup=${WARMUP:-3} -Dbench.threads=${THREADS:-1} \
  -jar ${JAR:-parity-tests/benchmarks/target/benchmarks.jar} side $OUT > $OUT/run.log 2>&1
{ date -u; uptime; } >> $OUT/uptime.txt
