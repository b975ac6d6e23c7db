#!/usr/bin/env python3
"""The JMH runs of jmh-fwdbwd.sh as a markdown table: CPU ms per call (cpuNs / calls) of our compiled forward and
forward + backward and of the TorchScript anchor's, and the fwd+bwd/fwd ratios. usage: jmhtable.py DIR"""
import json, glob, os, sys
rows = {}
for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.json'))):
    for r in json.load(open(f)):
        cls, method = r['benchmark'].split('.')[-2:]
        p = r['params']
        sm = r['secondaryMetrics']
        cpu = sm['cpuNs']['score'] / sm['calls']['score'] / 1e6
        rows.setdefault((p['model'], int(p['batch'])), {})[('ours ' if cls == 'ImportedModelBench' else 'ts ') + method] = cpu
order = ['mobilenetv3', 'resnet', 'bert', 'gpt2']
print('| model | batch | ours fwd | ours fwd+bwd | ours fwd+bwd/fwd | TorchScript fwd | TorchScript fwd+bwd | TorchScript fwd+bwd/fwd | ours fwd+bwd / TorchScript fwd+bwd |')
print('|---|---|---|---|---|---|---|---|---|')
for (m, b), d in sorted(rows.items(), key=lambda kv: (kv[0][1], order.index(kv[0][0]))):
    of, ob, tf, tb = (d.get(k, float('nan')) for k in ('ours forward', 'ours forwardBackward', 'ts forward', 'ts forwardBackward'))
    print(f'| {m} | {b} | {of:.3f} | {ob:.3f} | {ob / of:.2f}× | {tf:.3f} | {tb:.3f} | {tb / tf:.2f}× | {ob / tb:.2f}× |')
