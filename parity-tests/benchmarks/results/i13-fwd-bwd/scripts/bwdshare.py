#!/usr/bin/env python3
"""Share of the backward's time per autograd node type (total duration of its evaluate_function events, each clipped at
10x the median of its type so preemption spikes do not count). usage: bwdshare.py trace.json [--calls 20] [--top 8]"""
import json, statistics, sys
from collections import defaultdict
calls = 20
top = int(sys.argv[3]) if len(sys.argv) > 3 else 8
d = defaultdict(list)
for e in json.load(open(sys.argv[1])):
    if e.get('ph') == 'X' and e['name'].startswith('autograd::engine::evaluate_function: '):
        d[e['name'].split(': ', 1)[1]].append(e['dur'])
tot = {k: sum(min(x, 10 * statistics.median(v)) for x in v) for k, v in d.items()}
all_ = sum(tot.values())
print(f'backward: {all_ / calls:.0f} µs per call (profiled)')
for k, t in sorted(tot.items(), key=lambda kv: -kv[1])[:top]:
    print(f'  {100 * t / all_:5.1f} %  {t / calls:7.1f} µs  {len(d[k]) / calls:5.1f}x  {k}')
