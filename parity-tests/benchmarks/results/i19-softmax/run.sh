#!/bin/bash
# Softmax family before/after (CPU time per call, 1 thread) on JDK 25 + module; jars alternate which goes first.
# JARS/before.jar: benchmarks.jar of this branch with io/github/torchact/kernel/** replaced by main's (same bench class in both).
# Table: python3 table.py res
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=${OUT:-./res}; mkdir -p $OUT
jmh() { # jar name cpu args...
  local jar=$1 name=$2 cpu=$3; shift 3
  $J --add-modules jdk.incubator.vector -Djmh.ignoreLock=true -cp ${JARS:-.}/$jar.jar org.openjdk.jmh.Main "$@" \
    -f 1 -wi 4 -w 1s -i 4 -r 1s -bm thrpt -tu s \
    -jvmArgs "-Xbatch -Xmx3g --add-modules=jdk.incubator.vector -Dtorchact.reference.cpu=$cpu" -rf json -rff $OUT/$name.json > $OUT/$name.log 2>&1
}
k=0
pair() { local name=$1 cpu=$2; shift 2
  if [ $((k % 2)) = 0 ]; then o="before after"; else o="after before"; fi; k=$((k+1))
  for jar in $o; do jmh $jar $jar-$name $cpu "$@"; echo "$jar $name $(date -u +%T)"; done; }
for cpu in avx2 avx512; do
  pair f32-$cpu $cpu 'SoftmaxFamilyBench' -p activation=softmax,log_softmax,softmin -p size=4096,16777216 -p dtype=f32
done
pair f64-avx2 avx2 'SoftmaxFamilyBench' -p activation=softmax,log_softmax -p size=4096,16777216 -p dtype=f64
echo all done $(date -u +%T)
