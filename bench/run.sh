#!/usr/bin/env bash
# Runs the benchmarks against SQLite and a throwaway MariaDB server (private data dir, loopback port, removed after).
# The bench program starts that server itself (--mysql throwaway), with the same code as the tests' server:
# tests/ElasticDuckface.Data.Tests/Infrastructure/ThrowawayMariaDb.cs. Needs mariadb-server (mariadbd, mariadb-install-db).
#   bash bench/run.sh [profile|generate|pgload|all] [extra args...]   (pgload: throwaway PostgreSQL, needs postgresql)
# Figures are ratios against a baseline run in the same invocation; record them in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"; shift || true

dotnet build -c Release bench/ElasticDuckface.Bench >/dev/null
run() { dotnet run -c Release --no-build --project bench/ElasticDuckface.Bench -- "$@"; }
if [ "$what" = profile ] || [ "$what" = all ]; then run profile --mysql throwaway --postgres throwaway "$@"; fi
if [ "$what" = generate ] || [ "$what" = all ]; then run generate --mysql throwaway "$@"; fi
if [ "$what" = pgload ] || [ "$what" = all ]; then run pgload --postgres throwaway "$@"; fi
