#!/bin/bash
# This tree's TanhF.tanh against main's loop (commit 81997bc) on all 2^32 float32 inputs (Exhaustive.java).
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
D=$(cd "$(dirname "$0")" && pwd)
C=$(mktemp -d)
git -C "$D" show 81997bc:plugin/kernels/src/main/java-vector/io/github/torchact/kernel/vector/TanhF.java > "$C/TanhF-main.java"
python3 "$D/gen.py" "$C/TanhF-main.java" > "$C/Variants.java"
sed '/^package /d' "$D/../../../../plugin/kernels/src/main/java-vector/io/github/torchact/kernel/vector/TanhF.java" > "$C/TanhF.java"
$J/javac --add-modules jdk.incubator.vector -d "$C" "$C/Variants.java" "$C/TanhF.java" "$D/Exhaustive.java" 2>&1 | grep -v warning
$J/java --add-modules jdk.incubator.vector -cp "$C" Exhaustive 2>&1 | grep -v WARNING
rm -rf "$C"
