"""Table of ab.sh's runs: ops/s per round (base, new), the new/base ratio of the round medians, B/op."""
import json, statistics
def load(name):
    out = {}
    for r in json.load(open(name)):
        p = r['params']
        key = (p['activation'], r['benchmark'].split('.')[-1], p['dtype'], int(p['size']))
        out[key] = (r['primaryMetric']['score'], r['secondaryMetrics']['gc.alloc.rate.norm']['score'])
    return out
runs = {s: [load(f'{s}-{i}.json') for i in (1, 2)] for s in ('base', 'new')}
print('| activation | direction | dtype | size | base G elem/s (rounds) | new G elem/s (rounds) | new/base | base B/op | new B/op |')
print('|---|---|---|---|---|---|---|---|---|')
for key in sorted(runs['base'][0]):
    b = [r[key][0] * key[3] / 1e9 for r in runs['base']]
    n = [r[key][0] * key[3] / 1e9 for r in runs['new']]
    print(f'| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {", ".join(f"{v:.3f}" for v in b)} | {", ".join(f"{v:.3f}" for v in n)} '
          f'| {statistics.median(n)/statistics.median(b):.2f}× | {runs["base"][0][key][1]:,.0f} | {runs["new"][0][key][1]:,.0f} |')
