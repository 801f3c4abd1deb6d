#!/usr/bin/env bash
# Shards on a real distributed engine (issue 13, docs/scale-out.md): N throwaway MariaDB backends, each loaded by its own
# `duckface generate --shard i/N`, and a frontend whose MariaDB Spider tables span them (one partition per backend). The
# same profile is generated unsharded into the frontend (database `whole`) and compared through Spider: row counts of
# every table, 0 orphans for every foreign key, a three-table join aggregate, point lookups by primary key at every shard
# boundary, and `duckface verify` of the Spider database against the profile.
# Usage: examples/spider/run.sh [shards, default 3] [scale, default 1] [profile, default profiles/chinook.json]
# Needs mariadb-server, mariadb-client and mariadb-plugin-spider (Debian: apt-get install mariadb-plugin-spider) and a
# built CLI (dotnet build ElasticDuckface.sln -c Release). Exits 0 when every check holds, 1 when one fails, 2 when
# something it needs is missing.
#
# The partition rule: each table is RANGE-partitioned on the first column of its primary key, the partition of shard i
# starting at the smallest value shard i holds. Where the shards' ranges of that column are disjoint (every table whose key
# is a single integer: the generator's keys grow with the row number) Spider's routing matches the shards exactly and
# point lookups go to the right backend. Where they overlap (a composite key such as PlaylistTrack's (PlaylistId,
# TrackId), whose rows follow the parent's order but not the key's) the script says so: scans, counts, aggregates and
# joins that scan that table are right; a lookup by its key may miss rows at a shard boundary.
set -euo pipefail
SHARDS=${1:-3}
SCALE=${2:-1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PROFILE=${3:-$ROOT/profiles/chinook.json}
DUCKFACE=${DUCKFACE:-$ROOT/src/ElasticDuckface.Cli/bin/Release/net10.0/duckface}
PLUGIN_DIR=${PLUGIN_DIR:-/usr/lib/mysql/plugin}
[ -x "$DUCKFACE" ] || { echo "build first: dotnet build ElasticDuckface.sln -c Release" >&2; exit 2; }
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] \
  || { echo "mariadbd not found: apt-get install mariadb-server" >&2; exit 2; }
command -v mariadb >/dev/null 2>&1 || { echo "mariadb (client) not found: apt-get install mariadb-client" >&2; exit 2; }
[ -f "$PLUGIN_DIR/ha_spider.so" ] \
  || { echo "the Spider engine is not installed ($PLUGIN_DIR/ha_spider.so): apt-get install mariadb-plugin-spider" >&2; exit 2; }
MARIADBD=$(command -v mariadbd || echo /usr/sbin/mariadbd)

WORK=$(mktemp -d /tmp/duckface-spider.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { # a loopback port nothing listens on
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# start NAME: a throwaway server on a private data directory, socket and loopback port; prints the port
start() {
  local dir="$WORK/$1" port
  port=$(free_port)
  mkdir -p "$dir"
  mariadb-install-db --no-defaults --datadir="$dir/data" --user=root --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/install.log" 2>&1
  "$MARIADBD" --no-defaults --datadir="$dir/data" --socket="$dir/sock" --port="$port" --bind-address=127.0.0.1 --user=root \
    --log-error="$dir/error.log" --pid-file="$dir/pid" --local-infile=1 --innodb-buffer-pool-size=128M \
    --innodb-flush-log-at-trx-commit=2 --skip-name-resolve --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci >/dev/null 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 200); do
    mariadb --no-defaults -h127.0.0.1 -P"$port" -uroot -e 'SELECT 1' >/dev/null 2>&1 && { echo "$port"; return; }
    sleep 0.2
  done
  echo "server $1 did not start: $(tail -3 "$dir/error.log")" >&2
  exit 1
}

sql() { local port=$1; shift; mariadb --no-defaults -h127.0.0.1 -P"$port" -uroot -N -B "$@"; }

echo "Starting $SHARDS backends and a frontend..."
PORTS=()
for i in $(seq 0 $((SHARDS - 1))); do PORTS+=("$(start "backend$i")"); done
FRONT=$(start frontend)

echo "Loading the shards, each into its own backend (in parallel, as N machines would):"
LOAD_START=$(date +%s.%N)
LOAD_PIDS=()
for i in $(seq 0 $((SHARDS - 1))); do
  "$DUCKFACE" generate "$PROFILE" --scale "$SCALE" --shard "$i/$SHARDS" \
    --target "mysql://root@127.0.0.1:${PORTS[$i]}/shard?ssl-mode=none" -q 2>"$WORK/shard$i.err" &
  LOAD_PIDS+=($!)
done
for i in "${!LOAD_PIDS[@]}"; do
  wait "${LOAD_PIDS[$i]}" || { echo "shard $i/$SHARDS failed: $(cat "$WORK/shard$i.err")" >&2; exit 1; }
done
LOAD_END=$(date +%s.%N)
"$DUCKFACE" generate "$PROFILE" --scale "$SCALE" --target "mysql://root@127.0.0.1:$FRONT/whole?ssl-mode=none" -q
TABLES=$(sql "$FRONT" -e "SELECT table_name FROM information_schema.tables WHERE table_schema = 'whole' ORDER BY table_name")

echo "Building the Spider tables on the frontend..."
sql "$FRONT" -e "INSTALL SONAME 'ha_spider'" 2>/dev/null || true
sql "$FRONT" -e "CREATE DATABASE spider"
for i in $(seq 0 $((SHARDS - 1))); do
  sql "$FRONT" -e "CREATE SERVER backend$i FOREIGN DATA WRAPPER mysql
    OPTIONS (HOST '127.0.0.1', PORT ${PORTS[$i]}, USER 'root', PASSWORD '', DATABASE 'shard')"
done
OVERLAPPING=()
for t in $TABLES; do
  key=$(sql "$FRONT" -e "SELECT column_name FROM information_schema.key_column_usage WHERE table_schema = 'whole'
    AND table_name = '$t' AND constraint_name = 'PRIMARY' ORDER BY ordinal_position LIMIT 1")
  # the columns and keys as the shard created them (shards have no foreign keys), the engine replaced by Spider
  ddl=$(sql "${PORTS[0]}" -D shard -e "SHOW CREATE TABLE \`$t\`" | cut -f2- | sed 's/\\n/\n/g' | sed -E 's/\) ENGINE=.*$/)/')
  parts=""
  previous_max=""
  overlap=0
  first=1
  for i in $(seq 0 $((SHARDS - 1))); do
    read -r lo hi <<<"$(sql "${PORTS[$i]}" -D shard -e "SELECT MIN(\`$key\`), MAX(\`$key\`) FROM \`$t\`")"
    [ "$lo" = "NULL" ] && continue # an empty shard of a small table holds nothing to route to
    if [ -n "$previous_max" ] && [ "$lo" -le "$previous_max" ]; then overlap=1; fi
    if [ $first -eq 0 ]; then parts+=" VALUES LESS THAN ($lo) COMMENT = 'srv \"$server\"',"; fi
    parts+=" PARTITION p$i"
    server=backend$i
    previous_max=$hi
    first=0
  done
  parts+=" VALUES LESS THAN MAXVALUE COMMENT = 'srv \"$server\"'"
  [ $overlap -eq 1 ] && OVERLAPPING+=("$t.$key")
  sql "$FRONT" -D spider -e "$ddl ENGINE=SPIDER COMMENT='wrapper \"mysql\", table \"$t\"' PARTITION BY RANGE (\`$key\`) ($parts)"
done

FAILED=0
check() { # check NAME SPIDER_VALUE WHOLE_VALUE
  if [ "$2" = "$3" ]; then echo "  ok    $1: $2"; else echo "  FAIL  $1: Spider $2, unsharded $3"; FAILED=1; fi
}
echo "Through Spider against the unsharded run:"
TOTAL=0
for t in $TABLES; do
  n=$(sql "$FRONT" -e "SELECT COUNT(*) FROM spider.\`$t\`")
  check "rows of $t" "$n" "$(sql "$FRONT" -e "SELECT COUNT(*) FROM whole.\`$t\`")"
  TOTAL=$((TOTAL + n))
done
while read -r child col parent pcol; do
  [ -n "$child" ] || continue
  n=$(sql "$FRONT" -e "SELECT COUNT(*) FROM spider.\`$child\` c WHERE c.\`$col\` IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM spider.\`$parent\` p WHERE p.\`$pcol\` = c.\`$col\`)")
  check "orphans $child.$col -> $parent" "$n" 0
done <<<"$(sql "$FRONT" -e "SELECT table_name, column_name, referenced_table_name, referenced_column_name
  FROM information_schema.key_column_usage WHERE table_schema = 'whole' AND referenced_table_name IS NOT NULL
  ORDER BY table_name, constraint_name, ordinal_position")"
if [[ " $TABLES " == *InvoiceLine* ]]; then
  join="SELECT g.Name, COUNT(*), SUM(il.UnitPrice * il.Quantity) FROM %s.InvoiceLine il JOIN %s.Track t ON t.TrackId = il.TrackId
    JOIN %s.Genre g ON g.GenreId = t.GenreId GROUP BY g.Name ORDER BY g.Name"
  # shellcheck disable=SC2059
  check "join InvoiceLine-Track-Genre (md5 of the result)" \
    "$(sql "$FRONT" -e "$(printf "$join" spider spider spider)" | md5sum | cut -c1-12)" \
    "$(sql "$FRONT" -e "$(printf "$join" whole whole whole)" | md5sum | cut -c1-12)"
  for id in $(sql "$FRONT" -e "SELECT MIN(TrackId) FROM whole.Track"; for i in $(seq 1 $((SHARDS - 1))); do
      sql "${PORTS[$i]}" -D shard -e "SELECT MIN(TrackId) - 1, MIN(TrackId) FROM Track" | tr '\t' '\n'; done); do
    [ "$id" = "NULL" ] && continue
    check "point lookup Track $id (md5)" "$(sql "$FRONT" -e "SELECT * FROM spider.Track WHERE TrackId = $id" | md5sum | cut -c1-12)" \
      "$(sql "$FRONT" -e "SELECT * FROM whole.Track WHERE TrackId = $id" | md5sum | cut -c1-12)"
  done
fi
if "$DUCKFACE" verify "$PROFILE" --target "mysql://root@127.0.0.1:$FRONT/spider?ssl-mode=none" --scale "$SCALE" -q \
    >"$WORK/verify.txt" 2>&1; then
  echo "  ok    duckface verify of the Spider database: $(grep -m1 -i 'verdict\|faithful' "$WORK/verify.txt" || tail -1 "$WORK/verify.txt")"
else
  echo "  FAIL  duckface verify of the Spider database:"; sed 's/^/        /' "$WORK/verify.txt" | head -20; FAILED=1
fi
for o in "${OVERLAPPING[@]}"; do
  echo "  note  $o: the shards' key ranges overlap, so Spider's rule does not route lookups by this key" \
    "(scans, counts, joins that scan it are right)"
done
printf 'Shards: %s, rows through Spider: %s, parallel shard loads: %.1f s wall (a loaded machine: not a benchmark)\n' \
  "$SHARDS" "$TOTAL" "$(echo "$LOAD_END - $LOAD_START" | bc)"
exit $FAILED
