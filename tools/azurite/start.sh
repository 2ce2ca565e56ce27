#!/usr/bin/env bash
# Starts Azurite's blob, queue and table services for local runs of `aegis serve` / `aegis worker`
# (the Durable Task engine keeps its history and instances in tables and its work in queues).
# Usage: tools/azurite/start.sh [blob-port] [data-dir]   queue and table listen on the next two ports.
# Installs the npm package on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${1:-10000}"
data="${2:-$here/.data}"
if [ ! -x "$here/node_modules/.bin/azurite" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
mkdir -p "$data"
exec "$here/node_modules/.bin/azurite" \
  --blobHost 127.0.0.1 --blobPort "$port" \
  --queueHost 127.0.0.1 --queuePort "$((port + 1))" \
  --tableHost 127.0.0.1 --tablePort "$((port + 2))" \
  --location "$data" --skipApiVersionCheck --loose --disableTelemetry
