# Sourced by examples/nova/*.sh after lib/mariadb.sh: Nova's own tools against the throwaway server.
# Debian's python3-nova lives in the system interpreter, whatever python3 is first on PATH.
NOVA_PYTHON=/usr/bin/python3

# nova_conf FILE CELL_DB API_DB: a nova.conf whose databases are CELL_DB and API_DB on the throwaway server; messaging is
# oslo's in-process fake transport and notifications go nowhere.
nova_conf() {
    local file=$1 dir
    dir=$(dirname "$file")
    cat >"$file" <<CONF
[DEFAULT]
state_path = $dir
log_dir = $dir
transport_url = fake://
[oslo_messaging_notifications]
driver = noop
[database]
connection = mysql+pymysql://root@localhost/$2?unix_socket=$MARIADB_SOCKET&charset=utf8
[api_database]
connection = mysql+pymysql://root@localhost/$3?unix_socket=$MARIADB_SOCKET&charset=utf8
CONF
}

# nova_manage CONF ARGS...: nova-manage with the warnings about eventlet left out of the log.
nova_manage() {
    local conf=$1; shift
    nova-manage --config-file "$conf" "$@" 2> >(grep -v 'eventlet monkey patching' >&2)
}

# nova_sync CONF: both schemas at head by Nova's own migrations.
nova_sync() {
    nova_manage "$1" api_db sync
    nova_manage "$1" db sync --local_cell
}

require_nova() {
    if ! command -v nova-manage >/dev/null 2>&1; then
        echo "nova-manage not found: run this script as root to install python3-nova, or apt-get install python3-nova nova-common" >&2
        return 1
    fi
}
