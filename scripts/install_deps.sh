#!/usr/bin/env bash
# Installs what closurelens needs to build and test on Debian 12, and only what is missing:
# Debian packages with apt-get; tree-sitter's C runtime and the tree-sitter-python grammar, pinned,
# with `npm ci`.
# Safe to run again: a second run installs nothing and returns at once.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  build-essential cmake ninja-build git
  nlohmann-json3-dev libasio-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format clang-tidy
  clang-14 libclang-rt-14-dev
  neovim time
)

missing=()
for pkg in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# python3 and npm may come from elsewhere than Debian (pyenv, nodesource): any on PATH will do.
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if ((${#missing[@]})); then
  echo "install_deps: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "install_deps: not root and no sudo; install these Debian packages: ${missing[*]}" >&2
      exit 1
    }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# tree-sitter and the grammar: reinstall only when the lock file changed since the last install.
stamp=node_modules/.package-lock.json
if [ ! -f node_modules/tree-sitter-python/src/parser.c ] ||
  [ ! -f node_modules/tree-sitter/vendor/tree-sitter/lib/src/lib.c ] ||
  [ package-lock.json -nt "$stamp" ]; then
  echo "install_deps: npm ci (tree-sitter, tree-sitter-python, pinned in package-lock.json)" >&2
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

# The VS Code extension's tooling (esbuild, vsce, the LSP client libraries), pinned in its own lock.
editors/vscode/scripts/ensure_deps.sh >/dev/null
