#!/bin/sh
# Base (the jar before the change, /tmp/prof/bench-new.jar) and new (/tmp/prof/bench-hs.jar) alternating: JDK 25 + jdk.incubator.vector, 1 thread.
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for round in 1 2; do
  for side in base new; do
    jar=/tmp/prof/bench-new.jar; [ $side = new ] && jar=/tmp/prof/bench-hs.jar
    $J25 --add-modules jdk.incubator.vector -cp $jar org.openjdk.jmh.Main 'JavaKernelBench\.backward$' \
      -p activation=hardswish -p size=4096,16777216 -p threads=1 -p dtype=f32,f64 -f 1 -wi 3 -w 1s -i 3 -r 1s -prof gc \
      -jvmArgs "-Xmx3g --add-modules=jdk.incubator.vector" -rf json -rff $side-$round.json > $side-$round.log 2>&1
    uptime >> load.txt
  done
done
