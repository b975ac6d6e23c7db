#!/bin/bash
# Old vs new tanh, interleaved: JARS/before.jar (Sleef tanhf, commit f825193) and JARS/after.jar (the
# float64-evaluated tanh), rounds alternating which goes first (A B, B A, ...), one JMH fork at a time.
# Env: JARS, OUT, ROUNDS. Table: python3 ../i19-fused/compare.py $OUT, or rounds.py (per round).
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
ROUNDS=${ROUNDS:-4}
OUT=${OUT:-./res}
mkdir -p $OUT
jmh() { # jar outname args...
  local jar=$1 name=$2; shift 2
  $J --add-modules jdk.incubator.vector -Djmh.ignoreLock=true -cp ${JARS:-.}/$jar.jar org.openjdk.jmh.Main "$@" -p activation=tanh \
    -p threads=1 -p dtype=f32 -f 1 -wi 4 -w 2s -i 5 -r 2s -bm thrpt -tu s -prof gc \
    -jvmArgs "-Xmx3g --add-modules=jdk.incubator.vector" -rf json -rff $OUT/$name.json > $OUT/$name.log 2>&1
}
run() { # jar round
  jmh $1 $1-r$2-t1-fwd 'JavaKernelBench\.forward$' -p size=4096,16777216
  jmh $1 $1-r$2-t1-bwd 'JavaKernelBench\.backward$' -p size=16777216
}
for r in $(seq 1 $ROUNDS); do
  echo round $r start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)
  if [ $((r % 2)) = 1 ]; then run before $r; run after $r; else run after $r; run before $r; fi
  echo round $r done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)
done
