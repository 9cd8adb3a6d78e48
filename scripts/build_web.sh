#!/usr/bin/env bash
# Builds the web UI (web/: Vue 3 + Vite + Element Plus + ECharts) into
# src/courtqc/web/static, where `courtqc serve` serves it. Needs Node 20+ and npm with access
# to the npm registry (nothing else is downloaded). Skips the work when the bundle is newer
# than every source file; `npm ci` runs only when package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/../web"
out=../src/courtqc/web/static/index.html
if [ -f "$out" ] && [ -z "$(find src index.html vite.config.js package.json package-lock.json -newer "$out" -print -quit)" ]; then
    echo "build_web: UI up to date ($out)"
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "build_web: npm not found — install Node.js 20+ and npm to build the web UI" >&2
    exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi
npx vite build
echo "build_web: built into src/courtqc/web/static"
