#!/usr/bin/env bash
# Installs what the end-to-end web tests need from Debian: the chromium browser that Python
# playwright drives (never `playwright install`: it downloads its own browsers) and CJK fonts so
# Chinese renders in screenshots. Idempotent; does nothing when both are already there.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
    echo "install_browser: chromium and fonts-noto-cjk already installed"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
/usr/bin/chromium --version
