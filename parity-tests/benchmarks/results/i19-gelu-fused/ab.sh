#!/bin/bash
# main (staged oneDNN exp pass) vs fused (exp inlined in one loop), float32 gelu, JDK 25, alternating order
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
mkdir -p resg
for round in 1 2; do
 if [ $round = 1 ]; then order="new gelu"; else order="gelu new"; fi
 for v in $order; do
  $J --add-modules jdk.incubator.vector -Djmh.ignoreLock=true -cp $v.jar org.openjdk.jmh.Main 'JavaKernelBench\.(forward|backward)$' -p activation=gelu -p size=4096,16777216 -p threads=1,2 -p dtype=f32 -f 1 -wi 4 -w 1s -i 3 -r 1s -prof gc -jvmArgs "-Xmx3g --add-modules=jdk.incubator.vector -Dtorchact.onednn.avx512=false" -rf json -rff resg/$v-$round.json > resg/$v-$round.log 2>&1
  uptime >> resg/load.txt
 done
done
