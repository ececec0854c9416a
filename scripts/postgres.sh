# A throwaway PostgreSQL cluster for the tests and benchmarks: sourced (after
# lib.sh), not run. `start_test_postgres` installs Debian's postgresql when it is
# missing, makes a cluster in a temporary folder with initdb (as the `postgres`
# user when run as root: PostgreSQL refuses to run as root), starts it with pg_ctl
# on a free loopback port, exports WIJKGIDS_TEST_POSTGRES (a connection string
# without a database name; tests make their own) and stops and removes it when
# the calling script exits. Never a system-wide service.

pg_bindir() {
    local initdb
    initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$initdb" ] && dirname "$initdb"
}

# Runs a command as the user the cluster belongs to.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_test_postgres() {
    if [ -z "$(pg_bindir)" ]; then
        say "Installing PostgreSQL (Debian's postgresql package; its service is not used)"
        apt-get update -qq
        # policy-rc.d 101: the package's own cluster service is not started.
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        rm -f /usr/sbin/policy-rc.d
    fi
    PG_BIN="$(pg_bindir)"
    PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/wijkgids-postgres.XXXXXX")"
    [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
    local port
    port="$(free_port)"
    as_postgres "'$PG_BIN/initdb' -D '$PG_DIR/data' -A trust -U postgres -E UTF8 --no-sync >'$PG_DIR/initdb.log'"
    # Small WAL: the tests make and drop thousands of schemas on a small disk.
    as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w \
        -o \"-p $port -k '$PG_DIR' -c listen_addresses=127.0.0.1 -c max_wal_size=128MB -c max_connections=300\" start >/dev/null"
    trap stop_test_postgres EXIT
    export WIJKGIDS_TEST_POSTGRES="host=127.0.0.1 port=$port user=postgres"
    say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port ($PG_DIR)"
}

stop_test_postgres() {
    if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
        as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m fast -w stop >/dev/null" || true
        rm -rf "$PG_DIR"
    fi
}
