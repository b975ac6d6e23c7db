#!/bin/bash
# A/B softmax family: base jar (HEAD 96de0ff kernels) vs main jar, alternating JVMs
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$1; mkdir -p $OUT
for pass in 1 2; do
 for v in base new; do
  if [ $v = base ]; then JAR=/work/wt/base/parity-tests/benchmarks/target/benchmarks.jar; else JAR=/work/main/parity-tests/benchmarks/target/benchmarks.jar; fi
  $J25 --add-modules jdk.incubator.vector -Djmh.ignoreLock=true -cp $JAR org.openjdk.jmh.Main 'JavaKernelBench.forward$' \
    -p activation=${ACTS:-softmax,log_softmax} -p size=${SIZES:-4096,16777216} -p threads=1 -p dtype=f32 -f 1 -wi 4 -w 1s -i 5 -r 1s -bm thrpt -tu s \
    -jvmArgs "-Xmx3g -Xbatch --add-modules=jdk.incubator.vector" -rf json -rff $OUT/$v-$pass.json > $OUT/$v-$pass.log 2>&1
  echo "$(date +%T) $v pass $pass $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/load.txt
 done
done
python3 - $OUT <<'PY'
import json,sys,glob,os,collections
out=sys.argv[1]; rows=collections.defaultdict(lambda: collections.defaultdict(list))
for f in sorted(glob.glob(out+'/*.json')):
    v,p=os.path.basename(f)[:-5].split('-')
    for r in json.load(open(f)):
        k=(r['params']['activation'],int(r['params']['size']))
        rows[k][v].append(r['primaryMetric']['score']*k[1]/1e9)
print('| op | size | base G elem/s (passes) | new G elem/s (passes) | new/base (medians) |')
print('|---|---|---|---|---|')
import statistics as st
for k in sorted(rows):
    b=rows[k]['base']; n=rows[k]['new']
    print('| %s | %d | %s | %s | %.2f |'%(k[0],k[1],', '.join('%.2f'%x for x in b),', '.join('%.2f'%x for x in n),st.median(n)/st.median(b)))
PY
