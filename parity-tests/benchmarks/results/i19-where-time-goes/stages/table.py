"""Markdown tables from stages.txt (Stages.java via stages.sh): per kernel, each stage's marginal
cycles per element (level k minus level k-1), its share of the full loop, and the kernel through the
public API. Usage: python3 table.py stages.txt"""
import re, sys, collections

NAMES = {
    "tanh": ["load, \\|x\\|, store, loop", "range reduction (q, double-float s)", "polynomial and double-float products/sums",
             "2^q scaling", "1/d (1st vdivps), d ± 1/d", "double-float quotient (2nd vdivps)", "saturation, sign, NaN selects"],
    "gelu_tanh": ["pass 1: β·(x + κx³), store", "pass 2: tanh in place (TanhF)", "pass 3: 0.5x·(1 + t), NaN select"],
    "sigmoid": ["load, 0 − x, store, loop", "exp: range reduction", "exp: polynomial", "exp: 2^q scaling", "exp: range selects",
                "+ 1 and the division", "NaN select"],
    "sigmoid_bwd": ["load x and gy, store, loop", "exp: range reduction", "exp: polynomial", "exp: 2^q scaling",
                    "exp: range selects", "+ 1 and the division", "(gy·(1 − y))·y", "NaN select"],
    "gelu_bwd": ["pass 1: −(x/√2)², store", "pass 2: oneDNN exp in place", "pass 3 without the division",
                 "the division 1/(p·\\|r\\| + 1)"],
    "softmax": ["row max (serial 8-lane compare/blend, NaN mask)", "x − max, store", "Sleef exp pass", "row sum (serial 8-lane adds)",
                "scale by 1/sum"],
}
NAMES["silu"] = NAMES["sigmoid"][:5] + ["+ 1 and x / (1 + e)", "NaN select"]

rows = collections.defaultdict(dict)
extra = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\w+) level (\w+): ([0-9.]+) ns/elem, ([0-9.]+) cycles/elem at ([0-9.]+) GHz", line)
    if m:
        rows[m.group(1)][m.group(2)] = float(m.group(4))
        ghz = m.group(5)
print(f"Cycles per element at the run's calibrated clock ({ghz} GHz), 4K float32 in L1, 1 thread.\n")
print("| kernel | stage | cycles/elem | share |\n|---|---|---|---|")
for k, names in NAMES.items():
    lv = rows.get(k, {})
    full = lv.get(str(len(names) - 1))
    prev = 0.0
    for i, n in enumerate(names):
        c = lv.get(str(i))
        if c is None:
            continue
        print(f"| {k} | {i}: {n} | {c - prev:+.2f} | {100 * (c - prev) / full:.0f}% |")
        prev = c
    print(f"| {k} | **all stages (copy)** | **{full:.2f}** | |")
    if "api" in lv:
        print(f"| {k} | the kernel via `Kernel.forward/backward` | {lv['api']:.2f} | {100 * lv['api'] / full:.0f}% of the copy |")
    if "api-avx2" in lv:
        print(f"| {k} | the kernel, `-Dtorchact.reference.cpu=avx2` | {lv['api-avx2']:.2f} | {100 * lv['api-avx2'] / full:.0f}% of the copy |")
for k in ("copy", "tanh_chain"):
    if k in rows:
        print(f"| {k} | {'load + store only' if k == 'copy' else 'tanh latency: each vector waits for the previous one'} | {rows[k]['99']:.2f} | |")
for lvl in ("1", "2", "4"):
    if lvl in rows.get("div", {}):
        print(f"| div | {lvl} dependent vdivps per vector, independent vectors | {rows['div'][lvl]:.2f} | |")
