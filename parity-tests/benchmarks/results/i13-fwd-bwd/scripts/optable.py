#!/usr/bin/env python3
"""The fwd+bwd/fwd budget per model: operator counts from the profiles (FwdBwdProf, 20 calls each) and CPU times from
the splits log, as a markdown table. usage: optable.py PROFILE_DIR SPLITS_LOG"""
import json, re, sys
from collections import Counter

def counts(path, calls=20):
    """(interpreter-called ops in the forward, autograd nodes run by the backward, aten ops called by those nodes)."""
    ev = sorted((e for e in json.load(open(path)) if e.get('ph') == 'X'), key=lambda e: (e['tid'], e['ts'], -e['dur']))
    stack, f, b, ba = [], 0, 0, 0
    for e in ev:
        while stack and (stack[-1]['tid'] != e['tid'] or stack[-1]['ts'] + stack[-1]['dur'] <= e['ts'] + 1e-6):
            stack.pop()
        n = e['name']
        if n.startswith('autograd::engine::evaluate_function: '):
            b += 1
        elif stack and stack[-1]['name'] == 'forward' and n != 'forward':
            f += 1
        elif n.startswith('aten::') and any(s['name'].startswith('autograd::engine::evaluate_function') for s in stack):
            ba += 1
        stack.append(e)
    return f / calls, b / calls, ba / calls


def aten_ops(path, calls=20):
    """Every aten op event (all nesting levels) per call."""
    return sum(1 for e in json.load(open(path)) if e.get('ph') == 'X' and e['name'].startswith('aten::')) / calls

prof, log = sys.argv[1], sys.argv[2]
pat = re.compile(r'(\w+) b(\d+) ([\w-]+): fwd ([\d.]+)\s+recorded fwd ([\d.]+)\s+fwd\+bwd ([\d.]+).*?bwd ([\d.]+).*?unoptimised plan ([\d.]+)')
print('| model | batch | peer | fwd ms | fwd ms, unoptimised plan | recorded fwd ms | bwd ms | fwd+bwd/fwd | fwd ops (aten ops, all levels) | autograd nodes (of them AccumulateGrad) | aten ops in bwd, all levels | µs per fwd op | µs per recorded fwd op | µs per autograd node |')
print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
for line in open(log):
    m = pat.search(line)
    if not m:
        continue
    model, b, peer = m.group(1), m.group(2), m.group(3)
    fwd, rec, fb, bwd, noopt = (float(m.group(i)) for i in (4, 5, 6, 7, 8))
    f, nodes, bops = counts(f'{prof}/{model}-{b}-{peer}.json')
    fa = aten_ops(f'{prof}/{model}-{b}-{peer}-fwd.json')
    acc = Counter(e['name'] for e in json.load(open(f'{prof}/{model}-{b}-{peer}.json')))['torch::autograd::AccumulateGrad'] / 20
    print(f'| {model} | {b} | {peer} | {fwd:.3f} | {noopt:.3f} | {rec:.3f} | {bwd:.3f} | {fb / fwd:.2f}× | {f:.0f} ({fa:.0f}) | {nodes:.0f} ({acc:.0f}) | {bops:.0f} | '
          f'{fwd * 1e3 / f:.1f} | {rec * 1e3 / f:.1f} | {bwd * 1e3 / nodes:.1f} |')
