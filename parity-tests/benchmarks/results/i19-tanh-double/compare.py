"""Before/after table from interleave.sh's JMH JSON files: python3 compare.py DIR.

Per fork the best measured iteration (the shared machine's load only ever slows a fork down), in
G elem/s; the ratio after/before per round (forks of one round ran back to back), and its median.
"""
import collections, glob, json, os, statistics, sys

runs = collections.defaultdict(lambda: collections.defaultdict(dict))  # (act, method, size, threads) -> tag -> round -> G/s
alloc = collections.defaultdict(dict)  # (act, method, size, threads) -> tag -> max B/op over rounds
for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.json'))):
    tag, rnd = os.path.basename(f).split('-')[:2]
    try:
        data = json.load(open(f))
    except json.JSONDecodeError:
        print(f'skipped {f}: not complete', file=sys.stderr)
        continue
    for r in data:
        p = r['params']
        key = (p.get('activation', 'baseline'), r['benchmark'].split('.')[-1], int(p['size']), p['threads'])
        best = max(v for fork in r['primaryMetric']['rawData'] for v in fork)
        runs[key][tag][rnd] = best * key[2] / 1e9
        norm = r.get('secondaryMetrics', {}).get('gc.alloc.rate.norm', {}).get('score')
        if norm is not None:
            alloc[key][tag] = max(alloc[key].get(tag, 0), norm)

med = lambda xs: statistics.median(xs) if xs else float('nan')
print('| activation | direction | size | threads | before G/s | after G/s | after/before per round | median | baseline G/s | after B/op |')
print('|---|---|---|---|---|---|---|---|---|---|')
for key in sorted(k for k in runs if k[0] != 'baseline'):
    b, a = runs[key]['before'], runs[key]['after']
    ratios = [a[r] / b[r] for r in sorted(b) if r in a]
    base = runs[('baseline',) + key[1:]]['base'].values()
    print(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {med(list(b.values())):.2f} | {med(list(a.values())):.2f} | "
          f"{' '.join(f'{x:.2f}' for x in ratios)} | {med(ratios):.2f} | {med(list(base)):.2f} | {alloc[key].get('after', float('nan')):.0f} |")
