#!/bin/bash
# JMH, 1 thread, per model and batch one after the other: our compiled forward and forward + backward
# (ImportedModelBench), the TorchScript anchor's forward and forward + backward (ImportedTorchScriptBench).
# $1 = benchmarks.jar, $2 = output folder, $3 = zoo folder. Settings as the models launcher's.
JAR=$1; OUT=$2; ZOO=$3; mkdir -p $OUT
for b in 1 8; do for m in mobilenetv3 resnet bert gpt2; do
  java -Djmh.ignoreLock=true -cp $JAR org.openjdk.jmh.Main \
    'io.github.torchact.bench.(ImportedModelBench|ImportedTorchScriptBench).(forward|forwardBackward)$' \
    -p model=$m -p batch=$b -p threads=1 -p mode=compiled \
    -f 1 -wi 2 -w 1s -i 3 -r 1s -bm sample -tu ms \
    -jvmArgs "-Xmx2g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.zoo=$ZOO" \
    -rf json -rff $OUT/$m-$b.json > $OUT/$m-$b.log 2>&1
  echo "$(date -u +%T) $m b$b $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/load.txt
done; done
