// Which closurelens executable to start: the `closurelens.server.path` setting, else the binary
// bundled in the .vsix for this platform, else `closurelens` on PATH. The file system and the
// environment come in as parameters so that every branch is tested without touching either.

import * as path from 'path';

export interface FileProbe {
  /** True when `file` exists, is a regular file and (off Windows) has an execute bit. */
  isExecutable(file: string): boolean;
}

export interface ResolveInput {
  configuredPath: string | undefined;
  extensionPath: string;
  workspaceFolder: string | undefined;
  platform: string; // process.platform
  arch: string; // process.arch
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  probe: FileProbe;
}

export type ServerSource = 'setting' | 'bundled' | 'path';

export type Resolution =
  | { ok: true; command: string; source: ServerSource }
  | { ok: false; message: string };

export function executableName(platform: string): string {
  return platform === 'win32' ? 'closurelens.exe' : 'closurelens';
}

/** Where `npm run package` puts the server: server/<platform>-<arch>/closurelens. */
export function bundledServerPath(extensionPath: string, platform: string, arch: string): string {
  return path.join(extensionPath, 'server', `${platform}-${arch}`, executableName(platform));
}

/** Expands `~`, `${workspaceFolder}`, `${userHome}` and `${env:NAME}` in a configured path. */
export function expandPath(
  raw: string,
  vars: { workspaceFolder: string | undefined; homeDir: string; env: ResolveInput['env'] },
): string | undefined {
  let missing = false;
  let out = raw.replace(/\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g,
    (_match, name: string, envName: string | undefined) => {
      if (name === 'workspaceFolder') {
        if (vars.workspaceFolder === undefined) missing = true;
        return vars.workspaceFolder ?? '';
      }
      if (name === 'userHome') return vars.homeDir;
      const value = envName !== undefined ? vars.env[envName] : undefined;
      if (value === undefined) missing = true;
      return value ?? '';
    });
  if (missing) return undefined;
  if (out === '~') out = vars.homeDir;
  else if (out.startsWith('~/') || out.startsWith('~\\')) out = path.join(vars.homeDir, out.slice(2));
  return out;
}

/** Searches PATH (and PATHEXT on Windows) like a shell would. */
export function searchPath(
  name: string,
  env: ResolveInput['env'],
  platform: string,
  probe: FileProbe,
): string | undefined {
  const pathVar = env['PATH'] ?? env['Path'] ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  const extensions =
    platform === 'win32' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of pathVar.split(delimiter)) {
    if (dir === '') continue;
    for (const ext of extensions) {
      const candidate = join(dir, name + (name.toLowerCase().endsWith(ext.toLowerCase()) ? '' : ext));
      if (probe.isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

export function resolveServerCommand(input: ResolveInput): Resolution {
  const vars = { workspaceFolder: input.workspaceFolder, homeDir: input.homeDir, env: input.env };
  if (input.configuredPath !== undefined) {
    const expanded = expandPath(input.configuredPath, vars);
    if (expanded === undefined) {
      return {
        ok: false,
        message: `closurelens.server.path "${input.configuredPath}" names a variable that is not set here`,
      };
    }
    // A bare name ("closurelens-dev") is looked up on PATH, a path is taken as it is.
    const hasSeparator = expanded.includes('/') || expanded.includes('\\');
    if (!hasSeparator) {
      const found = searchPath(expanded, input.env, input.platform, input.probe);
      if (found !== undefined) return { ok: true, command: found, source: 'setting' };
      return { ok: false, message: `closurelens.server.path: "${expanded}" is not on PATH` };
    }
    const absolute =
      path.isAbsolute(expanded) || input.workspaceFolder === undefined
        ? expanded
        : path.resolve(input.workspaceFolder, expanded);
    if (input.probe.isExecutable(absolute)) return { ok: true, command: absolute, source: 'setting' };
    return {
      ok: false,
      message: `closurelens.server.path: "${absolute}" is not an executable file`,
    };
  }
  const bundled = bundledServerPath(input.extensionPath, input.platform, input.arch);
  if (input.probe.isExecutable(bundled)) return { ok: true, command: bundled, source: 'bundled' };
  const onPath = searchPath(executableName(input.platform), input.env, input.platform, input.probe);
  if (onPath !== undefined) return { ok: true, command: onPath, source: 'path' };
  return {
    ok: false,
    message:
      `No closurelens server for ${input.platform}-${input.arch}: this build of the extension ` +
      'bundles none, and "closurelens" is not on PATH. Install closurelens or set ' +
      'closurelens.server.path.',
  };
}
