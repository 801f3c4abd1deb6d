#!/usr/bin/env bash
# Rebuilds the Nova profiles from a real Nova schema at head with synthetic rows written by Nova's own objects:
# throwaway MariaDB, `nova-manage api_db sync` + `db sync --local_cell`, examples/nova/seed.py INSTANCES, then
# `duckface profile --infer-fks --privacy` of the cell database alone (OUTPUT_DIR/nova-example.json: what sweep.sh fills,
# one database per scale; privacy.json) and of the cell and API databases together (OUTPUT_DIR/nova-with-api.json,
# ADR 0007: tables named nova.* and nova_api.*, with instance_mappings.instance_uuid and request_specs.instance_uuid
# referring to nova.instances.uuid across the databases; what run.sh fills; privacy-with-api.json). The privacy files
# keep the bookkeeping and lookup tables verbatim (alembic_version, flavours, quota classes; README.md says why).
# Deterministic rows (seeded), except the timestamps Nova stamps itself.
# Usage: examples/nova/build-profile.sh [INSTANCES (default 2000)] [OUTPUT_DIR (default profiles)]
# DUCKFACE_SEED_DUMP=FILE also dumps the seeded databases; DUCKFACE_PROFILE_OPTIONS adds options to `duckface profile`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
instances=${1:-2000}
output=${2:-$repo/profiles}
. "$here/lib/mariadb.sh"
. "$here/lib/nova.sh"
require_nova
trap mariadb_stop EXIT
mariadb_start
work=$MARIADB_DIR/nova
mkdir -p "$work"
mdb -e 'CREATE DATABASE nova CHARACTER SET utf8mb3; CREATE DATABASE nova_api CHARACTER SET utf8mb3'
nova_conf "$work/nova.conf" nova nova_api
nova_sync "$work/nova.conf"
"$NOVA_PYTHON" "$here/seed.py" "$work/nova.conf" "$instances" 2> >(grep -v 'eventlet monkey patching' >&2)
if [ -n "${DUCKFACE_SEED_DUMP:-}" ]; then
    # the seeded source, for reloading without Nova: DUCKFACE_SEED_DUMP=/tmp/nova-seed.sql
    mariadb-dump --no-defaults -uroot --socket="$MARIADB_SOCKET" --databases nova nova_api >"$DUCKFACE_SEED_DUMP"
fi
dotnet build -c Release "$repo/src/ElasticDuckface.Cli" -v q -nologo >/dev/null
duckface() { dotnet "$repo/src/ElasticDuckface.Cli/bin/Release/net10.0/duckface.dll" "$@"; }
server="mysql://root@127.0.0.1:$MARIADB_PORT"
# shellcheck disable=SC2086 # the extra options are words
duckface profile "$server/nova" --infer-fks --privacy "$here/privacy.json" -o "$output/nova-example.json" \
    ${DUCKFACE_PROFILE_OPTIONS:-}
# shellcheck disable=SC2086
duckface profile "$server/nova" "$server/nova_api" --infer-fks --privacy "$here/privacy-with-api.json" \
    -o "$output/nova-with-api.json" ${DUCKFACE_PROFILE_OPTIONS:-}
