#!/bin/bash
# Timing splits and profiles of ours (compiled) and the TorchScript anchor (optimiser off on recorded calls, and DJL's
# default), every zoo model, batch 1 and 8, 1 thread. Run from the repository root; $1 = classpath (benchmarks.jar:drivers),
# $2 = output folder.
cp=$1; out=$2; mkdir -p $out
for b in 1 8; do for mo in mobilenetv3 resnet bert gpt2; do for w in compiled anchor-noopt anchor; do
  java -Dai.djl.offline=true -Dn=${N:-150} -Drounds=3 -cp $cp io.github.torchact.bench.FwdBwdProf $mo $b $w $out/$mo-$b-$w.json 2>&1 | grep ' b[18] ' 
done; done; done
