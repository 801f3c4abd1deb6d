#!/usr/bin/env bash
# Rebuild examples/nova/nova-seed.db from schema.sql + seed.sql (deterministic: same bytes of data every run).
set -euo pipefail
cd "$(dirname "$0")"
db=nova-seed.db
rm -f "$db" "$db-journal"
sqlite3 -bail "$db" < schema.sql
sqlite3 -bail "$db" < seed.sql
sqlite3 "$db" 'PRAGMA foreign_keys = ON; VACUUM;'
fk=$(sqlite3 "$db" 'PRAGMA foreign_key_check')
if [ -n "$fk" ]; then echo "foreign key violations:"; echo "$fk"; exit 1; fi
for t in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
  printf '%-40s %6d\n' "$t" "$(sqlite3 "$db" "SELECT count(*) FROM \"$t\"")"
done
ls -l "$db"
