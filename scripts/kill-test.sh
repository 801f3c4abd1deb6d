#!/usr/bin/env bash
# Fault injection (issue 12, docs/reliability.md): SIGKILL `duckface generate --replace` at random points, N times per
# target kind (SQLite file, throwaway MariaDB server), and classify each outcome by checksum:
#   complete   the target holds the new generation exactly
#   untouched  the target holds the previous generation exactly
#   BROKEN     anything else (a half-written target): the script exits 1
# After each kill, the same generate is rerun to completion; it must give the new generation and leave no staging area.
# Usage: scripts/kill-test.sh [runs per target, default 20] [scale, default 3]
set -euo pipefail
RUNS=${1:-20}
SCALE=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUCKFACE="$ROOT/src/ElasticDuckface.Cli/bin/Release/net10.0/duckface"
PROFILE="$ROOT/profiles/chinook.json"
[ -x "$DUCKFACE" ] || { echo "build first: dotnet build ElasticDuckface.sln -c Release" >&2; exit 2; }
WORK=$(mktemp -d /tmp/duckface-kill.XXXXXX)
SERVER_PID=""
cleanup() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT

# a throwaway MariaDB: private data directory, socket and loopback port
PORT=$((20000 + RANDOM % 20000))
mariadb-install-db --no-defaults --datadir="$WORK/data" --auth-root-authentication-method=normal --skip-test-db >/dev/null 2>&1
mariadbd --no-defaults --datadir="$WORK/data" --socket="$WORK/sock" --port=$PORT --bind-address=127.0.0.1 \
  --local-infile=1 --user="$(id -un)" --innodb-buffer-pool-size=128M >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do [ -S "$WORK/sock" ] && break; sleep 0.2; done
SQL() { mariadb -uroot --socket="$WORK/sock" -N -B -e "$1"; }

checksum() { # kind target
  if [ "$1" = sqlite ]; then
    [ -f "$2" ] && sha256sum "$2" | cut -c1-16 || echo none
  else
    local db=${2##*/}; local tables
    tables=$(SQL "SELECT GROUP_CONCAT(CONCAT('\`$db\`.\`', TABLE_NAME, '\`') ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA='$db'")
    if [ "$tables" = NULL ] || [ -z "$tables" ]; then echo none; else SQL "CHECKSUM TABLE $tables" | sha256sum | cut -c1-16; fi
  fi
}
staging() { # kind target → number of staging areas left
  if [ "$1" = sqlite ]; then find "$(dirname "$2")" -maxdepth 1 -name "$(basename "$2").partial-*" | wc -l
  else SQL "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '${2##*/}\\_\\_duckface\\_staging\\_%'"; fi
}
gen() { "$DUCKFACE" generate "$PROFILE" --scale "$SCALE" --seed "$2" --target "$1" --replace -q; }

FAILED=0
for kind in ${KINDS:-sqlite mariadb}; do
  if [ $kind = sqlite ]; then T="$WORK/target.db"; else T="mysql://root@127.0.0.1:$PORT/killtest"; fi
  gen "$T" 1; A=$(checksum $kind "$T")
  start=$(date +%s%N); gen "$T" 2; B=$(checksum $kind "$T"); ms=$(( ($(date +%s%N) - start) / 1000000 ))
  gen "$T" 1; [ "$(checksum $kind "$T")" = "$A" ] || { echo "$kind: generation is not deterministic" >&2; exit 1; }
  declare -A count=([complete]=0 [untouched]=0 [BROKEN]=0)
  left=0; removed=0; from=1; to=2
  for i in $(seq "$RUNS"); do
    delay=$((RANDOM % (ms + 200)))
    "$DUCKFACE" generate "$PROFILE" --scale "$SCALE" --seed $to --target "$T" --replace -q 2>/dev/null &
    pid=$!
    sleep "$(printf '0.%03d' $((delay % 1000)))"; [ $delay -ge 1000 ] && sleep $((delay / 1000))
    kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
    sum=$(checksum $kind "$T"); want=$([ $to = 2 ] && echo "$B" || echo "$A"); was=$([ $from = 2 ] && echo "$B" || echo "$A")
    if [ "$sum" = "$want" ]; then outcome=complete; elif [ "$sum" = "$was" ]; then outcome=untouched; else outcome=BROKEN; FAILED=1; fi
    st=$(staging $kind "$T"); [ "$st" -gt 0 ] && left=$((left + 1))
    gen "$T" $to
    [ "$(checksum $kind "$T")" = "$want" ] && [ "$(staging $kind "$T")" = 0 ] && [ "$st" -gt 0 ] && removed=$((removed + 1))
    [ "$(checksum $kind "$T")" = "$want" ] && [ "$(staging $kind "$T")" = 0 ] || { echo "$kind run $i: rerun did not complete cleanly" >&2; FAILED=1; }
    count[$outcome]=$((count[$outcome] + 1))
    echo "$kind run $i: killed after ${delay} ms of ~${ms} ms: $outcome ($sum; before $was, new $want), staging left: $st, rerun: complete"
    t=$from; from=$to; to=$t
  done
  echo "SUMMARY $kind: $RUNS kills: ${count[complete]} complete, ${count[untouched]} untouched, ${count[BROKEN]} broken; staging left by $left, removed by the rerun in $removed"
  unset count
done
exit $FAILED
