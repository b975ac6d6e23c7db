#!/bin/sh
# Base (main's commit e4eadfa, /tmp/i19bench/base.jar) and new (this branch, /tmp/i19bench/new.jar) alternating:
# JDK 25 + jdk.incubator.vector, prelu and flexible_relu, forward and backward, 4K and 16M, 1 and 2 threads, f32 and f64.
# Five 1 s warm-up iterations, not three: on this loaded machine C2 took about 5 s to compile the vector cascade.
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for round in 1 2; do
  for side in base new; do
    $J25 --add-modules jdk.incubator.vector -cp /tmp/i19bench/$side.jar org.openjdk.jmh.Main 'JavaKernelBench\.(forward|backward)$' \
      -p activation=prelu,flexible_relu -p size=4096,16777216 -p threads=1,2 -p dtype=f32,f64 -f 1 -wi 5 -w 1s -i 3 -r 1s -prof gc \
      -jvmArgs "-Xmx3g --add-modules=jdk.incubator.vector" -rf json -rff $side-$round.json > $side-$round.log 2>&1
    uptime >> load.txt
  done
done
