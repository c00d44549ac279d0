// Packages the extension into a platform-specific .vsix that carries the closurelens server.
//   npm run package -- --server ../../build/server/closurelens [--target linux-x64] [--out FILE]
// The server is copied to server/<target>/closurelens (mode 0755) for the duration of packaging,
// vsce builds the production bundle (vscode:prepublish) and zips, then the copy is removed again
// (--keep-server keeps it, e.g. to try the extension from this folder in a development host).
// Without --server: $CLOSURELENS_BIN, then ../../build/server/closurelens.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function parseArgs(argv) {
  const options = { server: undefined, target: 'linux-x64', out: undefined, keepServer: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--server') options.server = value();
    else if (arg === '--target') options.target = value();
    else if (arg === '--out') options.out = value();
    else if (arg === '--keep-server') options.keepServer = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run package -- [--server PATH] [--target linux-x64] [--out FILE] [--keep-server]');
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  return options;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(2);
}

const options = parseArgs(process.argv.slice(2));
const server = path.resolve(
  options.server ?? process.env.CLOSURELENS_BIN ?? path.join(root, '..', '..', 'build', 'server', 'closurelens'),
);
if (!fs.existsSync(server) || !fs.statSync(server).isFile()) {
  fail(`no server binary at ${server} (build it, or pass --server PATH)`);
}
const [platform] = options.target.split('-');
const hostTarget = `${process.platform}-${process.arch}`;
if (options.target === hostTarget) {
  // A binary for this machine: make sure it runs before shipping it.
  const version = spawnSync(server, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (version.status !== 0) fail(`${server} --version failed: ${version.stderr || version.error}`);
  console.log(`package: server ${version.stdout.trim()} from ${server}`);
}

const serverDir = path.join(root, 'server');
const binaryName = platform === 'win32' ? 'closurelens.exe' : 'closurelens';
const bundled = path.join(serverDir, options.target, binaryName);
fs.rmSync(serverDir, { recursive: true, force: true });
fs.mkdirSync(path.dirname(bundled), { recursive: true });
fs.copyFileSync(server, bundled);
fs.chmodSync(bundled, 0o755);

const out = path.resolve(options.out ?? path.join(root, `${manifest.name}-${manifest.version}-${options.target}.vsix`));
fs.mkdirSync(path.dirname(out), { recursive: true });
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const result = spawnSync(
  process.execPath,
  [vsce, 'package', '--target', options.target, '--out', out, '--no-dependencies', '--skip-license'],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
if (!options.keepServer) fs.rmSync(serverDir, { recursive: true, force: true });
if (result.status !== 0) fail(`vsce failed (${result.status ?? result.error})`);
console.log(`package: ${path.relative(process.cwd(), out)}`);
