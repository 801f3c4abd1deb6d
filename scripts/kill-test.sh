#!/usr/bin/env bash
# Fault injection (issue 12, docs/reliability.md): SIGKILL `duckface generate --replace` at random points, N times per
# target kind (SQLite file, throwaway MariaDB server, throwaway PostgreSQL server), and classify each outcome by checksum:
#   complete   the target holds the new generation exactly
#   untouched  the target holds the previous generation exactly
#   BROKEN     anything else (a half-written target): the script exits 1
# After each kill, the same generate is rerun to completion; it must give the new generation and leave no staging area.
# Usage: scripts/kill-test.sh [runs per target, default 20] [scale, default 3]; DUCKFACE=PATH runs another build of the CLI.
# MODE=into-existing kills `generate --into-existing` instead (issue 10): the schema is made once (by a generate, then
# emptied), each killed run must leave it empty (untouched) or completely filled, and the rerun must fill it completely.
# MODE=two-databases kills `generate --into-existing` of a profile of two MariaDB databases (MultiDatabaseWriter, issue 12):
# the script makes both (Chinook into killtest_a and killtest_b), profiles them together (`profile URL1 URL2`), empties them
# and fills them with `--target killtest_a=URL --target killtest_b=URL`; each killed run must leave both complete or both
# empty ("split": the first committed and the second not, the documented one-commit window, is counted apart).
# ACTION=restart restarts the server instead at the random point of the load (MariaDB: SIGKILL of mariadbd; PostgreSQL:
# pg_ctl stop -m immediate, a crash for every session; then started again on the same data directory, socket and port), and
# lets the client run on: it fails in one line (exit 3) or completes. KINDS defaults to "mariadb postgres" then.
# ACTION=sigint sends Ctrl-C (SIGINT) instead of SIGKILL and measures the time from the signal to the exit, and the exit code
# (130, or 0 when the run finished first).
# KINDS="sqlite mariadb postgres" (the default) chooses the target kinds; a server starts only for a kind asked for.
# PostgreSQL: PG_BIN (default: the newest /usr/lib/postgresql/*/bin); as root the server runs as the postgres user.
set -euo pipefail
# job control: a background job of a script ignores SIGINT otherwise, and ACTION=sigint would measure nothing
[ "${ACTION:-kill}" = sigint ] && set -m
RUNS=${1:-20}
SCALE=${2:-3}
MODE=${MODE:-replace}
ACTION=${ACTION:-kill}
if [ "$ACTION" = restart ]; then KINDS=${KINDS:-mariadb postgres}; fi # the kinds with a server to restart
KINDS=${KINDS:-sqlite mariadb postgres}
if [ "$MODE" = two-databases ]; then KINDS=mariadb; fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUCKFACE=${DUCKFACE:-$ROOT/src/ElasticDuckface.Cli/bin/Release/net10.0/duckface}
PROFILE="$ROOT/profiles/chinook.json"
[ -x "$DUCKFACE" ] || { echo "build first: dotnet build ElasticDuckface.sln -c Release" >&2; exit 2; }
WORK=$(mktemp -d /tmp/duckface-kill.XXXXXX)
SERVER_PID=""
PG_DIR=""
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
AS_PG() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "$PG_DIR" ]; then
    (cd /tmp && AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1) || true
    rm -rf "$PG_DIR"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ " $KINDS " == *" mariadb "* ]]; then
  # a throwaway MariaDB: private data directory, socket and loopback port
  PORT=$((20000 + RANDOM % 20000))
  mariadb-install-db --no-defaults --datadir="$WORK/data" --auth-root-authentication-method=normal --skip-test-db >/dev/null 2>&1
  start_mariadb() {
    mariadbd --no-defaults --datadir="$WORK/data" --socket="$WORK/sock" --port=$PORT --bind-address=127.0.0.1 \
      --local-infile=1 --user="$(id -un)" --innodb-buffer-pool-size=128M >>"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 150); do SQL "SELECT 1" >/dev/null 2>&1 && break; sleep 0.2; done
  }
  # a crash and a restart: every connection dies at once, InnoDB recovers the data directory at the start
  restart_mariadb() { kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; rm -f "$WORK/sock"; start_mariadb; }
  start_mariadb
fi
SQL() { mariadb -uroot --socket="$WORK/sock" -N -B -e "$1"; }

if [[ " $KINDS " == *" postgres "* ]]; then
  # a throwaway PostgreSQL, as tests/ElasticDuckface.Data.Tests/Infrastructure/ThrowawayPostgres.cs: initdb into a private
  # directory (owned by postgres when run as root: initdb refuses root), private socket directory and loopback port
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL's initdb not found (set PG_BIN)" >&2; exit 2; }
  PG_DIR=$(mktemp -d /tmp/duckface-kill-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_DIR"; fi
  PG_PORT=$((20000 + RANDOM % 20000))
  (cd /tmp && AS_PG "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null)
  printf 'local all all trust\nhost all postgres 127.0.0.1/32 trust\n' >"$PG_DIR/data/pg_hba.conf"
  (cd /tmp && AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "-p $PG_PORT -k $PG_DIR -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null)
fi
# an immediate shutdown (every backend ends at once, no checkpoint; WAL recovery at the start) and a start on the same port
restart_postgres() {
  (cd /tmp && AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1) || true
  (cd /tmp && AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null)
}
PSQL() { "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d killtest -X -q -A -t -c "$1"; }
# one query giving "table md5" per table of the target schema: md5 of every row's text, rows sorted
PG_SUMS="SELECT string_agg(format('SELECT %L || '' '' || md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), ''''))
  FROM %I.%I t', tablename, schemaname, tablename), ' UNION ALL ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'"

checksum() { # kind target
  if [ "$1" = sqlite ] && [ "$MODE" = into-existing ]; then
    # the rows, not the bytes: a killed transaction leaves a hot journal that the next open rolls back
    python3 -c 'import sqlite3,sys,hashlib; c=sqlite3.connect(sys.argv[1]); print(hashlib.sha256("\n".join(c.iterdump()).encode()).hexdigest()[:16])' "$2"
  elif [ "$1" = sqlite ]; then
    [ -f "$2" ] && sha256sum "$2" | cut -c1-16 || echo none
  elif [ "$1" = postgres ]; then
    local q; q=$(PSQL "$PG_SUMS")
    if [ -z "$q" ]; then echo none; else PSQL "$q" | sort | sha256sum | cut -c1-16; fi
  else
    local db=${2##*/}; local tables
    tables=$(SQL "SELECT GROUP_CONCAT(CONCAT('\`$db\`.\`', TABLE_NAME, '\`') ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA='$db'")
    if [ "$tables" = NULL ] || [ -z "$tables" ]; then echo none; else SQL "CHECKSUM TABLE $tables" | sha256sum | cut -c1-16; fi
  fi
}
staging() { # kind target → number of staging areas left
  if [ "$1" = sqlite ]; then find "$(dirname "$2")" -maxdepth 1 -name "$(basename "$2").partial-*" | wc -l
  elif [ "$1" = postgres ]; then PSQL "SELECT COUNT(*) FROM pg_namespace WHERE starts_with(nspname, 'public__duckface_staging_')"
  else SQL "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '${2##*/}\\_\\_duckface\\_staging\\_%'"; fi
}
gen() { "$DUCKFACE" generate "$PROFILE" --scale "$SCALE" --seed "$2" --target "$1" --replace -q; }
fill() { "$DUCKFACE" generate "$PROFILE" --scale "$SCALE" --seed 2 --target "$1" --into-existing -q; }
empty() { # kind target: delete every row, keep the schema
  if [ "$1" = sqlite ]; then
    python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); [c.execute("DELETE FROM \"%s\"" % t) for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type=\"table\" AND name NOT LIKE \"sqlite_%\"").fetchall()]; c.commit()' "$2"
  elif [ "$1" = postgres ]; then
    PSQL "DO \$\$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP EXECUTE format('TRUNCATE %I CASCADE', t); END LOOP; END \$\$"
  else
    local db=${2##*/}
    for t in $(SQL "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='$db'"); do SQL "SET FOREIGN_KEY_CHECKS=0; DELETE FROM \`$db\`.\`$t\`"; done
  fi
}

# MODE=into-existing: kill `generate --into-existing` into an empty application schema; complete or empty, never between
into_existing() { # kind target
  local kind=$1 T=$2
  gen "$T" 1; empty $kind "$T"; local E; E=$(checksum $kind "$T")
  local start; start=$(date +%s%N); fill "$T"; local B; B=$(checksum $kind "$T"); local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  empty $kind "$T"; [ "$(checksum $kind "$T")" = "$E" ] || { echo "$kind: emptying is not repeatable" >&2; exit 1; }
  declare -A count=([complete]=0 [untouched]=0 [BROKEN]=0)
  for i in $(seq "$RUNS"); do
    local delay=$((RANDOM % (ms + 200)))
    "$DUCKFACE" generate "$PROFILE" --scale "$SCALE" --seed 2 --target "$T" --into-existing -q 2>/dev/null &
    local pid=$!
    sleep "$(printf '0.%03d' $((delay % 1000)))"; [ $delay -ge 1000 ] && sleep $((delay / 1000))
    kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
    local sum outcome; sum=$(checksum $kind "$T")
    if [ "$sum" = "$B" ]; then outcome=complete; elif [ "$sum" = "$E" ]; then outcome=untouched; else outcome=BROKEN; FAILED=1; fi
    empty $kind "$T"; fill "$T"
    [ "$(checksum $kind "$T")" = "$B" ] || { echo "$kind run $i: rerun did not fill completely" >&2; FAILED=1; }
    empty $kind "$T"
    count[$outcome]=$((count[$outcome] + 1))
    echo "$kind run $i: killed after ${delay} ms of ~${ms} ms: $outcome ($sum; empty $E, filled $B), rerun: complete"
  done
  echo "SUMMARY $kind into-existing: $RUNS kills: ${count[complete]} complete, ${count[untouched]} untouched, ${count[BROKEN]} broken"
}

# MODE=two-databases: kill a fill of two databases of one MariaDB server; both complete or both empty, never between
two_databases() {
  local A="mysql://root@127.0.0.1:$PORT/killtest_a" B="mysql://root@127.0.0.1:$PORT/killtest_b"
  gen "$A" 1; gen "$B" 2
  "$DUCKFACE" profile "$A" "$B" -o "$WORK/two.json" -q
  local fill2=("$DUCKFACE" generate "$WORK/two.json" --scale "$SCALE" --seed 3 --into-existing -q --i-know-this-is-the-source --target "killtest_a=$A" --target "killtest_b=$B")
  empty mariadb "$A"; empty mariadb "$B"
  local EA EB; EA=$(checksum mariadb "$A"); EB=$(checksum mariadb "$B")
  local start; start=$(date +%s%N); "${fill2[@]}"; local FA FB; FA=$(checksum mariadb "$A"); FB=$(checksum mariadb "$B")
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  declare -A count=([complete]=0 [untouched]=0 [split]=0 [BROKEN]=0)
  for i in $(seq "$RUNS"); do
    empty mariadb "$A"; empty mariadb "$B"
    local delay=$((RANDOM % (ms + 200)))
    "${fill2[@]}" 2>/dev/null &
    local pid=$!
    sleep "$(printf '0.%03d' $((delay % 1000)))"; [ $delay -ge 1000 ] && sleep $((delay / 1000))
    kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
    local sa sb outcome; sa=$(checksum mariadb "$A"); sb=$(checksum mariadb "$B")
    if [ "$sa" = "$FA" ] && [ "$sb" = "$FB" ]; then outcome=complete
    elif [ "$sa" = "$EA" ] && [ "$sb" = "$EB" ]; then outcome=untouched
    elif { [ "$sa" = "$FA" ] || [ "$sa" = "$EA" ]; } && { [ "$sb" = "$FB" ] || [ "$sb" = "$EB" ]; }; then outcome=split
    else outcome=BROKEN; FAILED=1; fi
    empty mariadb "$A"; empty mariadb "$B"; "${fill2[@]}"
    { [ "$(checksum mariadb "$A")" = "$FA" ] && [ "$(checksum mariadb "$B")" = "$FB" ]; } \
      || { echo "two databases run $i: rerun did not fill both completely" >&2; FAILED=1; }
    count[$outcome]=$((count[$outcome] + 1))
    echo "two databases run $i: killed after ${delay} ms of ~${ms} ms: $outcome (a $sa, b $sb; empty $EA $EB, filled $FA $FB), rerun: complete"
  done
  echo "SUMMARY two databases into-existing: $RUNS kills: ${count[complete]} complete, ${count[untouched]} untouched, ${count[split]} split, ${count[BROKEN]} broken"
}

FAILED=0
if [ "$MODE" = two-databases ]; then two_databases; exit $FAILED; fi
for kind in $KINDS; do
  case $kind in
    sqlite) T="$WORK/target.db" ;;
    mariadb) T="mysql://root@127.0.0.1:$PORT/killtest" ;;
    postgres) T="postgres://postgres@127.0.0.1:$PG_PORT/killtest?sslmode=disable" ;;
    *) echo "unknown target kind: $kind" >&2; exit 2 ;;
  esac
  if [ "$ACTION" = restart ] && [ $kind = sqlite ]; then echo "ACTION=restart needs a server: KINDS=mariadb or postgres" >&2; exit 2; fi
  if [ "$MODE" = into-existing ]; then into_existing $kind "$T"; continue; fi
  gen "$T" 1; A=$(checksum $kind "$T")
  start=$(date +%s%N); gen "$T" 2; B=$(checksum $kind "$T"); ms=$(( ($(date +%s%N) - start) / 1000000 ))
  gen "$T" 1; [ "$(checksum $kind "$T")" = "$A" ] || { echo "$kind: generation is not deterministic" >&2; exit 1; }
  declare -A count=([complete]=0 [untouched]=0 [BROKEN]=0)
  left=0; removed=0; from=1; to=2; stops=""
  for i in $(seq "$RUNS"); do
    delay=$((RANDOM % (ms + 200)))
    "$DUCKFACE" generate "$PROFILE" --scale "$SCALE" --seed $to --target "$T" --replace -q 2>"$WORK/stderr" &
    pid=$!
    sleep "$(printf '0.%03d' $((delay % 1000)))"; [ $delay -ge 1000 ] && sleep $((delay / 1000))
    how=""
    case $ACTION in
      kill) kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true ;;
      restart) if [ $kind = postgres ]; then restart_postgres; else restart_mariadb; fi; rc=0; wait $pid || rc=$?; how=", client exit $rc: $(head -1 "$WORK/stderr")"
        # an exit other than 0 (complete) or 3 (one-line database error) is a crash
        [ $rc = 0 ] || { [ $rc = 3 ] && [ "$(wc -l <"$WORK/stderr")" = 1 ]; } || { echo "$kind run $i: exit $rc: $(cat "$WORK/stderr")" >&2; FAILED=1; } ;;
      sigint)
        t0=$(date +%s%N); sent=1; kill -INT $pid 2>/dev/null || sent=0; rc=0; wait $pid || rc=$?
        stop=$(( ($(date +%s%N) - t0) / 1000000 ))
        if [ $sent = 1 ] && [ $rc = 130 ]; then stops="$stops $stop"; fi
        how=", SIGINT to exit ${stop} ms, exit $rc"
        [ $rc = 130 ] || [ $rc = 0 ] || { echo "$kind run $i: exit $rc after SIGINT: $(cat "$WORK/stderr")" >&2; FAILED=1; } ;;
    esac
    sum=$(checksum $kind "$T"); want=$([ $to = 2 ] && echo "$B" || echo "$A"); was=$([ $from = 2 ] && echo "$B" || echo "$A")
    if [ "$sum" = "$want" ]; then outcome=complete; elif [ "$sum" = "$was" ]; then outcome=untouched; else outcome=BROKEN; FAILED=1; fi
    st=$(staging $kind "$T"); [ "$st" -gt 0 ] && left=$((left + 1))
    gen "$T" $to
    [ "$(checksum $kind "$T")" = "$want" ] && [ "$(staging $kind "$T")" = 0 ] && [ "$st" -gt 0 ] && removed=$((removed + 1))
    [ "$(checksum $kind "$T")" = "$want" ] && [ "$(staging $kind "$T")" = 0 ] || { echo "$kind run $i: rerun did not complete cleanly" >&2; FAILED=1; }
    count[$outcome]=$((count[$outcome] + 1))
    echo "$kind run $i: $ACTION after ${delay} ms of ~${ms} ms: $outcome ($sum; before $was, new $want), staging left: $st$how, rerun: complete"
    t=$from; from=$to; to=$t
  done
  echo "SUMMARY $kind: $RUNS x $ACTION: ${count[complete]} complete, ${count[untouched]} untouched, ${count[BROKEN]} broken; staging left by $left, removed by the rerun in $removed"
  if [ -n "$stops" ]; then
    echo "SIGINT $kind: ms from the signal to exit 130, sorted:$(printf ' %s' $(printf '%s\n' $stops | sort -n))"
  fi
  unset count
done
exit $FAILED
