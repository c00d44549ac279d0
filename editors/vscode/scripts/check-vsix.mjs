// Packaging test: builds the .vsix with the given server (scripts/package.mjs) into a temporary
// folder, then opens the zip and checks what VS Code will install from it.
//   node scripts/check-vsix.mjs --server PATH      package, then inspect
//   node scripts/check-vsix.mjs --vsix FILE --server PATH   inspect an existing package
// Exit status 0 when every check passes; prints one line per check.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vm from 'node:vm';
import * as zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = 'linux-x64';

let server;
let vsix;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 1) {
  if (argv[i] === '--server') server = path.resolve(argv[++i]);
  else if (argv[i] === '--vsix') vsix = path.resolve(argv[++i]);
  else {
    console.error(`check-vsix: unknown argument ${argv[i]}`);
    process.exit(2);
  }
}
server ??= process.env.CLOSURELENS_BIN ? path.resolve(process.env.CLOSURELENS_BIN) : undefined;
if (server === undefined) {
  console.error('check-vsix: --server PATH (or CLOSURELENS_BIN) is required');
  process.exit(2);
}

let tempDir;
if (vsix === undefined) {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closurelens-vsix-'));
  vsix = path.join(tempDir, `closurelens-${TARGET}.vsix`);
  const packaged = spawnSync(
    process.execPath,
    [path.join(root, 'scripts', 'package.mjs'), '--server', server, '--target', TARGET, '--out', vsix],
    { cwd: root, stdio: 'inherit' },
  );
  if (packaged.status !== 0) {
    console.error(`check-vsix: packaging failed (${packaged.status})`);
    process.exit(1);
  }
}

/** Reads a zip's central directory: name -> { mode, data() }. Stored and deflated entries only. */
function readZip(file) {
  const buffer = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i -= 1) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count; n += 1) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const madeBy = buffer.readUInt16LE(offset + 4) >> 8; // 3 = Unix
    const external = buffer.readUInt32LE(offset + 38);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    entries.set(name, {
      madeBy,
      mode: external >>> 16,
      data() {
        const localName = buffer.readUInt16LE(localOffset + 26);
        const localExtra = buffer.readUInt16LE(localOffset + 28);
        const start = localOffset + 30 + localName + localExtra;
        const raw = buffer.subarray(start, start + compressedSize);
        if (method === 0) return Buffer.from(raw);
        if (method === 8) return zlib.inflateRawSync(raw);
        throw new Error(`${name}: compression method ${method}`);
      },
    });
  }
  return entries;
}

let failures = 0;
function check(ok, message) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) failures += 1;
}

const entries = readZip(vsix);
const names = [...entries.keys()].sort();
console.log(`check-vsix: ${vsix} (${names.length} entries)`);
for (const name of names) console.log(`  ${name}`);

for (const required of [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/README.md',
  'extension/dist/extension.js',
  `extension/server/${TARGET}/closurelens`,
]) {
  check(entries.has(required), `contains ${required}`);
}
check(
  !names.some((name) =>
    /^extension\/(src|test|out|scripts|node_modules)\//.test(name) || name.endsWith('.map') ||
    name.endsWith('.ts') || name === 'extension/package-lock.json'),
  'no sources, tests, source maps, node_modules or lock file',
);

const binary = entries.get(`extension/server/${TARGET}/closurelens`);
if (binary !== undefined) {
  check(binary.madeBy === 3, 'the server entry carries Unix permissions');
  check((binary.mode & 0o170000) === 0o100000, `the server is a regular file (mode ${binary.mode.toString(8)})`);
  check((binary.mode & 0o111) === 0o111, `the server is executable (mode ${(binary.mode & 0o777).toString(8)})`);
  const sha = (data) => createHash('sha256').update(data).digest('hex');
  check(sha(binary.data()) === sha(fs.readFileSync(server)), 'the server is the binary that was built');
}

const manifestEntry = entries.get('extension/package.json');
if (manifestEntry !== undefined) {
  const manifest = JSON.parse(manifestEntry.data().toString('utf8'));
  check(manifest.main === './dist/extension.js', 'package.json main is the bundle');
  check(manifest.engines?.vscode === '^1.82.0', 'package.json engines.vscode ^1.82.0');
  check(
    (manifest.contributes?.commands ?? []).length === 3 &&
      (manifest.contributes?.semanticTokenModifiers ?? []).length === 3,
    'package.json keeps its contributions',
  );
}

const vsixManifest = entries.get('extension.vsixmanifest');
if (vsixManifest !== undefined) {
  check(
    vsixManifest.data().toString('utf8').includes(`TargetPlatform="${TARGET}"`),
    `extension.vsixmanifest targets ${TARGET}`,
  );
}

const bundle = entries.get('extension/dist/extension.js');
if (bundle !== undefined) {
  const source = bundle.data().toString('utf8');
  let compiles = true;
  try {
    new vm.Script(source, { filename: 'extension.js' });
  } catch (error) {
    compiles = false;
    console.log(`     ${error}`);
  }
  check(compiles, 'the bundle is valid JavaScript');
  check(source.includes('closurelens.restartServer'), 'the bundle registers the commands');
  check(/require\(["']vscode["']\)/.test(source), 'the bundle loads vscode from the host');
  check(!/require\(["']vscode-languageclient/.test(source), 'vscode-languageclient is bundled in');
}

if (tempDir !== undefined) fs.rmSync(tempDir, { recursive: true, force: true });
if (failures > 0) {
  console.log(`check-vsix: FAIL (${failures} checks failed)`);
  process.exit(1);
}
console.log('check-vsix: PASS');
