#!/bin/sh
# The scalar path (JDK 17, no jdk.incubator.vector): base and new alternating, one round, backward, 1 thread.
for side in base new; do
  java -cp /tmp/i19bench/$side.jar org.openjdk.jmh.Main 'JavaKernelBench\.backward$' \
    -p activation=prelu,flexible_relu -p size=4096,16777216 -p threads=1 -p dtype=f32,f64 -f 1 -wi 3 -w 1s -i 3 -r 1s -prof gc \
    -jvmArgs "-Xmx3g" -rf json -rff jdk17-$side.json > jdk17-$side.log 2>&1
  uptime >> load.txt
done
