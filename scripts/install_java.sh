#!/usr/bin/env bash
# Installs Java 17 from Debian for the Spark tests (PySpark runs a JVM), if no java is on PATH.
# Idempotent. RabbitMQ (scripts/rabbitmq.sh) is not needed until the MQ intake lands.
set -euo pipefail
if command -v java >/dev/null; then
    echo "install_java: $(java -version 2>&1 | head -1)"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless
java -version
