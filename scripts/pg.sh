#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for the simulated court CMS and for CDC (logical replication
# with wal2json): installs Debian's packages if missing, initialises a cluster and starts it as
# an ordinary local process on a port of its own, listening on 127.0.0.1 only. Idempotent:
# starts it if stopped, does nothing if it runs. Prints the superuser DSN on its last line.
#
#   scripts/pg.sh [start|stop|status|dsn|crash-restart]
#
# crash-restart: an immediate restart (pg_ctl restart -m immediate: no shutdown checkpoint, every
# connection and walsender cut, crash recovery at start) — what the CDC restart test does to a
# cluster of its own (COURTQC_PG_PORT / COURTQC_PG_DATA), never to the shared one.
#
# Environment: COURTQC_PG_PORT (55432), COURTQC_PG_DATA (var/pg in the repository, or
# /tmp/courtqc-pg-<port> where the postgres user cannot write there).
# Exit status 3 means PostgreSQL cannot be installed on this machine (tests skip on it only).
set -euo pipefail

ACTION="${1:-start}"
PORT="${COURTQC_PG_PORT:-55432}"
VERSION=15
BIN="/usr/lib/postgresql/$VERSION/bin"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
DSN="postgresql://postgres@127.0.0.1:$PORT/postgres"
PG_USER=postgres

say() { echo "pg.sh: $*" >&2; }

have_packages() {
    [ -x "$BIN/postgres" ] && [ -f "/usr/lib/postgresql/$VERSION/lib/wal2json.so" ]
}

install_packages() {
    have_packages && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        say "cannot install postgresql-$VERSION and postgresql-$VERSION-wal2json (need root and apt-get)"
        exit 3
    fi
    say "installing postgresql-$VERSION postgresql-$VERSION-wal2json"
    export DEBIAN_FRONTEND=noninteractive
    # Debian's package would create and start a system cluster on 5432; we want only ours.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/courtqc.conf
    if ! { apt-get update -qq && apt-get install -y -qq "postgresql-$VERSION" "postgresql-$VERSION-wal2json"; } >&2; then
        say "apt-get could not install PostgreSQL"
        exit 3
    fi
    have_packages || { say "packages installed but $BIN/postgres or wal2json.so is missing"; exit 3; }
}

# PostgreSQL refuses to run as root: as root we run it as the postgres OS user.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        id "$PG_USER" >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER"
        runuser -u "$PG_USER" -- "$@"
    else
        "$@"
    fi
}

pick_datadir() {
    if [ -n "${COURTQC_PG_DATA:-}" ]; then echo "$COURTQC_PG_DATA"; return; fi
    local d="$REPO/var/pg"
    mkdir -p "$REPO/var"
    if [ "$(id -u)" -eq 0 ]; then
        # the postgres user must reach it through every parent directory
        if runuser -u "$PG_USER" -- test -x "$REPO/var" 2>/dev/null; then echo "$d"; return; fi
        echo "/tmp/courtqc-pg-$PORT"; return
    fi
    echo "$d"
}

# Our settings, rewritten at every start so that a changed script applies to an old cluster.
write_conf() {
    local plugins=""
    # PostgreSQL 15.20+ only lets listed libraries be output plugins; older builds lack the setting.
    local described
    described="$("$BIN/postgres" --describe-config 2>/dev/null || true)"
    if [[ "$described" == *output_plugin_libraries* ]]; then
        plugins="output_plugin_libraries = 'pgoutput, test_decoding, wal2json'"
    fi
    as_pg tee "$DATA/courtqc.conf" >/dev/null <<CONF
# courtqc: local CMS cluster for change data capture (written by scripts/pg.sh)
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
wal_level = logical
max_replication_slots = 32
max_wal_senders = 32
max_connections = 100
shared_buffers = 128MB
wal_sender_timeout = 60s
$plugins
CONF
    if running; then
        # a changed setting that needs a restart (wal_level, port ...) restarts; others reload
        as_pg "$BIN/pg_ctl" -D "$DATA" reload >/dev/null
        sleep 0.3
        local pending
        pending=$("$BIN/psql" -XAtq "$DSN" -c "select count(*) from pg_settings where pending_restart" 2>/dev/null || echo 0)
        if [ "$pending" != "0" ]; then
            say "restarting PostgreSQL for changed settings"
            as_pg "$BIN/pg_ctl" -D "$DATA" -w -m fast restart -l "$DATA/server.log" >/dev/null
        fi
    fi
}

running() { as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

ready() {
    for _ in $(seq 1 100); do
        "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" && return 0
        sleep 0.1
    done
    return 1
}

start() {
    install_packages
    id "$PG_USER" >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ] || as_pg true
    DATA="$(pick_datadir)"
    if [ ! -s "$DATA/PG_VERSION" ]; then
        say "initialising a cluster in $DATA"
        mkdir -p "$DATA"
        [ "$(id -u)" -eq 0 ] && chown "$PG_USER": "$DATA"
        chmod 700 "$DATA"
        as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        echo "include_if_exists = 'courtqc.conf'" >>"$DATA/postgresql.conf"
        cat >"$DATA/pg_hba.conf" <<HBA
# courtqc: a local test cluster, reachable on 127.0.0.1 only
host all         all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
HBA
    fi
    write_conf
    if ! running; then
        say "starting PostgreSQL $VERSION on 127.0.0.1:$PORT ($DATA)"
        as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start >/dev/null
    fi
    ready || { say "PostgreSQL did not become ready; see $DATA/server.log"; exit 1; }
    echo "$DSN"
}

case "$ACTION" in
    start) start ;;
    stop)
        DATA="$(pick_datadir)"
        if [ -s "$DATA/PG_VERSION" ] && running; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
        ;;
    status)
        DATA="$(pick_datadir)"
        if [ -s "$DATA/PG_VERSION" ] && running; then echo "running $DSN ($DATA)"; else echo "stopped"; exit 1; fi
        ;;
    dsn) echo "$DSN" ;;
    crash-restart)
        DATA="$(pick_datadir)"
        running || { say "not running ($DATA)"; exit 1; }
        as_pg "$BIN/pg_ctl" -D "$DATA" -m immediate -w -t 60 -l "$DATA/server.log" restart >/dev/null
        ready || { say "PostgreSQL did not become ready; see $DATA/server.log"; exit 1; }
        ;;
    *) say "usage: $0 [start|stop|status|dsn|crash-restart]"; exit 2 ;;
esac
