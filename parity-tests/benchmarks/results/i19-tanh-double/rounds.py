"""Per-round table from ab.sh's JMH JSON files: python3 rounds.py DIR.

Each fork's best and mean measured iteration in G elem/s, before and after, the ratio of the bests,
and the largest gc.alloc.rate.norm (B/op) of each fork.
"""
import collections, glob, json, os, sys

rows = collections.defaultdict(dict)  # (method, size, round) -> tag -> (best, mean, B/op)
for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.json'))):
    tag, rnd = os.path.basename(f).split('-')[:2]
    try:
        data = json.load(open(f))
    except json.JSONDecodeError:
        continue
    for r in data:
        size = int(r['params']['size'])
        raw = [v for fork in r['primaryMetric']['rawData'] for v in fork]
        norm = r.get('secondaryMetrics', {}).get('gc.alloc.rate.norm', {}).get('score', float('nan'))
        rows[(r['benchmark'].split('.')[-1], size, rnd)][tag] = (max(raw) * size / 1e9, sum(raw) / len(raw) * size / 1e9, norm)

print('| direction | size | round | before G/s best (mean) | after G/s best (mean) | after/before (best) | before B/op | after B/op |')
print('|---|---|---|---|---|---|---|---|')
for key in sorted(rows):
    b, a = rows[key].get('before'), rows[key].get('after')
    if not (a and b):
        continue
    print(f'| {key[0]} | {key[1]} | {key[2]} | {b[0]:.3f} ({b[1]:.3f}) | {a[0]:.3f} ({a[1]:.3f}) | {a[0] / b[0]:.2f} | {b[2]:.1f} | {a[2]:.1f} |')
