#!/bin/bash
# main (float64 division) vs rcp (float32 reciprocal + FMA correction), float32 tanh, JDK 25, alternating order
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
mkdir -p res3
for round in 1 2 3; do
 if [ $((round % 2)) = 1 ]; then order="new rcp"; else order="rcp new"; fi
 for v in $order; do
  $J --add-modules jdk.incubator.vector -Djmh.ignoreLock=true -cp $v.jar org.openjdk.jmh.Main 'JavaKernelBench\.(forward|backward)$' -p activation=tanh -p size=4096,16777216 -p threads=1 -p dtype=f32 -f 1 -wi 5 -w 2s -i 5 -r 1s -jvmArgs "-Xmx3g --add-modules=jdk.incubator.vector" -rf json -rff res3/$v-$round.json > res3/$v-$round.log 2>&1
  uptime >> res3/load.txt
 done
done
