#!/usr/bin/env bash
# Starts Azurite's blob service for local runs of `aegis serve` / `aegis worker`.
# Usage: tools/azurite/start.sh [port] [data-dir]   (installs the npm package on first use)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${1:-10000}"
data="${2:-$here/.data}"
if [ ! -x "$here/node_modules/.bin/azurite-blob" ]; then
  (cd "$here" && npm install --no-audit --no-fund)
fi
mkdir -p "$data"
exec "$here/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" \
  --location "$data" --skipApiVersionCheck --loose --disableTelemetry
