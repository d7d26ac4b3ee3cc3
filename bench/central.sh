#!/usr/bin/env bash
# Benchmark of the central store, against its named peer, in the same run on the same server:
#   1. `routewijzer sync` of RECORDS generated records into an empty store, against `psql \copy` of
#      the same rows as CSV into the same table (same indexes and insert trigger). Three rounds
#      each, alternating; every round starts from an empty, freshly migrated database.
#   2. `routewijzer report --db` over BIG records in the store (and, for reference, the same
#      report over the same records as a log file), three rounds; then once the same report
#      reading every record back (as for a store of schema version 1, or merged with local
#      logs), on a copy of the database without the columns the server groups by.
#
#   bench/central.sh [RECORDS [BIG]]     # default 100000 and 1000000
#
# Needs: swift, PostgreSQL (Debian's postgresql: initdb, pg_ctl, psql), python3, GNU time.
# Starts a throw-away server on 127.0.0.1 at a free port (as the postgres user when run as root)
# and stops it at the end. Prints the figures; copy them into docs/performance.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
BIG=${2:-1000000}
SCRATCH=${SCRATCH:-.build-central}
OUT=bench/out/central
rm -rf "$OUT"; mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

for p in routewijzer routewijzer-central rw-logtool; do
  swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product "$p" >/dev/null
done
BIN="$(pwd)/$SCRATCH/release"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# The server: a cluster in a folder the server's user owns.
PG="$OUT/pg"; mkdir -p "$PG/socket"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$PG"; as_owner=(runuser -u postgres --); fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${as_owner[@]}" "$PGBIN/initdb" -D "$PG/data" -U bench -A trust -E UTF8 --no-locale --no-sync >/dev/null
"${as_owner[@]}" "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/server.log" -w \
  -o "-p $PORT -k $PG/socket -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_wal_size=4GB" start >/dev/null
trap '"${as_owner[@]}" "$PGBIN/pg_ctl" -D "$PG/data" -m immediate stop >/dev/null 2>&1 || true' EXIT
export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=bench PGPASSFILE=/nonexistent
psql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

now() { python3 -c 'import time; print(time.monotonic())'; }
fresh() {   # fresh DB: an empty, migrated database
  psql -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
  PGDATABASE=$1 "$BIN/routewijzer-central" db migrate >/dev/null
}
echo "# machine: $(nproc) cores, $(uname -r); PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')" >&2

# 1. Sync against \copy.
D="$OUT/kiosk"; mkdir -p "$D"
"$BIN/rw-logtool" generate --count "$N" --output "$D/sessions.jsonl"
# The same rows as CSV, in the table's columns (made once, not timed).
python3 - "$D/sessions.jsonl" "$OUT/rows.csv" <<'PY'
import csv, json, sys
with open(sys.argv[1]) as log, open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out)
    for line in log:
        r = json.loads(line)
        w.writerow([r["id"].lower(), r["startedAt"], r["endedAt"], r["channel"], r.get("event"),
                    r["catalogueVersion"], r["catalogueSHA256"], r["language"], r["outcome"],
                    json.dumps(r["answers"], separators=(",", ":")), json.dumps(r["routes"], separators=(",", ":")), r["schema"]])
PY
COLS="id, started_at, ended_at, channel, event, catalogue_version, catalogue_sha256, language, outcome, answers, routes, record_schema"
sync_times=(); copy_times=()
for round in 1 2 3; do
  fresh bsync; rm -f "$D/sync-state.json"
  t0=$(now); PGDATABASE=bsync "$BIN/routewijzer-central" sync --data-dir "$D" --quiet; t1=$(now)
  rows=$(psql -d bsync -At -c "SELECT count(*) FROM routewijzer.sessions")
  [ "$rows" = "$N" ] || { echo "sync stored $rows of $N" >&2; exit 1; }
  sync_times+=("$(python3 -c "print($t1-$t0)")")
  fresh bcopy
  t0=$(now); psql -d bcopy -c "\\copy routewijzer.sessions ($COLS) FROM '$OUT/rows.csv' WITH (FORMAT csv)"; t1=$(now)
  rows=$(psql -d bcopy -At -c "SELECT count(*) FROM routewijzer.sessions")
  [ "$rows" = "$N" ] || { echo "\\copy stored $rows of $N" >&2; exit 1; }
  copy_times+=("$(python3 -c "print($t1-$t0)")")
done
# Both stored the same rows.
a=$(psql -d bsync -At -c "SELECT md5(string_agg(id::text || answers::text || routes::text || coalesce(event,''), ',' ORDER BY id)) FROM routewijzer.sessions")
b=$(psql -d bcopy -At -c "SELECT md5(string_agg(id::text || answers::text || routes::text || coalesce(event,''), ',' ORDER BY id)) FROM routewijzer.sessions")
[ "$a" = "$b" ] && same="identical" || same="DIFFERENT"
python3 - "$N" "$same" "${sync_times[*]}" "${copy_times[*]}" <<'PY'
import sys, statistics
n, same, s, c = sys.argv[1], sys.argv[2], [float(x) for x in sys.argv[3].split()], [float(x) for x in sys.argv[4].split()]
ms, mc = statistics.median(s), statistics.median(c)
print(f"sync {int(n):,} records: routewijzer sync {', '.join(f'{x:.2f}' for x in s)} s (median {ms:.2f}) | "
      f"psql \\copy {', '.join(f'{x:.2f}' for x in c)} s (median {mc:.2f}) | ratio {ms/mc:.2f}x | stored rows {same}")
PY

# 2. The report over BIG records in the store.
B="$OUT/big"; mkdir -p "$B"
"$BIN/rw-logtool" generate --count "$BIG" --output "$B/sessions.jsonl" --seed 7
fresh bbig
t0=$(now); PGDATABASE=bbig "$BIN/routewijzer-central" sync --data-dir "$B" --quiet; t1=$(now)
echo "sync $BIG records: $(python3 -c "print(f'{$t1-$t0:.1f}')") s"
# The store as it would be a while after the load: vacuumed, and its pages written out (the
# checkpoint after a million inserts would otherwise land in the first round).
psql -d bbig -c "VACUUM ANALYZE routewijzer.sessions" -c "CHECKPOINT"
measure() {   # measure NAME CMD... -> "seconds peak_MB"
  local name=$1; shift
  /usr/bin/time -v -o "$OUT/$name.time" "$@" > "$OUT/$name.out" 2>"$OUT/$name.err"
  python3 - "$OUT/$name.time" <<'PY'
import sys
t = open(sys.argv[1]).read().splitlines()
wall = [l for l in t if "Elapsed (wall clock)" in l][0].split()[-1].split(":")
rss = int([l for l in t if "Maximum resident set size" in l][0].split()[-1])
print(f"{sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall))):.2f} {rss / 1024:.0f}")
PY
}
for round in 1 2 3; do
  read -r db_s db_mb < <(PGDATABASE=bbig measure "report-db-$round" "$BIN/routewijzer" report --db)
  read -r file_s file_mb < <(measure "report-file-$round" "$BIN/routewijzer" report --data-dir "$B")
  cmp -s "$OUT/report-db-$round.out" "$OUT/report-file-$round.out" && same="same text" || same="TEXT DIFFERS"
  echo "report over $BIG records: --db $db_s s (peak $db_mb MB: routewijzer, exec'd into routewijzer-central) | from the log file $file_s s ($file_mb MB) | $same"
done
psql -d postgres -c "CREATE DATABASE bbig1 TEMPLATE bbig"
psql -d bbig1 -c "ALTER TABLE routewijzer.sessions DROP COLUMN answer_kinds, DROP COLUMN route_fits"
read -r old_s old_mb < <(PGDATABASE=bbig1 measure "report-readback" "$BIN/routewijzer" report --db)
cmp -s "$OUT/report-readback.out" "$OUT/report-file-1.out" && same="same text" || same="TEXT DIFFERS"
echo "report over $BIG records reading every record back: $old_s s (peak $old_mb MB, the larger of routewijzer-central and the routewijzer it runs) | $same"
echo "store size: $(psql -d bbig -At -c "SELECT pg_size_pretty(pg_total_relation_size('routewijzer.sessions'))"), log $(du -h "$B/sessions.jsonl" | cut -f1)"
