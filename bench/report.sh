#!/usr/bin/env bash
# Benchmark of the demand report: `routewijzer report --html` on generated logs of 100,000 and
# 1,000,000 sessions, against jq computing the same counts (funnel, outcomes, and completed
# sessions per route fit, province, sector, school type, role, subject, week and event) from the
# same file. Peak memory at both sizes shows whether it stays flat.
#
#   bench/report.sh [RECORDS]     # default 1000000; also runs 100000
#
# Needs: swift, jq, python3, GNU time at /usr/bin/time. Prints lines to copy into
# docs/performance.md ("Demand report") by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
BIG=${1:-1000000}
SCRATCH=${SCRATCH:-.build-log}
OUT=bench/out/report
mkdir -p "$OUT"

swift build -c release --scratch-path "$SCRATCH" --product routewijzer >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product rw-logtool >/dev/null
BIN="$SCRATCH/release"

echo "# machine: $(nproc) cores, $(uname -r); $(jq --version)" >&2

# The same counts as the report, in one pass (reduce over the input, so jq streams the log too).
JQ='def wk: (.startedAt | fromdateiso8601 | strftime("%G-W%V"));
reduce inputs as $r ({};
  .started += 1
  | .outcome[$r.outcome] += 1
  | if $r.outcome == "completed" then
      .completed += 1
      | .contact += (if $r.contactLeft then 1 else 0 end)
      | reduce ($r.routes[] | select(.fit != "notEligible")) as $x (.; .route[$x.id + " " + $x.fit] += 1)
      | reduce ("province", "sector", "schoolType", "role", "education") as $q (.; .[$q][($r.answers[$q] // "-") | tostring] += 1)
      | reduce (($r.answers.profiles // [])[]) as $p (.; .subject[$p] += 1)
      | .week[$r | wk] += 1
      | .event[$r.event // "-"] += 1
    else . end)'

. bench/measure.sh

for N in 100000 "$BIG"; do
  LOG="$OUT/sessions-$N.jsonl"
  [ -s "$LOG" ] || "$BIN/rw-logtool" generate --count "$N" --output "$LOG" --seed 5 --catalogue routes.json
  size=$(du -m "$LOG" | cut -f1)
  runs=3; [ "$N" = 100000 ] || runs=1
  for run in $(seq "$runs"); do
    read -r html_s html_kb html_cpu < <(measure "html-$N" "$BIN/routewijzer" report --catalogue routes.json --html "$OUT/report-$N.html" "$LOG")
    read -r text_s text_kb text_cpu < <(measure "text-$N" "$BIN/routewijzer" report --catalogue routes.json "$LOG")
    read -r jq_s jq_kb jq_cpu < <(measure "jq-$N" jq -n -c "$JQ" "$LOG")
    load=$(cut -d' ' -f1 /proc/loadavg)
    python3 - "$N" "$size" "$html_s" "$html_kb" "$html_cpu" "$text_s" "$text_cpu" "$jq_s" "$jq_kb" "$jq_cpu" "$load" <<'PY'
import sys
n, size, hs, hk, hc, ts, tc, js, jk, jc, load = sys.argv[1:]
print(f"report {int(n):>9,} sessions ({size} MB), load {load}: --html {float(hs):.2f} s wall / {float(hc):.2f} s cpu, "
      f"{int(hk)/1024:.1f} MB peak | text {float(ts):.2f} s / {float(tc):.2f} s | "
      f"jq same counts {float(js):.2f} s / {float(jc):.2f} s, {int(jk)/1024:.1f} MB | jq/html (cpu) {float(jc)/float(hc):.1f}x")
PY
  done
  # Same counts? The report's JSON against jq's, for the completed sessions per province.
  "$BIN/routewijzer" report --catalogue routes.json --format json "$LOG" > "$OUT/report-$N.json" 2>/dev/null
  python3 - "$OUT/report-$N.json" "$OUT/jq-$N.out" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1])); theirs = json.load(open(sys.argv[2]))
province = next(t for t in ours["tables"] if t["id"] == "province")
diff = [r["id"] for r in province["rows"] if not r["sessions"]["hidden"] and r["sessions"]["count"] != theirs["province"].get(r["id"] or "-", 0)]
steps = {s["id"]: s["sessions"]["count"] for s in ours["funnel"]}
ok = steps["started"] == theirs["started"] and steps["sawResults"] == theirs["completed"] and steps["leftContact"] == theirs["contact"]
print(f"check: funnel {'agrees' if ok else 'DIFFERS'} with jq; provinces differing: {diff or 'none'}")
PY
done
