#!/usr/bin/env python3
"""Aggregate a libtorch legacy-profiler chrome trace (JniUtils.stopProfile) by operator name.

Self time = an event's duration less its direct children's (nesting by [ts, ts+dur) on one thread).
Phase: 'bwd' for events under an 'autograd::engine::evaluate_function: ...' event, else 'fwd'.
Self µs per op name = count x median self time (robust to preemption spikes on a shared machine).
Prints per-call counts and self µs (divided by --calls), top ops per phase, and totals.
usage: profsum.py trace.json [--calls 20] [--top 25]
"""
import json, sys, argparse
from collections import defaultdict

ap = argparse.ArgumentParser()
ap.add_argument('trace')
ap.add_argument('--calls', type=int, default=20)
ap.add_argument('--top', type=int, default=25)
args = ap.parse_args()

ev = [e for e in json.load(open(args.trace)) if e.get('ph') == 'X']
by_tid = defaultdict(list)
for e in ev:
    by_tid[e['tid']].append(e)

stats = {p: defaultdict(lambda: [0, 0.0]) for p in ('fwd', 'bwd')}
import statistics
top_ops = {'fwd': 0, 'bwd': 0}   # operator calls at the top of a phase (what the interpreter / engine dispatches)
for tid, es in by_tid.items():
    es.sort(key=lambda e: (e['ts'], -e['dur']))
    stack = []
    for e in es:
        end = e['ts'] + e['dur']
        while stack and stack[-1]['ts'] + stack[-1]['dur'] <= e['ts'] + 1e-6:
            stack.pop()
        parent = stack[-1] if stack else None
        e['_self'] = e['dur']
        if parent is not None:
            parent['_self'] -= e['dur']
        e['_phase'] = 'bwd' if (e['name'].startswith('autograd::engine::evaluate_function') or
                                (parent is not None and parent['_phase'] == 'bwd')) else 'fwd'
        e['_top'] = parent is None or parent['name'] == 'forward' or parent['name'].startswith('autograd::engine::evaluate_function')
        stack.append(e)
    for e in es:
        s = stats[e['_phase']][e['name']]
        s[0] += 1
        s[1] += e['_self']
        s.append(e['_self'])
        if e['_top'] and not e['name'].startswith('autograd::engine') and e['name'] != 'forward':
            top_ops[e['_phase']] += 1

n = args.calls
for p in ('fwd', 'bwd'):
    for v in stats[p].values():
        v[1] = v[0] * statistics.median(v[2:])  # count x median self time: preemption spikes do not count
        del v[2:]
    tot = sum(v[1] for v in stats[p].values())
    cnt = sum(v[0] for v in stats[p].values())
    print(f'== {p}: {tot / n:.0f} µs self per call, {cnt / n:.0f} events per call, {top_ops[p] / n:.0f} top-level ops per call')
    for name, (c, t) in sorted(stats[p].items(), key=lambda kv: -kv[1][1])[:args.top]:
        print(f'  {t / n:8.1f} µs  {c / n:6.1f}x  {name}')
