#!/bin/bash
# old (Sleef TanhF) vs new (TanhViaDoubleF) tanh forward/backward, alternating jars
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for round in 1 2; do
 for v in old new; do
  $J --add-modules jdk.incubator.vector -Djmh.ignoreLock=true -cp $v.jar org.openjdk.jmh.Main 'JavaKernelBench\.(forward|backward)$' -p activation=tanh -p size=4096,16777216 -p threads=1 -p dtype=f32 -f 1 -wi 3 -w 1s -i 3 -r 1s -jvmArgs "-Xmx3g --add-modules=jdk.incubator.vector" -rf json -rff $v-$round.json > $v-$round.log 2>&1
 done
done
