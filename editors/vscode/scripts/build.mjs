// Builds the extension with esbuild.
//   node scripts/build.mjs               dist/extension.js (bundled, with a source map)
//   node scripts/build.mjs --production  dist/extension.js (bundled, minified; what vsce packages)
//   node scripts/build.mjs --watch       rebuild dist/ on every change
//   node scripts/build.mjs --tests       out/src and out/test: every .ts file transpiled on its own
//                                        (CommonJS), so the tests can swap `vscode` for a stub
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');

function tsFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures' && entry.name !== 'node_modules') out.push(...tsFiles(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(full);
    }
  }
  return out;
}

const bundleOptions = {
  absWorkingDir: root,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // VS Code 1.82 runs extensions on Electron 25, i.e. Node 18.
  target: 'node18',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
};

if (args.has('--tests')) {
  fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [...tsFiles(path.join(root, 'src')), ...tsFiles(path.join(root, 'test'))],
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} else if (args.has('--watch')) {
  const context = await esbuild.context(bundleOptions);
  await context.watch();
  console.log('esbuild: watching src/ (Ctrl-C to stop)');
} else {
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  await esbuild.build(bundleOptions);
  const size = fs.statSync(path.join(root, 'dist/extension.js')).size;
  console.log(`dist/extension.js ${(size / 1024).toFixed(0)} KiB${production ? ' (production)' : ''}`);
}
