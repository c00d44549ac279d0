#!/usr/bin/env bash
# `make bench-peers`: closurelens side by side with pyright, basedpyright, ruff-wasm and pylint.
# Development-only: the peers are installed into a temporary folder (npm, each in its own folder,
# pinned below) and Debian's pylint with apt when it is missing; nothing becomes a project
# dependency. Measures and prints a table; asserts nothing about time.
#
#   tests/bench/peers/run_peer_benchmarks.sh [BUILD_DIR]
#
# Environment:
#   PEERS_DIR=DIR    install (or reuse) the peers there and keep them (default: a temporary folder,
#                    removed at the end)
#   OUT=DIR          where the JSON results and the table go (default: a temporary folder, kept)
#   EDITS=200        edits of the latency run;  STARTUP_RUNS=5;  BATCH_REPEAT=3
#   SKIP=LIST        comma list of parts to skip: latency,startup,workspace,open-all,batch,pylint
#   SERVERS=LIST     comma list of LSP servers (default closurelens,pyright,basedpyright)
#   OPEN_ALL_SERVERS=LIST  servers of the every-file-open run (default closurelens: pyright and
#                    basedpyright then check every file, which the workspace run already has them do)
#   WORKSPACE_TIMEOUT=600  seconds a server may take to become idle on the workspace; pyright in
#                    diagnosticMode "workspace" takes longer on the standard library, and is then
#                    measured where it got to (reported as "timed out")
set -euo pipefail

PYRIGHT_VERSION=1.1.414
BASEDPYRIGHT_VERSION=1.40.1
RUFF_WASM_VERSION=0.17.3

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
edits=${EDITS:-200}
skip=",${SKIP:-},"
servers=${SERVERS:-closurelens,pyright,basedpyright}
open_all_servers=",${OPEN_ALL_SERVERS:-closurelens},"
workspace_timeout=${WORKSPACE_TIMEOUT:-600}
out=${OUT:-$(mktemp -d /tmp/closurelens-peer-results-XXXXXX)}
mkdir -p "$out"
if [ -n "${PEERS_DIR:-}" ]; then
  peers=$PEERS_DIR
  mkdir -p "$peers"
else
  peers=$(mktemp -d /tmp/closurelens-peers-XXXXXX)
  trap 'rm -rf "$peers"' EXIT
fi

echo "== building closurelens and closurelens_parse_only in $build (ninja -j2)"
ninja -C "$build" -j2 closurelens closurelens_parse_only > /dev/null

echo "== peers in $peers"
install_npm() { # folder package@version
  local dir="$peers/$1"
  if [ ! -f "$dir/package.json" ] || ! grep -q "\"${2%@*}\": \"${2##*@}\"" "$dir/package.json"; then
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --save-exact --prefix "$dir" "$2" 2>&1 |
      grep -v 'Unknown user config' || true
  fi
}
install_npm pyright "pyright@$PYRIGHT_VERSION"
install_npm basedpyright "basedpyright@$BASEDPYRIGHT_VERSION"
install_npm ruff-wasm-nodejs "@astral-sh/ruff-wasm-nodejs@$RUFF_WASM_VERSION"
if [[ $skip != *,pylint,* ]] && ! command -v pylint > /dev/null; then
  echo "pylint missing: apt-get install -y pylint (Debian's)"
  apt-get install -y -q pylint > /dev/null
fi

# The machine and the versions, for the report.
{
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "cores=$(nproc)"
  echo "memory_gib=$(awk '/MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)"
  echo "os=$(. /etc/os-release && echo "$PRETTY_NAME") (Debian $(cat /etc/debian_version)), Linux $(uname -r)"
  echo "closurelens=$("$build/server/closurelens" --version) ($(git -C "$root" rev-parse --short HEAD))"
  echo "pyright=$("$peers/pyright/node_modules/.bin/pyright" --version 2>/dev/null | head -1)"
  echo "basedpyright=$("$peers/basedpyright/node_modules/.bin/basedpyright" --version 2>/dev/null | head -1 | tr '\n' ' ')"
  echo "ruff_wasm=@astral-sh/ruff-wasm-nodejs $RUFF_WASM_VERSION"
  echo "pylint=$(pylint --version 2>/dev/null | head -2 | tr '\n' ' ')"
  echo "node=$(node --version)"
  echo "python=$(python3 --version 2>&1) (stdlib $(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'))"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"
cat "$out/machine.txt"

bench=(python3 "$here/lsp_bench.py" --closurelens "$build/server/closurelens" --peers "$peers")
IFS=, read -r -a server_list <<< "$servers"
for server in "${server_list[@]}"; do
  if [[ $skip != *,latency,* ]]; then
    echo "== edit-to-diagnostics latency: $server ($edits edits of _pydecimal.py)"
    "${bench[@]}" edit-latency --server "$server" --edits "$edits" \
      --stderr "$out/latency-$server.stderr" | tee "$out/latency-$server.json"
  fi
  if [[ $skip != *,startup,* ]]; then
    echo "== startup to first diagnostics: $server"
    "${bench[@]}" startup --server "$server" --runs "${STARTUP_RUNS:-5}" \
      --stderr "$out/startup-$server.stderr" | tee "$out/startup-$server.json"
  fi
  if [[ $skip != *,workspace,* ]]; then
    echo "== memory after opening the standard library as the workspace: $server"
    "${bench[@]}" workspace --server "$server" --timeout "$workspace_timeout" \
      --stderr "$out/workspace-$server.stderr" | tee "$out/workspace-$server.json"
  fi
  if [[ $skip != *,open-all,* && $open_all_servers == *,$server,* ]]; then
    echo "== memory with every standard-library file open: $server"
    "${bench[@]}" workspace --server "$server" --open-all --timeout "$workspace_timeout" \
      --stderr "$out/open-all-$server.stderr" | tee "$out/open-all-$server.json"
  fi
done
if [[ $skip != *,batch,* ]]; then
  echo "== batch throughput over the standard library"
  batch_args=(--closurelens "$build/server/closurelens"
    --parse-only "$build/tests/bench/closurelens_parse_only" --peers "$peers"
    --repeat "${BATCH_REPEAT:-3}")
  [[ $skip == *,pylint,* ]] && batch_args+=(--skip-pylint)
  python3 "$here/batch_bench.py" "${batch_args[@]}" | tee "$out/batch.json"
fi
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"

python3 "$here/peer_report.py" "$out" | tee "$out/table.md"
echo "results in $out"
