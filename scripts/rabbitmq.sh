#!/usr/bin/env bash
# A private RabbitMQ broker for the message-queue intake (courtqc.ingest.mq) and its tests:
# installs Debian's rabbitmq-server (and Java 17 for the Spark tests) if missing, then starts
# a node of its own — own name, own data folder, AMQP on 127.0.0.1 only, no management plugin —
# as an ordinary background process. Idempotent: starts it if stopped, does nothing if it runs.
# Prints the AMQP URL on its last line.
#
#   scripts/rabbitmq.sh [install|start|stop|kill|status|url]
#
# kill: SIGKILL of the broker's Erlang VM (what the kill test does to a broker of its own,
# COURTQC_MQ_PORT / COURTQC_MQ_DATA, never to the shared one).
#
# Environment: COURTQC_MQ_PORT (55673), COURTQC_MQ_DATA (var/rabbitmq-<port> in the repository).
# Exit status 3 means RabbitMQ cannot be installed on this machine (tests skip on it only).
set -euo pipefail

ACTION="${1:-start}"
PORT="${COURTQC_MQ_PORT:-55673}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${COURTQC_MQ_DATA:-$REPO/var/rabbitmq-$PORT}"
NODE="courtqc$PORT@localhost"
URL="amqp://guest:guest@127.0.0.1:$PORT/%2F"

say() { echo "rabbitmq.sh: $*" >&2; }

install_packages() {
    local want=()
    command -v rabbitmq-server >/dev/null || [ -x /usr/sbin/rabbitmq-server ] || want+=(rabbitmq-server)
    command -v java >/dev/null || want+=(openjdk-17-jre-headless)
    [ ${#want[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        say "cannot install ${want[*]} (need root and apt-get)"
        exit 3
    fi
    say "installing ${want[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # the package starts a system broker on 5672 where systemd runs; ours is separate
    apt-get install -y -q "${want[@]}" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "${want[@]}" >/dev/null; }
}

env_for_node() {
    mkdir -p "$DATA/mnesia" "$DATA/log"
    cat >"$DATA/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$PORT
loopback_users = none
log.console = false
log.file.level = warning
CONF
    [ -f "$DATA/enabled_plugins" ] || echo "[]." >"$DATA/enabled_plugins"
    # Debian's wrapper runs the broker as the rabbitmq user when started by root
    if [ "$(id -u)" -eq 0 ] && id rabbitmq >/dev/null 2>&1; then chown -R rabbitmq:rabbitmq "$DATA"; fi
    export RABBITMQ_NODENAME="$NODE"
    export RABBITMQ_NODE_PORT="$PORT"
    export RABBITMQ_DIST_PORT="$((PORT + 1000))"
    export RABBITMQ_CONFIG_FILE="$DATA/rabbitmq"
    export RABBITMQ_MNESIA_BASE="$DATA/mnesia"
    export RABBITMQ_LOG_BASE="$DATA/log"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$DATA/enabled_plugins"
    export RABBITMQ_PID_FILE="$DATA/pid"
    export HOME="$DATA"  # the Erlang cookie lives here, not in root's home
}

running() { env_for_node; rabbitmqctl -n "$NODE" -q status >/dev/null 2>&1; }

start() {
    install_packages
    env_for_node
    # the port answering is enough (rabbitmqctl boots an Erlang VM: minutes on a loaded machine)
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || running; then echo "$URL"; return 0; fi
    say "starting node $NODE on 127.0.0.1:$PORT (data $DATA)"
    rabbitmq-server >"$DATA/log/stdout.log" 2>&1 &
    local server=$!
    for _ in $(seq 1 240); do
        # the AMQP port answers once the broker has booted
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "$URL"; return 0; fi
        kill -0 "$server" 2>/dev/null || break
        sleep 0.5
    done
    say "broker did not start; see $DATA/log"
    exit 1
}

case "$ACTION" in
    install) install_packages ;;
    start) start ;;
    stop) env_for_node; rabbitmqctl -n "$NODE" -q stop >/dev/null 2>&1 || true ;;
    kill) env_for_node; [ -f "$DATA/pid" ] && kill -9 "$(cat "$DATA/pid")" 2>/dev/null || true ;;
    status) if running; then echo "running $URL"; else echo stopped; exit 1; fi ;;
    url) echo "$URL" ;;
    *) say "unknown action $ACTION"; exit 2 ;;
esac
