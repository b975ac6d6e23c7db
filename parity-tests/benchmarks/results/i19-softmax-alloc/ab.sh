#!/bin/sh
# Base (main before the change) and new jars alternating, JDK 25 + jdk.incubator.vector, 1 thread, 4096 elements (4 rows of 1024).
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for round in 1 2; do
  for side in base new; do
    $J25 --add-modules jdk.incubator.vector -cp /tmp/prof/bench-$side.jar org.openjdk.jmh.Main 'JavaKernelBench\.(forward|backward)$' \
      -p activation=softmax,softmin,log_softmax -p size=4096 -p threads=1 -p dtype=f32,f64 -f 1 -wi 3 -w 1s -i 3 -r 1s -prof gc \
      -jvmArgs "-Xmx3g --add-modules=jdk.incubator.vector" -rf json -rff $side-$round.json > $side-$round.log 2>&1
    uptime >> load.txt
  done
done
