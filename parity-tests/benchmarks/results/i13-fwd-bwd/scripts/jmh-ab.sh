#!/bin/bash
# A/B of ImportedModelBench (compiled forward and forward + backward), base jar vs new jar alternating, two passes,
# the four zoo models at batch 1 and 8, 1 thread. $1 base jar, $2 new jar, $3 output folder, $4 zoo folder.
BASE=$1; NEW=$2; OUT=$3; ZOO=$4; mkdir -p $OUT
for pass in 1 2; do for v in base new; do
  JAR=$BASE; [ $v = new ] && JAR=$NEW
  java -Djmh.ignoreLock=true -cp $JAR org.openjdk.jmh.Main 'io.github.torchact.bench.ImportedModelBench.(forward|forwardBackward)$' \
    -p model=mobilenetv3,resnet,bert,gpt2 -p batch=1,8 -p threads=1 -p mode=compiled \
    -f 1 -wi 2 -w 1s -i 3 -r 1s -bm sample -tu ms \
    -jvmArgs "-Xmx2g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.zoo=$ZOO" \
    -rf json -rff $OUT/$v-$pass.json > $OUT/$v-$pass.log 2>&1
  echo "$(date -u +%T) $v pass $pass $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/load.txt
done; done
