// Swaps modules that only exist inside VS Code (`vscode`, and vscode-languageclient/node, which
// needs it) for test doubles, by intercepting node's CommonJS loader. Returns the undo function.

import Module from 'module';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };

export function stubModules(stubs: Record<string, unknown>): () => void {
  const original = loader._load;
  loader._load = function load(this: unknown, request, parent, isMain) {
    if (Object.prototype.hasOwnProperty.call(stubs, request)) return stubs[request];
    return original.call(this, request, parent, isMain);
  };
  return () => {
    loader._load = original;
  };
}

/**
 * Loads a compiled module afresh, dropping every cached module under `dir` first, so that each
 * scenario gets new module state and the stubs installed for it.
 */
export function freshRequire<T>(file: string, dir: string): T {
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(dir)) delete require.cache[key];
  }
  return require(file) as T;
}
