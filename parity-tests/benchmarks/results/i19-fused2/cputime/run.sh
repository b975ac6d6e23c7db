J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
B=/tmp/i19f2/before/plugin/kernels/target/classes; A=/tmp/i19f2/drv/kclasses
one() { $J --add-modules jdk.incubator.vector -Xmx3g -cp $2:/tmp/i19f2/cpu/out io.github.torchact.kernel.vector.CpuTimeDriver $3 $4 2>/dev/null | sed "s/^/$1 /"; }
for r in 1; do  # one round: the 2-core machine was at load 15-20
 for kd in "softplus f32" "logsigmoid f32" "elu f32" "mish f32" "sigmoid f64" "softplus f64"; do set -- $kd
  if [ $r = 1 ]; then one before $B $1 $2; one after $A $1 $2; else one after $A $1 $2; one before $B $1 $2; fi
 done
done
echo CPUDONE
