#!/usr/bin/env bash
# Throw-away PostgreSQL cluster for CI and local runs.
#
# Sourced by .ci/run (functions pg_start / pg_stop), or run alone:
#   bash .ci/postgres.sh start DIR [PORT]   # initdb in DIR/data, start on 127.0.0.1:PORT, print the URL
#   bash .ci/postgres.sh stop DIR           # pg_ctl stop -m fast
#
# The cluster listens only on 127.0.0.1, keeps its Unix socket in DIR/sock, uses trust
# authentication (loopback only, throw-away data) and runs with fsync off: it is for tests.
# It creates role `peerway` (password `peerway`, LOGIN CREATEDB) and database `peerway` owned by it.
# As root, initdb/pg_ctl run as the `postgres` system user (created if missing).

pg_bindir() {
    local initdb
    initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$initdb" ]]; then
        dirname "$initdb"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    else
        echo "postgres.sh: no initdb found (install postgresql)" >&2
        return 1
    fi
}

# Runs a command as the postgres user when we are root, as ourselves otherwise.
pg_as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Prints a free TCP port on 127.0.0.1, preferring $1.
pg_free_port() {
    python3 - "${1:-55432}" <<'EOF'
import socket, sys
preferred = int(sys.argv[1])
def free(port):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()
if free(preferred):
    print(preferred)
else:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
EOF
}

# pg_start DIR [PORT]: sets PG_DIR, PG_PORT, PG_BIN, PEERWAY_TEST_POSTGRES_URL (exported).
pg_start() {
    local dir=$1 port=${2:-}
    PG_BIN=$(pg_bindir) || return 1
    [[ -n "$port" ]] || port=$(pg_free_port 55432)
    if [[ $(id -u) -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash --user-group postgres
    fi
    mkdir -p "$dir/sock"
    if [[ $(id -u) -eq 0 ]]; then
        chown -R postgres: "$dir"
        chmod 700 "$dir"
    fi
    (
        cd "$dir"
        pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    ) || { echo "postgres.sh: initdb failed:" >&2; cat "$dir/initdb.log" >&2; return 1; }
    cat >>"$dir/data/postgresql.conf" <<EOF

# peerway CI: loopback only, throw-away data
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/sock'
max_connections = 600
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    # Only loopback over TCP (initdb's default pg_hba also has ::1; harmless, nothing listens there).
    (cd "$dir" && pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null) \
        || { echo "postgres.sh: pg_ctl start failed:" >&2; cat "$dir/postgres.log" >&2; return 1; }
    PG_DIR=$dir
    PG_PORT=$port
    local psql=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres)
    command -v psql >/dev/null 2>&1 || psql[0]="$PG_BIN/psql"
    "${psql[@]}" -c "CREATE ROLE peerway LOGIN CREATEDB PASSWORD 'peerway'" \
        && "${psql[@]}" -c "CREATE DATABASE peerway OWNER peerway" \
        || { echo "postgres.sh: creating role/database failed" >&2; return 1; }
    export PEERWAY_TEST_POSTGRES_URL="postgres://peerway:peerway@127.0.0.1:$port/peerway"
}

# pg_stop DIR: stops the cluster if it runs; never fails.
pg_stop() {
    local dir=${1:-${PG_DIR:-}}
    [[ -n "$dir" && -f "$dir/data/postmaster.pid" ]] || return 0
    local bin
    bin=${PG_BIN:-$(pg_bindir 2>/dev/null || true)}
    [[ -n "$bin" ]] || return 0
    (cd "$dir" && pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1) || {
        # Last resort: SIGQUIT the postmaster (immediate shutdown).
        local pid
        pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
        [[ -n "$pid" ]] && kill -QUIT "$pid" 2>/dev/null || true
    }
    return 0
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    case "${1:-}" in
        start)
            [[ -n "${2:-}" ]] || { echo "usage: $0 start DIR [PORT]" >&2; exit 2; }
            pg_start "$2" "${3:-}"
            echo "$PEERWAY_TEST_POSTGRES_URL"
            ;;
        stop)
            [[ -n "${2:-}" ]] || { echo "usage: $0 stop DIR" >&2; exit 2; }
            pg_stop "$2"
            ;;
        *)
            echo "usage: $0 start DIR [PORT] | stop DIR" >&2
            exit 2
            ;;
    esac
fi
