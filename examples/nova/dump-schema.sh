#!/usr/bin/env bash
# Writes the real Nova schema at head, as Debian's python3-nova creates it with its own migrations, to
# tests/data/nova/{nova,nova_api}.sql (mariadb-dump --no-data, AUTO_INCREMENT counters and the client-only sandbox line
# stripped, so that any client can run them), for the tests and the example.
# Needs: python3-nova nova-common (apt-get install), mariadb-server. Starts and removes its own throwaway MariaDB.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../tests/data/nova}
. "$here/lib/mariadb.sh"
trap mariadb_stop EXIT
mariadb_start
mkdir -p "$out"
work=$MARIADB_DIR/nova
mkdir -p "$work"
mdb -e 'CREATE DATABASE nova; CREATE DATABASE nova_api'
cat >"$work/nova.conf" <<CONF
[DEFAULT]
state_path = $work
log_dir = $work
[database]
connection = mysql+pymysql://root@localhost/nova?unix_socket=$MARIADB_SOCKET&charset=utf8
[api_database]
connection = mysql+pymysql://root@localhost/nova_api?unix_socket=$MARIADB_SOCKET&charset=utf8
CONF
nova-manage --config-file "$work/nova.conf" api_db sync
nova-manage --config-file "$work/nova.conf" db sync --local_cell
for db in nova nova_api; do
    mariadb-dump --no-defaults -uroot --socket="$MARIADB_SOCKET" --no-data --skip-comments --skip-dump-date "$db" \
        | sed -E -e 's/ AUTO_INCREMENT=[0-9]+//' -e '/^\/\*M!999999/d' >"$out/$db.sql"
    # the migrations' own bookkeeping row, so that a test can restore the schema exactly as `db sync` leaves it
    mdb -N -e "SELECT version_num FROM $db.alembic_version" >"$out/$db.alembic_version"
    echo "$db: $(grep -c '^CREATE TABLE' "$out/$db.sql") tables -> $out/$db.sql"
done
