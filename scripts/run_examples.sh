#!/usr/bin/env bash
# `make run`: checks the bundled examples/ and says how to connect an editor.
set -uo pipefail
bin="$1"
cd "$(dirname "$0")/.."
echo "== closurelens check examples/"
"$bin" check examples/
status=$?
if [ "$status" -gt 1 ]; then
  echo "closurelens check failed (exit $status)" >&2
  exit "$status"
fi
cat <<MSG

== Connect an editor
The language server is $(realpath "$bin") (LSP over stdio; --listen 127.0.0.1:PORT for TCP).
  Neovim:  see editors/neovim/README.md, or  :lua vim.lsp.start_client({cmd = {'$(realpath "$bin")'}})
  VS Code: see editors/vscode/README.md
  Any LSP client: run '$(realpath "$bin") --stdio' for Python files.
MSG
