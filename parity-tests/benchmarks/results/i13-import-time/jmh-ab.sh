#!/bin/bash
# A/B of ImportTimeBench: base (HEAD) jar vs working-tree jar, alternating passes
OUT=$1; mkdir -p $OUT
for pass in 1 2; do
 for v in base new; do
  if [ $v = base ]; then JAR=/work/wt/base/parity-tests/benchmarks/target/benchmarks.jar; else JAR=/work/main/parity-tests/benchmarks/target/benchmarks.jar; fi
  java -Djmh.ignoreLock=true -cp $JAR org.openjdk.jmh.Main 'ImportTimeBench' -p model=mobilenetv3,resnet,bert,gpt2 -p mode=compiled -p form=dyn \
    -f 1 -wi 2 -w 1s -i 3 -r 1s -bm sample -tu ms \
    -jvmArgs "-Xmx2g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.zoo=/work/main/models/onnx/zoo" \
    -rf json -rff $OUT/$v-$pass.json > $OUT/$v-$pass.log 2>&1
  echo "$(date +%T) $v pass $pass $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/load.txt
 done
done
python3 - $OUT <<'PY'
import json,sys,glob,os,collections
out=sys.argv[1]; rows=collections.defaultdict(dict)
for f in sorted(glob.glob(out+'/*.json')):
    v,p=os.path.basename(f)[:-5].split('-')
    for r in json.load(open(f)):
        m=r['params']['model']; sm=r['secondaryMetrics']
        cpu=sm['cpuNs']['score']/sm['calls']['score']/1e6
        rows[m][v+p]=(cpu, r['primaryMetric']['scorePercentiles']['50.0'])
print('| model | base CPU ms (pass 1, 2) | new CPU ms (pass 1, 2) | new/base | base wall median | new wall median |')
print('|---|---|---|---|---|---|')
for m,d in rows.items():
    b=[d.get('base1',(0,0)),d.get('base2',(0,0))]; n=[d.get('new1',(0,0)),d.get('new2',(0,0))]
    bc=sum(x[0] for x in b)/2; nc=sum(x[0] for x in n)/2
    print('| %s | %.1f, %.1f | %.1f, %.1f | %.2f | %.1f, %.1f | %.1f, %.1f |'%(m,b[0][0],b[1][0],n[0][0],n[1][0],nc/bc,b[0][1],b[1][1],n[0][1],n[1][1]))
PY
