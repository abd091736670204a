#!/usr/bin/env bash
# Install configurable-http-proxy (JupyterHub's proxy, from npm, pinned) into hub/node/, idempotently.
#
# Usage: bash scripts/install-chp.sh [DIR]   (default hub/node). Exit 0 when DIR/bin/configurable-http-proxy
# runs and reports the pinned version. Needs node and npm (Debian: apt-get install nodejs npm).
set -euo pipefail
DIR="${1:-hub/node}"
PACKAGE="configurable-http-proxy"
VERSION="5.3.0"
TOOL="$DIR/node_modules/.bin/$PACKAGE"

if [ -x "$TOOL" ] && [ "$("$TOOL" --version 2>/dev/null)" = "$VERSION" ]; then
  exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing nodejs and npm with apt-get (for JupyterHub's proxy)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null 2>&1 || true
  fi
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "warning: $PACKAGE not installed: it needs node and npm (apt-get install nodejs npm)" >&2
  exit 1
fi
mkdir -p "$DIR"
echo "installing $PACKAGE $VERSION from npm into $DIR"
npm install --prefix "$DIR" --no-save --no-audit --no-fund --omit=dev --loglevel=error "$PACKAGE@$VERSION" >/dev/null
"$TOOL" --version
