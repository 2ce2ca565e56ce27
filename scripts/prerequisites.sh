#!/usr/bin/env bash
# Installs what Aegis needs from Debian's packages (and, with --test, from npm); idempotent and quiet
# when everything is already there. Usage: scripts/prerequisites.sh [--test | --sklearn]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=()
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || packages+=(dataset-fashion-mnist)
# The model sandbox's strongest isolation (namespaces, read-only view of the inputs, no network); without it scans run confined (Landlock + seccomp) or fail.
[ -x /usr/bin/bwrap ] || packages+=(bubblewrap)
# ScottPlot draws text through fontconfig; without a font the plots have no labels.
[ -n "$(fc-list 2>/dev/null | head -1)" ] || packages+=(fontconfig fonts-dejavu-core)

if [ "${1:-}" = "--test" ]; then
  # The report page is checked in a real headless browser (driven by Playwright, never downloaded).
  [ -x /usr/bin/chromium ] || packages+=(chromium)
fi

if [ "${1:-}" = "--sklearn" ]; then
  # Only for comparisons with scikit-learn (aegis bench --sklearn, tools/sklearn/compare.py).
  /usr/bin/python3 -c 'import sklearn' 2>/dev/null || packages+=(python3-sklearn)
fi

if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${packages[*]}" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "Please install these Debian packages as root: ${packages[*]}" >&2
    exit 1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ] && [ ! -x "$root/tools/azurite/node_modules/.bin/azurite" ]; then
  echo "Installing Azurite (npm) into tools/azurite" >&2
  (cd "$root/tools/azurite" && npm ci --no-audit --no-fund --loglevel=error)
fi
