#!/usr/bin/env bash
# Installs tcmalloc (Debian libtcmalloc-minimal4), the allocator courtqc's daemons and
# benchmarks start with (courtqc/runtime.py: 15–25 % less CPU per node check than glibc's
# malloc). Best effort: without root or apt-get, courtqc runs on the system allocator.
set -uo pipefail
if dpkg -s libtcmalloc-minimal4 >/dev/null 2>&1; then
    echo "install_allocator: libtcmalloc-minimal4 already installed"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; else
        echo "install_allocator: not root — courtqc will use the system allocator (apt-get install libtcmalloc-minimal4 to speed it up)"
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get install -y -qq --no-install-recommends libtcmalloc-minimal4 >/dev/null 2>&1 || \
       { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends libtcmalloc-minimal4; }; }; then
    echo "install_allocator: apt-get could not install libtcmalloc-minimal4 — courtqc will use the system allocator"
fi
exit 0
