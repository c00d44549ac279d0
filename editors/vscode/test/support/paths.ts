// Where things are, seen from the compiled tests in out/test/**.
import * as path from 'path';

/** editors/vscode */
export const EXTENSION_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(EXTENSION_ROOT, 'test', 'fixtures');
export const REPO_ROOT = path.resolve(EXTENSION_ROOT, '..', '..');
export const COMPILED_SRC = path.join(EXTENSION_ROOT, 'out', 'src');

export function serverBinary(): string {
  const fromEnv = process.env['CLOSURELENS_BIN'];
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv);
  return path.join(REPO_ROOT, 'build', 'server', 'closurelens');
}

export interface Manifest {
  name: string;
  publisher: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { default?: unknown; type?: unknown }> };
    semanticTokenModifiers: { id: string; description: string }[];
    semanticTokenScopes: { language?: string; scopes: Record<string, string[]> }[];
    configurationDefaults: Record<string, unknown>;
  };
}

export function manifest(): Manifest {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(path.join(EXTENSION_ROOT, 'package.json')) as Manifest;
}
