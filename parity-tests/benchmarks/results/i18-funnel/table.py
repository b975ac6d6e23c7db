"""FunnelBench table from its JMH JSON: python3 table.py funnel-jdk25.json.

Per shape the four paths of one run: JMH's mean wall time per call (± its 99.9% error) and the
benchmark thread's CPU time per call (CpuTime: cpuNs / calls over the measured iterations; every path
computes on the calling thread), and each path's CPU time over the vector kernel's.
"""
import json, sys

rows = {}
for r in json.load(open(sys.argv[1])):
    p = r['params']
    s = r['secondaryMetrics']
    rows[(int(p['batch']), int(p['channels']), int(p['size']), p['path'])] = (
        r['primaryMetric']['score'], r['primaryMetric']['scoreError'], s['cpuNs']['score'] / s['calls']['score'] / 1e3)

names = {'kernel': 'Java kernel, Vector API', 'scalar': 'Java kernel, scalar', 'libtorch': 'libtorch (DJL)', 'ort': 'ONNX Runtime'}
print('| input | path | wall µs/call (± error) | CPU µs/call | CPU / vector kernel |')
print('|---|---|---|---|---|')
for shape in sorted({k[:3] for k in rows}):
    vec = rows[shape + ('kernel',)][2]
    for path in ('kernel', 'scalar', 'libtorch', 'ort'):
        if shape + (path,) in rows:
            wall, err, cpu = rows[shape + (path,)]
            print(f'| ({shape[0]}, {shape[1]}, {shape[2]}, {shape[2]}) | {names[path]} | {wall:.0f} ± {err:.0f} | {cpu:.0f} | {cpu / vec:.2f}× |')
