"""Before/after table from SoftmaxFamilyBench JSON: CPU ns per call per iteration (cpuNs/calls), best iteration, in G elem/s."""
import json, glob, os, sys, collections
res = collections.defaultdict(dict)
for f in sorted(glob.glob(sys.argv[1] + '/*.json')):
    jar, _, cfg = os.path.basename(f)[:-5].partition('-')
    try: data = json.load(open(f))
    except Exception: continue
    order = cfg.split('-')[1]
    for r in data:
        p = r['params']; m = r['benchmark'].split('.')[-1]
        sm = r['secondaryMetrics']
        ns = [c / n for c, n in zip([v for fk in sm['cpuNs']['rawData'] for v in fk], [v for fk in sm['calls']['rawData'] for v in fk]) if n]
        wall = max(v for fk in r['primaryMetric']['rawData'] for v in fk)
        size = int(p['size'])
        res[(p['dtype'], order, p['activation'], m, size)][jar] = (size / min(ns), min(ns))
print('| dtype | order | activation | direction | size | before G elem/s (CPU) | after G elem/s (CPU) | after/before |')
print('|---|---|---|---|---|---|---|---|')
for k in sorted(res):
    v = res[k]; b = v.get('before'); a = v.get('after')
    fmt = lambda t: '' if t is None else f'{t[0]:.3f}'
    print(f"| {k[0]} | {k[1]} | {k[2]} | {k[3]} | {k[4]} | {fmt(b)} | {fmt(a)} | {'' if not (a and b) else f'{a[0]/b[0]:.2f}'} |")
