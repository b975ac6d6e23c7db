"""Table of ab.sh's runs: G elem/s per round (base, new), the new/base ratio of the round medians, B/op (first round)."""
import json, statistics
def load(name):
    out = {}
    for r in json.load(open(name)):
        p = r['params']
        key = (p['activation'], r['benchmark'].split('.')[-1], p['dtype'], int(p['size']), int(p['threads']))
        out[key] = (r['primaryMetric']['score'], r['secondaryMetrics']['gc.alloc.rate.norm']['score'])
    return out
runs = {s: [load(f'{s}-{i}.json') for i in (1, 2)] for s in ('base', 'new')}
print('| activation | direction | dtype | size | threads | base G elem/s (rounds) | new G elem/s (rounds) | new/base | base B/op | new B/op |')
print('|---|---|---|---|---|---|---|---|---|---|')
for key in sorted(runs['base'][0], key=lambda k: (k[0], k[1] != 'backward', k[2], k[3], k[4])):
    b = [r[key][0] * key[3] / 1e9 for r in runs['base']]
    n = [r[key][0] * key[3] / 1e9 for r in runs['new']]
    print(f'| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {key[4]} | {", ".join(f"{v:.3f}" for v in b)} '
          f'| {", ".join(f"{v:.3f}" for v in n)} | {statistics.median(n)/statistics.median(b):.2f}× '
          f'| {runs["base"][0][key][1]:,.0f} | {runs["new"][0][key][1]:,.0f} |')
