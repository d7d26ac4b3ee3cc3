"""Tries to recover hidden counts from a report CSV (written with --ids), the way a reader could.

Reads the CSV with Python's csv module, checks that the count column holds only integers (or is
empty where the row is flagged hidden), writes down every sum the report publishes as an equation
(tables add up to their totals, cross tables to the one-way counts, the funnel's steps to the
sessions), and narrows each hidden count to an interval by propagating bounds through all of them,
knowing only that a hidden count is at least 1. Prints a JSON object: the hidden cells with their
intervals, and problems found. Written apart from the program's own protection, on purpose.

usage: attack.py REPORT.csv
"""
import csv
import json
import sys
from collections import defaultdict

CROSS = {"provinceSchoolType": ("province", "schoolType"),
         "roleSchoolType": ("role", "schoolType"),
         "sectorProvince": ("sector", "province")}
ONE_WAY = {"province", "sector", "schoolType", "role", "education", "week", "event"}

problems = []
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f, delimiter=";"))
if rows[0] != ["section", "row", "column", "count", "hidden"]:
    problems.append("header %r" % rows[0])

# One name per quantity; names that denote the same quantity are merged (union-find).
parent = {}
def find(x):
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
def same(a, b):
    parent[find(a)] = find(b)

value = {}      # name -> int, for visible counts
hidden = set()  # names of hidden counts
for r in rows[1:]:
    section, row, column, count, flag = r
    if section in ("damagedLines",) or row == "completionRatePercent":
        continue
    name = (section, row, column)
    if flag == "true":
        if count != "":
            problems.append("hidden count written: %r" % r)
        hidden.add(name)
    elif flag == "false":
        try:
            value[name] = int(count)
        except ValueError:
            problems.append("count is not a whole number: %r" % r)
    else:
        problems.append("flag is neither true nor false: %r" % r)
    find(name)

equations = []  # (left names, right names): sum(left) == sum(right)
def eq(left, right):
    equations.append((left, right))

# Funnel: each step's sessions = the next step's sessions + the next step's drop.
steps = ["started", "answeredAll", "sawResults", "leftContact"]
for a, b in zip(steps, steps[1:]):
    eq([("funnel", b, "sessions"), ("funnel", b, "drop")], [("funnel", a, "sessions")])
same(("outcome", "completed", ""), ("funnel", "sawResults", "sessions"))
same(("outcome", "total", ""), ("funnel", "started", "sessions"))
eq([("outcome", k, "") for k in ("completed", "abandoned", "timedOut")], [("outcome", "total", "")])

by_section = defaultdict(list)
for name in list(parent):
    by_section[name[0]].append(name)
for section in ONE_WAY:
    names = [n for n in by_section.get(section, []) if n[1] != "total"]
    if not names:
        continue
    eq(names, [(section, "total", "")])
    same((section, "total", ""), ("outcome", "completed", ""))
for key, (rk, ck) in CROSS.items():
    section = "cross:" + key
    names = by_section.get(section, [])
    if not names:
        continue
    rows_ = {n[1] for n in names if n[1] != "total"}
    cols = {n[2] for n in names if n[2] != "total"}
    for r in rows_:
        eq([(section, r, c) for c in cols], [(section, r, "total")])
        same((section, r, "total"), (rk, r, ""))
    for c in cols:
        eq([(section, r, c) for r in rows_], [(section, "total", c)])
        same((section, "total", c), (ck, c, ""))
    same((section, "total", "total"), ("outcome", "completed", ""))

# Bounds per merged quantity.
quantities = {find(n) for n in parent}
ceiling = 10 ** 9
lo, hi = {}, {}
for q in quantities:
    members = [n for n in parent if find(n) == q]
    known = {value[n] for n in members if n in value}
    if len(known) > 1:
        problems.append("one quantity, two values: %r %r" % (members, known))
    if known:
        lo[q] = hi[q] = known.pop()
    else:
        lo[q], hi[q] = 1, ceiling
for _ in range(500):
    changed = False
    for left, right in equations:
        left = [find(n) for n in left]
        right = [find(n) for n in right]
        for side, other in ((left, right), (right, left)):
            olo, ohi = sum(lo[x] for x in other), sum(hi[x] for x in other)
            slo, shi = sum(lo[x] for x in side), sum(hi[x] for x in side)
            for x in side:
                new_hi = ohi - (slo - lo[x])
                new_lo = olo - (shi - hi[x])
                if new_hi < hi[x]:
                    hi[x] = max(new_hi, lo[x]); changed = True
                if new_lo > lo[x]:
                    lo[x] = min(new_lo, hi[x]); changed = True
    if not changed:
        break

result = []
for n in sorted(hidden):
    q = find(n)
    result.append({"cell": list(n), "lo": lo[q], "hi": min(hi[q], ceiling)})
print(json.dumps({"hidden": result, "problems": problems, "visible": len(value)}))
