#!/bin/bash
# Before/after JMH, interleaved: JARS/before.jar (main's TanhF) and JARS/after.jar (this change), rounds
# alternating which goes first, BaselineBench once per round; then `side` (every peer, ORT included)
# once per jar, back to back. Table: python3 ../i19-fused/compare.py $OUT; python3 side-ratios.py $OUT.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
D=$(cd "$(dirname "$0")" && pwd)
JARS=${JARS:-/tmp/i19jars}
OUT=${OUT:-$D/res}
ROUNDS=${ROUNDS:-2}
SIZES=${SIZES:-4096,16777216}
mkdir -p $OUT
jmh() { # jar outname args...
  local jar=$1 name=$2; shift 2
  echo "$name $(date -u +%T) load $(cat /proc/loadavg)" >> $OUT/load.txt
  $J --add-modules jdk.incubator.vector -Djmh.ignoreLock=true -cp $JARS/$jar.jar org.openjdk.jmh.Main "$@" \
    -p size=$SIZES -p threads=1 -p dtype=f32 -f 1 -wi 5 -w 1s -i 3 -r 500ms -bm thrpt -tu s -prof gc \
    -jvmArgs "-Xmx3g --add-modules=jdk.incubator.vector" -rf json -rff $OUT/$name.json > $OUT/$name.log 2>&1
}
run() { # jar round
  jmh $1 $1-r$2-t1-fwd 'JavaKernelBench\.forward$' -p activation=${FWD:-tanh,gelu_tanh,tanhshrink,mish}
  jmh $1 $1-r$2-t1-bwd 'JavaKernelBench\.backward$' -p activation=${BWD:-tanh,gelu_tanh}
}
for r in $(seq 1 $ROUNDS); do
  if [ $((r % 2)) = 1 ]; then run before $r; run after $r; else run after $r; run before $r; fi
  jmh after base-r$r-t1 'BaselineBench'
  echo round $r done $(date -u +%T)
done
for jar in before after; do
  echo "side-$jar $(date -u +%T) load $(cat /proc/loadavg)" >> $OUT/load.txt
  $J --add-modules jdk.incubator.vector -Dbench.activations=${SIDE:-tanh,gelu_tanh} -Dbench.sizes=$SIZES \
    -Dbench.threads=1 -jar $JARS/$jar.jar side $OUT/side-$jar > $OUT/side-$jar.log 2>&1
done
