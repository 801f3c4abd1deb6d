#!/usr/bin/env bash
# Runs the benchmarks against SQLite and a throwaway MariaDB server (private data dir, loopback port, removed after).
#   bash bench/run.sh [profile|generate|all] [extra args...]
# Figures are ratios against a baseline run in the same invocation; record them in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"; shift || true

mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
[ -x "$mariadbd" ] || { echo "mariadbd not found: apt-get install mariadb-server" >&2; exit 1; }
dir=$(mktemp -d /tmp/duckface-bench-db.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { [ -f "$dir/pid" ] && kill "$(cat "$dir/pid")" 2>/dev/null; sleep 1; rm -rf "$dir"; }
trap cleanup EXIT
mariadb-install-db --no-defaults --datadir="$dir/data" --user=root --auth-root-authentication-method=normal --skip-test-db >/dev/null
"$mariadbd" --no-defaults --datadir="$dir/data" --socket="$dir/sock" --port="$port" --bind-address=127.0.0.1 --user=root \
    --log-error="$dir/err.log" --pid-file="$dir/pid" --local-infile=1 --innodb-buffer-pool-size=2G --innodb-log-file-size=512M \
    --innodb-flush-log-at-trx-commit=2 --skip-log-bin &
for _ in $(seq 1 60); do mariadb --no-defaults -uroot -h127.0.0.1 -P"$port" -e 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
mariadb --no-defaults -uroot -h127.0.0.1 -P"$port" -e 'CREATE DATABASE IF NOT EXISTS bench'
url="mysql://root@127.0.0.1:$port/bench?ssl-mode=none"

dotnet build -c Release bench/ElasticDuckface.Bench >/dev/null
run() { dotnet run -c Release --no-build --project bench/ElasticDuckface.Bench -- "$@"; }
if [ "$what" = profile ] || [ "$what" = all ]; then run profile --mysql "$url" "$@"; fi
if [ "$what" = generate ] || [ "$what" = all ]; then run generate --mysql "$url" "$@"; fi
