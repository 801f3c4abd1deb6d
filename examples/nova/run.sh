#!/usr/bin/env bash
# The Nova loop, end to end, with the real client (docs/nova.md records its output):
#   1. a throwaway MariaDB; per scale, Nova's own migrations make `nova` and `nova_api` (`nova-manage api_db sync`,
#      `nova-manage db sync --local_cell`);
#   2. `duckface generate --into-existing` fills both from the profile at that scale (a profile of both databases,
#      profiles/nova-with-api.json, gets one --target per database; a profile of the cell alone fills `nova` only);
#   3. Nova's objects load every generated instance (check_objects.py);
#   4. `nova-manage db archive_deleted_rows --until-complete` and `nova-manage db purge --all` run on it, with rows
#      before and after and their times.
# Usage: examples/nova/run.sh [SCALES (default "1 2 5")] [PROFILE (default profiles/nova-with-api.json)]
# Needs: mariadb-server, python3-nova and nova-common (installed here when run as root), the .NET SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
scales=${1:-1 2 5}
profile=${2:-$repo/profiles/nova-with-api.json}
. "$here/lib/mariadb.sh"
. "$here/lib/nova.sh"

if ! command -v nova-manage >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "installing python3-nova and nova-common (Debian's packages)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3-nova nova-common >/dev/null
fi
require_nova
dotnet build -c Release "$repo/src/ElasticDuckface.Cli" -v q -nologo >/dev/null
duckface() { dotnet "$repo/src/ElasticDuckface.Cli/bin/Release/net10.0/duckface.dll" "$@"; }

trap mariadb_stop EXIT
mariadb_start
work=$MARIADB_DIR/work
mkdir -p "$work"

# seconds since the epoch with milliseconds, for step times
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
rows() { mdb -N -e "SELECT COUNT(*) FROM \`$1\`.\`$2\`"; }
deleted() { mdb -N -e "SELECT COUNT(*) FROM \`$1\`.\`$2\` WHERE deleted <> 0"; }
tables=(instances instance_extra instance_info_caches instance_system_metadata instance_actions instance_actions_events
    instance_faults block_device_mapping migrations)
api_tables=(cell_mappings instance_mappings request_specs)

summary=()
for scale in $scales; do
    cell="nova_x${scale//./_}"
    api="nova_api_x${scale//./_}"
    conf="$work/$cell.conf"
    echo
    echo "=== scale $scale: databases $cell and $api"
    mdb -e "CREATE DATABASE \`$cell\` CHARACTER SET utf8mb3; CREATE DATABASE \`$api\` CHARACTER SET utf8mb3"
    nova_conf "$conf" "$cell" "$api"
    start=$(now)
    nova_sync "$conf"
    echo "schema by nova-manage api_db sync + db sync --local_cell: $(since "$start") s"

    server="mysql://root@127.0.0.1:$MARIADB_PORT"
    if grep -q '"databases"' "$profile"; then
        targets=(--target "nova=$server/$cell" --target "nova_api=$server/$api")
    else
        targets=(--target "$server/$cell")
    fi
    start=$(now)
    duckface generate "$profile" --into-existing --scale "$scale" "${targets[@]}" --quiet
    fill=$(since "$start")
    echo "duckface generate --into-existing: $fill s"

    printf '%-28s %10s %10s\n' table rows deleted
    for t in "${tables[@]}"; do printf '%-28s %10s %10s\n' "$t" "$(rows "$cell" "$t")" "$(deleted "$cell" "$t")"; done
    for t in "${api_tables[@]}"; do printf '%-28s %10s\n' "nova_api.$t" "$(rows "$api" "$t")"; done
    mapped=$(rows "$api" instance_mappings)
    # the reference across the databases: every mapping names an instance of the cell
    unmapped=$(mdb -N -e "SELECT COUNT(*) FROM \`$api\`.instance_mappings m WHERE NOT EXISTS
        (SELECT 1 FROM \`$cell\`.instances i WHERE i.uuid = m.instance_uuid)")
    echo "instance_mappings naming no instance of $cell: $unmapped"
    before=$(rows "$cell" instances)
    deleted_before=$(deleted "$cell" instances)

    echo "Nova's objects load the generated rows:"
    set +e
    "$NOVA_PYTHON" "$here/check_objects.py" "$conf" 2> >(grep -v 'eventlet monkey patching' >&2)
    check=$?
    set -e

    start=$(now)
    set +e
    nova_manage "$conf" db archive_deleted_rows --until-complete --verbose >"$work/$cell.archive.log"
    archive_rc=$?
    set -e
    archive=$(since "$start")
    # 0: nothing to archive, 1: rows archived (nova-manage's documented codes); anything else is a failure
    [ "$archive_rc" -le 1 ] || { cat "$work/$cell.archive.log"; echo "archive_deleted_rows failed ($archive_rc)"; exit 1; }
    tail -n 25 "$work/$cell.archive.log"
    echo "archive_deleted_rows --until-complete: $archive s (exit $archive_rc)"
    printf '%-28s %10s %10s\n' "after archive" rows shadow
    for t in instances instance_actions instance_faults block_device_mapping; do
        printf '%-28s %10s %10s\n' "$t" "$(rows "$cell" "$t")" "$(rows "$cell" "shadow_$t")"
    done

    start=$(now)
    set +e
    nova_manage "$conf" db purge --all >"$work/$cell.purge.log"
    purge_rc=$?
    set -e
    purge=$(since "$start")
    # 0: rows purged, 3: nothing to purge
    [ "$purge_rc" -eq 0 ] || [ "$purge_rc" -eq 3 ] || { cat "$work/$cell.purge.log"; echo "purge failed ($purge_rc)"; exit 1; }
    echo "purge --all: $purge s (exit $purge_rc)"
    printf '%-28s %10s %10s\n' "after purge" rows shadow
    for t in instances instance_actions instance_faults block_device_mapping; do
        printf '%-28s %10s %10s\n' "$t" "$(rows "$cell" "$t")" "$(rows "$cell" "shadow_$t")"
    done
    summary+=("$(printf '%6s %10s %10s %10s %8s %12s %9s %8s %9s %9s' "$scale" "$before" "$deleted_before" "$(rows "$cell" instances)" \
        "$fill" "$archive" "$purge" "$([ "$check" -eq 0 ] && echo all || echo FAILED)" "$mapped" "$(rows "$api" instance_mappings)")")
done

echo
printf '%6s %10s %10s %10s %8s %12s %9s %8s %9s %9s\n' scale instances deleted left fill_s archive_s purge_s objects mappings mapp_left
printf '%s\n' "${summary[@]}"
