#!/usr/bin/env bash
# Installs the extension's node modules from package-lock.json, only when they are missing or the
# lock file changed since the last install (a hash of the lock is kept in node_modules/). Used by
# CTest before the VS Code tests; safe to run any number of times.
#   editors/vscode/scripts/ensure_deps.sh [--check]   (--check: report, install nothing)
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.closurelens-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)

if [ -d node_modules ] && [ "$want" = "$have" ]; then
  echo "ensure_deps: node_modules matches package-lock.json"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "ensure_deps: node_modules is missing or older than package-lock.json" >&2
  exit 1
fi

command -v npm >/dev/null 2>&1 || { echo "ensure_deps: npm not found (apt-get install npm)" >&2; exit 1; }
echo "ensure_deps: npm ci (editors/vscode, pinned in package-lock.json)"
# --ignore-scripts: nothing needs an install script (esbuild finds its binary through its
# platform package; vsce's optional keytar is only for publishing).
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
