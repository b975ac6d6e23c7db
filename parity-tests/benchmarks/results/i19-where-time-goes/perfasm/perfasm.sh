#!/bin/bash
# JMH perfasm on the 4K float32 kernels, 1 thread. The VM exposes no PMU (perf stat: cycles and
# instructions "not supported"), so perf samples the software cpu-clock event (timer interrupts:
# instruction-level skid, region totals are fine). Disassembly: Debian's libhsdis0-fcml has only the
# pre-JDK-13 entry point, so hsdis-shim.c forwards decode_instructions_virtual to it:
#   apt-get install libhsdis0-fcml
#   gcc -shared -fPIC -O2 -o $HSDIS/hsdis-amd64.so hsdis-shim.c /usr/lib/x86_64-linux-gnu/libhsdis.so.0
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
JAR=${JAR:-parity-tests/benchmarks/target/benchmarks.jar}
HSDIS=${HSDIS:-/tmp/i19hsdis}
OUT=${OUT:-parity-tests/benchmarks/results/i19-where-time-goes/perfasm}
one() { # name method activation
  LD_LIBRARY_PATH=$HSDIS $J --add-modules jdk.incubator.vector -Djmh.ignoreLock=true -cp $JAR org.openjdk.jmh.Main \
    "JavaKernelBench\.$2\$" -p activation=$3 -p size=4096 -p threads=1 -p dtype=f32 -f 1 -wi 4 -w 1s -i 2 -r 1s \
    -jvmArgs "-Xmx2g --add-modules=jdk.incubator.vector" \
    -prof "perfasm:events=cpu-clock;top=3;hotThreshold=0.03" > $OUT/$1.txt 2>&1
  echo "$1 done $(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"
}
one tanh forward tanh
one gelu_tanh forward gelu_tanh
one sigmoid forward sigmoid
one silu forward silu
one sigmoid_bwd backward sigmoid
one gelu_bwd backward gelu
one softmax forward softmax
