// Runs ruff's B023/B019 over the files listed on stdin (one path a line) through the
// @astral-sh/ruff-wasm-nodejs Workspace API and prints a JSON array
// [{file, line, column, code, message}]. Development-only: RUFF_WASM names the package folder.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
const require = createRequire(import.meta.url);
const { Workspace, PositionEncoding } = require(process.env.RUFF_WASM);
const select = (process.env.RUFF_SELECT || "B023,B019").split(",");
const ws = new Workspace({ "target-version": "py311", lint: { select } }, PositionEncoding.Utf32);
const files = readFileSync(0, "utf8").split("\n").filter(Boolean);
const out = [];
let failed = 0;
for (const file of files) {
  let diags;
  try {
    diags = ws.check(readFileSync(file, "utf8"));
  } catch (e) {
    failed++;
    process.stderr.write(`ruff-wasm: ${file}: ${e}\n`);
    continue;
  }
  for (const d of diags) {
    if (!d.code || !select.includes(d.code)) continue;  // syntax errors have code null
    out.push({ file, line: d.start_location.row, column: d.start_location.column,
               code: d.code, message: d.message });
  }
}
process.stdout.write(JSON.stringify(out));
process.stderr.write(`ruff-wasm ${Workspace.version()}: ${files.length} files, ${failed} failed\n`);
