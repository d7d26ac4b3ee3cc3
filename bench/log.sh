#!/usr/bin/env bash
# Benchmark of the session log: appends per second with 8 concurrent writers (each record fsynced),
# and export of generated logs to CSV against jq doing the same conversion on the same file.
#
#   bench/log.sh [RECORDS]        # default 1000000; also runs 100000 to show memory stays flat
#
# Needs: swift, jq, python3, GNU time at /usr/bin/time. Prints a Markdown table; copy it into
# docs/performance.md ("Session log and export") by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
BIG=${1:-1000000}
SCRATCH=${SCRATCH:-.build-log}
OUT=bench/out/log
mkdir -p "$OUT"

swift build -c release --scratch-path "$SCRATCH" --product routewijzer >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product rw-logtool >/dev/null
BIN="$SCRATCH/release"

now() { python3 -c 'import time; print(time.monotonic())'; }

echo "# machine: $(nproc) cores, $(uname -r), $(df -T . | awk 'NR==2{print $2}') file system" >&2

# 1. Appends: 8 writers x 500 records, each append fsynced under the lock.
D="$OUT/append"; rm -rf "$D"; mkdir -p "$D"
t0=$(now)
for w in 1 2 3 4 5 6 7 8; do "$BIN/rw-logtool" append --dir "$D" --count 500 --quiet & done
wait
t1=$(now)
lines=$(wc -l < "$D/sessions.jsonl")
python3 - "$t0" "$t1" "$lines" <<'PY'
import sys
t0, t1, n = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"appends: {n} records by 8 concurrent writers in {t1-t0:.2f} s = {n/(t1-t0):.0f} records/s ({(t1-t0)/n*1000:.2f} ms each)")
PY
# fsync latency of the disk alone, for context
python3 - "$D" <<'PY'
import os, sys, time
p = os.path.join(sys.argv[1], "fsync-probe"); fd = os.open(p, os.O_WRONLY|os.O_CREAT|os.O_APPEND, 0o600)
t = time.monotonic()
for i in range(300): os.write(fd, b"x"*700 + b"\n"); os.fdatasync(fd)
print(f"disk: one process, append + fdatasync: {(time.monotonic()-t)/300*1000:.2f} ms each")
os.close(fd); os.unlink(p)
PY

# 2. Export: our CSV (tools variant with ids: ',', no BOM, --ids, so jq's @csv is directly
#    comparable) vs jq.
JQ='def lt: fromdateiso8601 | strflocaltime("%Y-%m-%d %H:%M");
def dec: if . == null then null else ((. * 10 | round) / 10 | tostring) end;
def ans: if . == null then null elif type == "array" then join(",") else tostring end;
[(.id | ascii_downcase), (.startedAt | lt), (.endedAt | lt), .channel, (.event // ""), .language,
 .catalogueVersion, .catalogueSHA256, .outcome, (if .contactLeft then "true" else "false" end)]
+ [.answers as $a | $q[] | $a[.] | ans]
+ [range(0; 3) as $i | .routes[$i] | (.id, .fit, (.score | dec))]
| @csv'

. bench/measure.sh

for N in 100000 "$BIG"; do
  LOG="$OUT/sessions-$N.jsonl"
  [ -s "$LOG" ] || "$BIN/rw-logtool" generate --count "$N" --output "$LOG"
  size=$(du -m "$LOG" | cut -f1)
  # The answer columns, handed to jq for free (our export finds them itself, in its first pass).
  Q=$(head -1000 "$LOG" | jq -s -c '[.[].answers | keys[]] | unique')
  read -r ours_s ours_kb _ < <(measure "ours-$N" "$BIN/routewijzer" export --format csv --ids --delimiter , --no-bom --keep-ids "$LOG")
  read -r jq_s jq_kb _ < <(measure "jq-$N" env TZ=Europe/Amsterdam jq -r --argjson q "$Q" "$JQ" "$LOG")
  read -r excel_s excel_kb _ < <(measure "excel-$N" "$BIN/routewijzer" export --format csv "$LOG")
  python3 - "$N" "$size" "$ours_s" "$ours_kb" "$jq_s" "$jq_kb" "$excel_s" "$excel_kb" <<'PY'
import sys
n, size, os_, ok, js, jk, es, ek = sys.argv[1:]
print(f"export {int(n):>9,} records ({size} MB): routewijzer {float(os_):.2f} s, {int(ok)/1024:.1f} MB peak | "
      f"jq {float(js):.2f} s, {int(jk)/1024:.1f} MB peak | ratio {float(js)/float(os_):.2f}x | "
      f"Excel variant (BOM, ';', decimal comma, formula guard, re-keyed ids) {float(es):.2f} s, {int(ek)/1024:.1f} MB")
PY
  read -r rep_s rep_kb _ < <(measure "report-$N" "$BIN/routewijzer" report "$LOG")
  echo "report  $N records: $rep_s s, $((rep_kb / 1024)) MB peak"
  if [ "$N" = 100000 ]; then
    # Same rows? Parse both with Python's csv. Our formula guard (a leading ') is allowed. The two
    # time columns are checked against Python's zoneinfo instead: jq 1.6's strflocaltime drops
    # summer time (it prints 16:47 CET for 13:47 UTC in June).
    python3 - "$OUT/ours-$N.out" "$OUT/jq-$N.out" "$LOG" <<'PY'
import csv, datetime, json, sys, zoneinfo
ams = zoneinfo.ZoneInfo("Europe/Amsterdam")
def local(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(ams).strftime("%Y-%m-%d %H:%M")
def unguard(c): return c[1:] if c[:1] == "'" and c[1:2] in ("=", "+", "-", "@", "\t", "\r") else c
with open(sys.argv[1], newline="", encoding="utf-8") as a, open(sys.argv[2], newline="", encoding="utf-8") as b, open(sys.argv[3]) as log:
    ra = csv.reader(a); next(ra)      # our header
    rb = csv.reader(b)
    n = diff = tdiff = 0
    for x, y, line in zip(ra, rb, log):
        n += 1
        x = [unguard(c) for c in x]
        if x[:1] + x[3:] != y[:1] + y[3:]:
            diff += 1
            if diff < 3: print("differs:", x, y)
        r = json.loads(line)
        if x[1:3] != [local(r["startedAt"]), local(r["endedAt"])]: tdiff += 1
print(f"check: {n} rows; {diff} differ from jq (times aside); {tdiff} times differ from zoneinfo")
PY
  fi
done
