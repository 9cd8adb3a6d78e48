#!/usr/bin/env bash
# Installs what the end-to-end web tests need from Debian: the chromium browser that Python
# playwright drives (never `playwright install`: it downloads its own browsers) and CJK fonts so
# Chinese renders in screenshots — and the libraries WeasyPrint loads to make the services'
# PDFs (reports, letters; docs/SERVICES.md): Pango with its FreeType backend and HarfBuzz's
# subsetter, which pip's wheel does not bring. Idempotent; does nothing when all are there.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
for pkg in fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then
    echo "install_browser: chromium, fonts-noto-cjk and WeasyPrint's libraries already installed"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
/usr/bin/chromium --version
