#!/bin/bash
# Before/after kernel benchmarks interleaved (as ../i19-fused/interleave.sh, plus DTYPE, and a warm-up of 6 x 3 s:
# under a load of 15-20 on the 2-core machine C2 had not compiled the vector loops after 4 x 1 s):
# JARS/before.jar and JARS/after.jar (benchmarks.jar built from the two commits), rounds alternating
# which goes first, BaselineBench once per round.
# Env: JARS, OUT, ROUNDS, THREADS, SIZES, DTYPE, FWD, BWD. Table: python3 ../i19-fused/compare.py $OUT
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
ROUNDS=${ROUNDS:-2}
THREADS=${THREADS:-1}
OUT=${OUT:-./res}
SIZES=${SIZES:-4096,16777216}
DTYPE=${DTYPE:-f32}
mkdir -p $OUT
jmh() { # jar outname args...
  local jar=$1 name=$2; shift 2
  $J --add-modules jdk.incubator.vector -Djmh.ignoreLock=true -cp ${JARS:-.}/$jar.jar org.openjdk.jmh.Main "$@" -p size=$SIZES -p threads=$THREADS -p dtype=$DTYPE \
    -f 1 -wi 6 -w 3s -i 3 -r 1s -bm thrpt -tu s -prof gc \
    -jvmArgs "-Xmx3g --add-modules=jdk.incubator.vector" -rf json -rff $OUT/$name.json > $OUT/$name.log 2>&1
}
run() { # jar round
  [ -n "$FWD" ] && jmh $1 $1-r$2-t$THREADS-fwd 'JavaKernelBench\.forward$' -p activation=$FWD
  [ -n "$BWD" ] && jmh $1 $1-r$2-t$THREADS-bwd 'JavaKernelBench\.backward$' -p activation=$BWD
}
for r in $(seq 1 $ROUNDS); do
  if [ $((r % 2)) = 1 ]; then run before $r; run after $r; else run after $r; run before $r; fi
  jmh after base-r$r-t$THREADS 'BaselineBench'
  echo round $r done $(date -u +%T)
done
