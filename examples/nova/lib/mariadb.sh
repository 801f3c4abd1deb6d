# Sourced by examples/nova/*.sh: a throwaway MariaDB server (private data directory, socket and loopback port, root
# without a password), stopped and removed by mariadb_stop (run it from an EXIT trap). Never touches the system service.
# After mariadb_start: MARIADB_DIR, MARIADB_SOCKET, MARIADB_PORT are set and `mdb` runs the client against it.

mariadb_start() {
    local server install_db
    server=$(command -v mariadbd || echo /usr/sbin/mariadbd)
    install_db=$(command -v mariadb-install-db || echo /usr/bin/mariadb-install-db)
    [ -x "$server" ] || { echo "mariadbd not found: apt-get install mariadb-server" >&2; return 1; }
    MARIADB_DIR=$(mktemp -d /tmp/duckface-nova-mariadb.XXXXXX)
    MARIADB_SOCKET="$MARIADB_DIR/mysqld.sock"
    # a free loopback port: ask the kernel for one
    MARIADB_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$install_db" --no-defaults --datadir="$MARIADB_DIR/data" --user=root --auth-root-authentication-method=normal \
        --skip-test-db >"$MARIADB_DIR/install.log" 2>&1 || { cat "$MARIADB_DIR/install.log" >&2; return 1; }
    "$server" --no-defaults --datadir="$MARIADB_DIR/data" --socket="$MARIADB_SOCKET" --port="$MARIADB_PORT" \
        --bind-address=127.0.0.1 --user=root --log-error="$MARIADB_DIR/error.log" --pid-file="$MARIADB_DIR/mysqld.pid" \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci --innodb-buffer-pool-size=256M \
        --innodb-flush-log-at-trx-commit=2 --skip-name-resolve --local-infile=1 --max-connections=500 &
    MARIADB_PID=$!
    local i
    for i in $(seq 1 120); do
        if mariadb --no-defaults -uroot --socket="$MARIADB_SOCKET" -e 'SELECT 1' >/dev/null 2>&1; then return 0; fi
        kill -0 "$MARIADB_PID" 2>/dev/null || { tail -20 "$MARIADB_DIR/error.log" >&2; return 1; }
        sleep 0.5
    done
    echo "mariadbd did not answer within 60 s" >&2; tail -20 "$MARIADB_DIR/error.log" >&2; return 1
}

mdb() { mariadb --no-defaults -uroot --socket="$MARIADB_SOCKET" "$@"; }

mariadb_stop() {
    if [ -n "${MARIADB_PID:-}" ]; then
        kill "$MARIADB_PID" 2>/dev/null || true
        wait "$MARIADB_PID" 2>/dev/null || true
    fi
    [ -n "${MARIADB_DIR:-}" ] && rm -rf "$MARIADB_DIR"
    MARIADB_PID=""
}
