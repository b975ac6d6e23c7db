#!/bin/bash
# Before/after kernel benchmarks interleaved: JARS/before.jar and JARS/after.jar (benchmarks.jar built
# from the two commits), rounds alternating which goes first, BaselineBench once per round.
# Env: JARS, OUT, ROUNDS, THREADS, SIZES, FWD, BWD. Table: python3 compare.py $OUT
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
ROUNDS=${ROUNDS:-2}
THREADS=${THREADS:-1}
OUT=${OUT:-./res}
SIZES=${SIZES:-4096,16777216}
mkdir -p $OUT
jmh() { # jar outname args...
  local jar=$1 name=$2; shift 2
  $J --add-modules jdk.incubator.vector -Djmh.ignoreLock=true -cp ${JARS:-.}/$jar.jar org.openjdk.jmh.Main "$@" -p size=$SIZES -p threads=$THREADS -p dtype=f32 \
    -f 1 -wi 4 -w 1s -i 3 -r 500ms -bm thrpt -tu s -prof gc \
    -jvmArgs "-Xmx3g --add-modules=jdk.incubator.vector" -rf json -rff $OUT/$name.json > $OUT/$name.log 2>&1
}
run() { # jar round
  jmh $1 $1-r$2-t$THREADS-fwd 'JavaKernelBench\.forward$' -p activation=${FWD:-sigmoid,silu,softplus}
  jmh $1 $1-r$2-t$THREADS-bwd 'JavaKernelBench\.backward$' -p activation=${BWD:-sigmoid,silu,softplus,logsigmoid}
}
for r in $(seq 1 $ROUNDS); do
  if [ $((r % 2)) = 1 ]; then run before $r; run after $r; else run after $r; run before $r; fi
  jmh after base-r$r-t$THREADS 'BaselineBench'
  echo round $r done $(date -u +%T)
done
