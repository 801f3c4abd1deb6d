#!/usr/bin/env python3
"""Builds bench/profiles/growth-100.json, the planning-time case of issue 14 ("planning stays under a second for a
100-table profile"): 110 tables, 10 roots and 100 children, each child with one foreign key to a root or a root's child
(a forest 3 levels deep, so `bench plantime` scaling each table ×10^depth grows every child ×10 against its parent),
each foreign key's fan-out histogram drawn from a known law (Poisson, negative binomial, heavy lognormal tails up to
thousands of children, one-to-one, zero-inflated), 500 to ~100,000 parents. Columns: an integer key and the foreign key
column. Deterministic (seed 14). Run from the repository root: python3 bench/profiles/build-growth-100.py"""
import json
import math
import random

rng = random.Random(14)


def poisson(mean):
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


LAWS = [
    lambda: poisson(3),
    lambda: poisson(rng.gammavariate(0.7, 4 / 0.7)),
    lambda: 1,
    lambda: int(math.exp(1.5 + 1.2 * rng.gauss(0, 1))),
    lambda: 0 if rng.random() < 0.4 else poisson(2),
    lambda: poisson(0.6),
    lambda: 0 if rng.random() < 0.2 else poisson(8 * math.exp(1.5 * rng.gauss(0, 1))),
]


def column(name, distinct, low, high):
    return {"name": name, "sqlType": "INTEGER", "category": "integer", "unsigned": False, "nullable": False,
            "autoIncrement": False, "stats": {"nullFraction": 0, "distinctCount": distinct,
                                              "distribution": {"kind": "sequence", "min": low, "max": high}}}


tables = []
rows = {}
depth = {}
for i in range(110):
    name = f"t{i:03d}"
    if i < 10:
        parents = None
        count = rng.choice([500, 1000, 2000, 5000, 20000])
        depth[name] = 0
    else:
        parent = rng.choice([t["name"] for t in tables if depth[t["name"]] < 2])
        fan_outs = [LAWS[i % len(LAWS)]() for _ in range(rows[parent])]
        count = max(1, sum(fan_outs))
        depth[name] = depth[parent] + 1
        hist = {}
        for k in fan_outs:
            hist[k] = hist.get(k, 0) + 1
        parents = (parent, fan_outs, hist)
    rows[name] = count
    table = {"name": name, "rowCount": count, "columns": [column("id", count, 1, count)],
             "primaryKey": {"name": "PRIMARY", "columns": ["id"]}, "uniqueKeys": [], "indexes": [], "foreignKeys": []}
    if parents:
        parent, fan_outs, hist = parents
        p = rows[parent]
        table["columns"].append(column("parent_id", sum(1 for k in fan_outs if k > 0), 1, p))
        table["foreignKeys"].append({
            "name": f"fk_{name}_{parent}", "columns": ["parent_id"], "referencedTable": parent, "referencedColumns": ["id"],
            "onDelete": "NO ACTION", "onUpdate": "NO ACTION",
            "stats": {"parentRows": p, "childRows": count, "nullFraction": 0, "zeroFraction": hist.get(0, 0) / p,
                      "mean": count / p, "p99": sorted(fan_outs)[int(0.99 * (p - 1))], "max": max(fan_outs),
                      "histogram": [{"children": k, "parents": n} for k, n in sorted(hist.items())]}})
    tables.append(table)

chinook = json.load(open("profiles/chinook.json"))
profile = {"formatVersion": chinook["formatVersion"], "source": chinook["source"],
           "settings": {"sampleRows": 30000, "minCount": 1, "maxCategories": 64, "dependencyThreshold": 0.5},
           "tables": tables}
with open("bench/profiles/growth-100.json", "w") as f:
    json.dump(profile, f, indent=1)
    f.write("\n")
