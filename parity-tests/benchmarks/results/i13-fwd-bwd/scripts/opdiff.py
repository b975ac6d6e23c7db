#!/usr/bin/env python3
"""Top-level operators (those the TorchScript interpreter calls) and autograd nodes (evaluate_function) per call, two
traces side by side. usage: opdiff.py a.json b.json [--calls 20]"""
import json, sys
from collections import Counter

def counts(path, calls):
    ev = sorted((e for e in json.load(open(path)) if e.get('ph') == 'X'), key=lambda e: (e['tid'], e['ts'], -e['dur']))
    stack, fwd, bwd = [], Counter(), Counter()
    for e in ev:
        while stack and (stack[-1]['tid'] != e['tid'] or stack[-1]['ts'] + stack[-1]['dur'] <= e['ts'] + 1e-6):
            stack.pop()
        n = e['name']
        if n.startswith('autograd::engine::evaluate_function: '):
            bwd[n.split(': ', 1)[1]] += 1
        elif stack and stack[-1]['name'] == 'forward' and n != 'forward':
            fwd[n] += 1
        stack.append(e)
    return {k: v / calls for k, v in fwd.items()}, {k: v / calls for k, v in bwd.items()}

calls = int(sys.argv[4]) if len(sys.argv) > 4 else 20
a, b = counts(sys.argv[1], calls), counts(sys.argv[2], calls)
for title, x, y in (('forward ops', a[0], b[0]), ('autograd nodes', a[1], b[1])):
    print(f'== {title}: {sum(x.values()):.0f} vs {sum(y.values()):.0f}')
    for k in sorted(set(x) | set(y), key=lambda k: -(x.get(k, 0) + y.get(k, 0))):
        if x.get(k, 0) != y.get(k, 0):
            print(f'  {x.get(k, 0):6.1f} {y.get(k, 0):6.1f}  {k}')
