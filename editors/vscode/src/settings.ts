// The `closurelens.*` settings of VS Code and the `closurelens` configuration section the server
// asks for with workspace/configuration. Pure functions: no `vscode` import, so the mapping is
// tested in plain node.
//
// VS Code stores the settings as a tree (`closurelens.server.path`, `closurelens.inlayHints.*`);
// the server wants only the keys it knows, with unset values left out so that
// `[tool.closurelens]` in pyproject.toml can fill them (an explicit empty `select` would turn
// every rule off, which is never what an untouched settings page means).

/** Reads one setting below `closurelens.` (e.g. `"inlayHints.captures"`); undefined when unset. */
export type SettingReader = (key: string) => unknown;

export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface InlayHintSettings {
  captures: boolean;
  decoratorApplication: boolean;
  lateBound: boolean;
  maxLength: number;
}

/** The `closurelens` section as the server reads it (see server/rule_settings.hpp). */
export interface ServerSettings {
  select?: string[];
  ignore?: string[];
  severity?: Record<string, SeverityName>;
  perFileIgnores?: Record<string, string[]>;
  pythonVersion?: string;
  inlayHints: InlayHintSettings;
}

/** How the server process is started; a change to any of these needs a restart. */
export interface LaunchSettings {
  serverPath: string | undefined;
  serverArgs: string[];
  trace: 'off' | 'messages' | 'verbose';
}

export const SECTION = 'closurelens';

/** Settings whose change restarts the server (the rest are pulled again by the server). */
export const RESTART_KEYS: readonly string[] = ['closurelens.server'];

export const INLAY_HINT_DEFAULTS: Readonly<InlayHintSettings> = Object.freeze({
  captures: true,
  decoratorApplication: true,
  lateBound: true,
  maxLength: 40,
});

const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'information', 'hint', 'off']);
const MAX_LENGTH_RANGE = { min: 8, max: 400 } as const;

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') continue;
    const trimmed = item.trim();
    if (trimmed !== '' && !out.includes(trimmed)) out.push(trimmed);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function severityMap(value: unknown): Record<string, SeverityName> | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, SeverityName> = {};
  for (const [selector, level] of Object.entries(value)) {
    if (typeof level !== 'string') continue;
    const lower = level.trim().toLowerCase();
    const name = lower === 'info' ? 'information' : lower;
    if (selector.trim() !== '' && SEVERITIES.has(name)) out[selector.trim()] = name as SeverityName;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function perFileIgnoreMap(value: unknown): Record<string, string[]> | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [pattern, codes] of Object.entries(value)) {
    const list = stringList(codes);
    if (pattern.trim() !== '' && list !== undefined && list.length > 0) out[pattern] = list;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function maxLength(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return INLAY_HINT_DEFAULTS.maxLength;
  return Math.min(MAX_LENGTH_RANGE.max, Math.max(MAX_LENGTH_RANGE.min, Math.round(value)));
}

/** The answer to workspace/configuration for the section `closurelens`. */
export function toServerSettings(read: SettingReader): ServerSettings {
  const settings: ServerSettings = {
    inlayHints: {
      captures: bool(read('inlayHints.captures'), INLAY_HINT_DEFAULTS.captures),
      decoratorApplication: bool(
        read('inlayHints.decoratorApplication'),
        INLAY_HINT_DEFAULTS.decoratorApplication,
      ),
      lateBound: bool(read('inlayHints.lateBound'), INLAY_HINT_DEFAULTS.lateBound),
      maxLength: maxLength(read('inlayHints.maxLength')),
    },
  };
  // `select` is passed even when empty once the user has set it: that is a deliberate "nothing".
  const select = stringList(read('select'));
  if (select !== undefined) settings.select = select;
  const ignore = stringList(read('ignore'));
  if (ignore !== undefined && ignore.length > 0) settings.ignore = ignore;
  const severity = severityMap(read('severity'));
  if (severity !== undefined) settings.severity = severity;
  const perFileIgnores = perFileIgnoreMap(read('perFileIgnores'));
  if (perFileIgnores !== undefined) settings.perFileIgnores = perFileIgnores;
  const pythonVersion = read('pythonVersion');
  if (typeof pythonVersion === 'string' && pythonVersion.trim() !== '') {
    settings.pythonVersion = pythonVersion.trim();
  }
  return settings;
}

export function toLaunchSettings(read: SettingReader): LaunchSettings {
  const path = read('server.path');
  const trace = read('trace.server');
  return {
    serverPath: typeof path === 'string' && path.trim() !== '' ? path.trim() : undefined,
    serverArgs: stringList(read('server.args')) ?? [],
    trace: trace === 'messages' || trace === 'verbose' ? trace : 'off',
  };
}

export function sameLaunchSettings(a: LaunchSettings, b: LaunchSettings): boolean {
  return (
    a.serverPath === b.serverPath &&
    a.trace === b.trace &&
    a.serverArgs.length === b.serverArgs.length &&
    a.serverArgs.every((arg, i) => arg === b.serverArgs[i])
  );
}

/**
 * Answers one item of a workspace/configuration request. The server asks for `closurelens`;
 * a request for a sub-key (`closurelens.inlayHints`) gets that part, anything else null.
 */
export function configurationItem(
  section: string | undefined,
  read: SettingReader,
): ServerSettings | InlayHintSettings | unknown {
  if (section === SECTION) return toServerSettings(read);
  if (section !== undefined && section.startsWith(SECTION + '.')) {
    const key = section.slice(SECTION.length + 1);
    const whole = toServerSettings(read) as unknown as Record<string, unknown>;
    if (key in whole) return whole[key];
    if (key.startsWith('inlayHints.')) {
      const hints = whole['inlayHints'] as Record<string, unknown>;
      return hints[key.slice('inlayHints.'.length)] ?? null;
    }
    return null;
  }
  return null;
}
