#!/usr/bin/env bash
# Builds the web UI (web/: Vue 3 + Vite + Element Plus + ECharts) into
# src/courtqc/web/static, where `courtqc serve` serves it. Needs Node 20+ and npm with access
# to the npm registry (nothing else is downloaded). Skips the work when the bundle is newer
# than every source file; `npm ci` runs only when package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/../web"
out=../src/courtqc/web/static/index.html
# Swagger UI for /api/docs, served from here: court intranets reach no CDN.
swagger=../src/courtqc/web/static/swagger
export SCARF_ANALYTICS=false  # swagger-ui-dist's dependency never reports installs
if [ -f "$out" ] && [ -f "$swagger/swagger-ui-bundle.js" ] && [ -z "$(find src index.html vite.config.js package.json package-lock.json -newer "$out" -print -quit)" ]; then
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
mkdir -p "$swagger"
cp node_modules/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,favicon-32x32.png,LICENSE} "$swagger/"
echo "build_web: built into src/courtqc/web/static"
