#!/usr/bin/env python3
"""jmh-ab.sh's runs as a markdown table: CPU ms per call (cpuNs / calls; the mean of the passes, each pass in
parentheses) of the compiled forward and forward + backward, base and new, and fwd+bwd/fwd. usage: abtable.py DIR"""
import json, glob, os, sys
from collections import defaultdict
d = defaultdict(lambda: defaultdict(list))
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*-[0-9].json"))):
    v = os.path.basename(f)[:-5].split('-')[-2]  # [ab-]base-1.json, [ab-]new-2.json
    for r in json.load(open(f)):
        p, sm = r['params'], r['secondaryMetrics']
        d[(p['model'], int(p['batch']))][(v, r['benchmark'].split('.')[-1])].append(sm['cpuNs']['score'] / sm['calls']['score'] / 1e6)
order = ['mobilenetv3', 'resnet', 'bert', 'gpt2']
mean = lambda xs: sum(xs) / len(xs)
fmt = lambda xs: f'{mean(xs):.3f} ({", ".join(f"{x:.3f}" for x in xs)})'
print('| model | batch | fwd base | fwd new | fwd+bwd base | fwd+bwd new | fwd+bwd/fwd base → new |')
print('|---|---|---|---|---|---|---|')
for (m, b), v in sorted(d.items(), key=lambda kv: (kv[0][1], order.index(kv[0][0]))):
    fb, fn, bb, bn = (v[k] for k in (('base', 'forward'), ('new', 'forward'), ('base', 'forwardBackward'), ('new', 'forwardBackward')))
    print(f'| {m} | {b} | {fmt(fb)} | {fmt(fn)} | {fmt(bb)} | {fmt(bn)} | {mean(bb) / mean(fb):.2f}× → {mean(bn) / mean(fn):.2f}× |')
