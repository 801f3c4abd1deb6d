#!/usr/bin/env bash
# duckface sweep of a real Nova maintenance job (docs/sweep.md records its output): on a throwaway MariaDB, each scale's
# database gets Nova's schema by its own migrations (--setup: nova-manage db sync --local_cell), is filled from
# profiles/nova-example.json (--into-existing, since the setup made the tables), and `nova-manage db archive_deleted_rows
# --until-complete` is measured on it (--run). One API database, synced once and never filled, serves every scale:
# archive_deleted_rows only deletes the API rows of archived instances, and this profile fills none.
# MODE=sync measures `nova-manage db sync --local_cell` from the initial alembic revision (8f2f1571d55b, made by --setup)
# to head instead: the fill then goes into the older schema (columns that revision lacks are left out).
# Usage: [MODE=archive|sync] examples/nova/sweep.sh [SCALES (default 0.5,1,2,4)] [REPEAT (default 1)] [OUT (default /tmp/nova-sweep)]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
scales=${1:-0.5,1,2,4}
repeat=${2:-1}
out=${3:-/tmp/nova-sweep}
. "$here/lib/mariadb.sh"
. "$here/lib/nova.sh"
require_nova
dotnet build -c Release "$repo/src/ElasticDuckface.Cli" -v q -nologo >/dev/null
trap mariadb_stop EXIT
mariadb_start
mkdir -p "$out"
mdb -e 'CREATE DATABASE nova_api_shared CHARACTER SET utf8mb3'
nova_conf "$out/api.conf" nova_api_shared nova_api_shared
nova_manage "$out/api.conf" api_db sync
# each command writes its own nova.conf for the sweep's database into its private folder
conf='printf "[DEFAULT]\nstate_path = %s\nlog_dir = %s\ntransport_url = fake://\n[oslo_messaging_notifications]\ndriver = noop\n'
conf+='[database]\nconnection = mysql+pymysql://root@localhost/%s?unix_socket=%s&charset=utf8\n'
conf+='[api_database]\nconnection = mysql+pymysql://root@localhost/nova_api_shared?unix_socket=%s&charset=utf8\n" '
conf+="\"\$DUCKFACE_DIR\" \"\$DUCKFACE_DIR\" \"\$DUCKFACE_DATABASE\" '$MARIADB_SOCKET' '$MARIADB_SOCKET' > \"\$DUCKFACE_DIR/nova.conf\""
manage='nova-manage --config-file "$DUCKFACE_DIR/nova.conf"'
if [ "${MODE:-archive}" = sync ]; then
    setup="$manage db sync --local_cell 8f2f1571d55b"
    run="$manage db sync --local_cell"
else
    setup="$manage db sync --local_cell"
    run="$manage db archive_deleted_rows --until-complete; test \$? -le 1"
fi
dotnet "$repo/src/ElasticDuckface.Cli/bin/Release/net10.0/duckface.dll" sweep "$repo/profiles/nova-example.json" \
    --server "mysql://root@127.0.0.1:$MARIADB_PORT" --scales "$scales" --repeat "$repeat" --predict 100 \
    --setup "$conf && $setup" --run "$run" \
    --work "$out/work" --json "$out/sweep.json" --report "$out/sweep.html"
