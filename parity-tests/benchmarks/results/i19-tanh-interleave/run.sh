#!/bin/bash
# Every variant of gen.py (one JVM each), generated from main's TanhF.java as of commit 81997bc (before the two-vector
# loop; TANHF=file for another): a line per variant (Harness.java).
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
D=$(cd "$(dirname "$0")" && pwd)
C=$(mktemp -d)
git -C "$D" show 81997bc:plugin/kernels/src/main/java-vector/io/github/torchact/kernel/vector/TanhF.java > "$C/TanhF-main.java"
python3 "$D/gen.py" "${TANHF:-$C/TanhF-main.java}" > "$C/Variants.java"
$J/javac --add-modules jdk.incubator.vector -d "$C" "$C/Variants.java" "$D/Harness.java" 2>&1 | grep -v warning
echo "# $(date -u) load $(cat /proc/loadavg)"
for round in ${ROUNDS:-1 2}; do
  for v in ${VARIANTS:-one inter2 inter2r consec2 inter3 inter4 inter4r consec4}; do
    $J/java --add-modules jdk.incubator.vector -Xmx1g $JOPTS -cp "$C" -Dvariant=$v -Dghz=${GHZ:-4} Harness 2>&1 | grep -v WARNING
  done
done
echo "# $(date -u) load $(cat /proc/loadavg)"
rm -rf "$C"
