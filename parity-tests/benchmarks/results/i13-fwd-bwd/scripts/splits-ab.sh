#!/bin/bash
# FwdBwdProf (min of 3 rounds of 150 calls) on base and new jars alternating, two passes; $1 base jar, $2 new jar,
# $3 driver classes, $4 output log, then the models.
BASE=$1; NEW=$2; DRV=$3; LOG=$4; shift 4
for pass in 1 2; do for m in "$@"; do for b in 1 8; do for v in base new; do
  JAR=$BASE; [ $v = new ] && JAR=$NEW
  echo "$v pass $pass $(java -Dai.djl.offline=true -Dn=150 -Drounds=3 -cp $JAR:$DRV io.github.torchact.bench.FwdBwdProf $m $b compiled 2>&1 | grep ' b[18] ')" >> $LOG
done; done; done; done
