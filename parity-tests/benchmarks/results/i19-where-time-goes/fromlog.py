"""JMH JSON (enough for SideReport) from a side run's run.log, for runs cut short before results.json
is written: every finished fork's benchmark, parameters and median call (sample-time mode).
Usage: python3 fromlog.py side/run.log > side/from-log.json"""
import json, re, sys

runs, bench, params = [], None, None
for line in open(sys.argv[1], errors="replace"):
    if line.startswith("# Benchmark: "):
        bench = line.split(": ", 1)[1].strip()
    elif line.startswith("# Parameters: "):
        params = dict(kv.split(" = ") for kv in line.split(": ", 1)[1].strip()[1:-1].split(", "))
    m = re.match(r"\s+p\(50\.0000\) =\s+([0-9.]+) ns/op", line)
    if m and bench:
        runs.append({"benchmark": bench, "params": params,
                     "primaryMetric": {"scoreUnit": "ns/op", "scorePercentiles": {"50.0": float(m.group(1))}}})
        bench = None
json.dump(runs, sys.stdout, indent=1)
