#!/usr/bin/env python3
"""Direct children of every event named NAME in a legacy-profiler trace: counts and total µs per call.
usage: children.py trace.json NAME [--calls 20]"""
import json, sys
from collections import defaultdict
path, name = sys.argv[1], sys.argv[2]
calls = int(sys.argv[4]) if len(sys.argv) > 4 else 20
ev = sorted((e for e in json.load(open(path)) if e.get('ph') == 'X'), key=lambda e: (e['tid'], e['ts'], -e['dur']))
stack, kids, parent_total = [], defaultdict(lambda: [0, 0.0]), [0, 0.0]
for e in ev:
    while stack and (stack[-1]['tid'] != e['tid'] or stack[-1]['ts'] + stack[-1]['dur'] <= e['ts'] + 1e-6):
        stack.pop()
    if stack and stack[-1]['name'] == name:
        k = kids[e['name']]; k[0] += 1; k[1] += e['dur']
    if e['name'] == name:
        parent_total[0] += 1; parent_total[1] += e['dur']
    stack.append(e)
print(f'{name}: {parent_total[0] / calls:.1f}x, {parent_total[1] / calls:.1f} µs total per call')
for k, (c, t) in sorted(kids.items(), key=lambda kv: -kv[1][1]):
    print(f'  {t / calls:8.1f} µs  {c / calls:6.1f}x  {k}')
