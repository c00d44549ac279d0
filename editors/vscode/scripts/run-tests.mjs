// Runs the compiled tests (out/test/**/*.test.js, built by `npm run pretest`) with node's own
// test runner. Node 18 takes the files as arguments; newer versions would also take globs, but
// listing them works everywhere.
//   npm test                      every test
//   npm test -- integration       only the files whose path contains "integration"
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testDir = path.join(root, 'out', 'test');
const filters = process.argv.slice(2);

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(full));
    else if (entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

const files = testFiles(testDir).filter(
  (file) => filters.length === 0 || filters.some((filter) => file.includes(filter)),
);
if (files.length === 0) {
  console.error(`run-tests: no test files in ${testDir}${filters.length ? ' matching ' + filters.join(', ') : ''}` +
    ' (npm run pretest builds them)');
  process.exit(1);
}
// The spec reporter (readable in CTest logs) exists from node 18.15 / 19.6; older ones print TAP.
const [major, minor] = process.versions.node.split('.').map(Number);
const reporter = major > 19 || (major === 19 && minor >= 6) || (major === 18 && minor >= 15)
  ? ['--test-reporter=spec']
  : [];
const result = spawnSync(process.execPath, ['--enable-source-maps', '--test', ...reporter, ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
