// A Host made of plain objects for the controller tests: a virtual file system of executables, a
// settings map, and a log of everything the controller asked the editor to do.

import type { ClientHandle, ClientSpec, ClientState, Disposable, Host, QuickPickEntry } from '../../src/host';
import type { StatusPresentation } from '../../src/status';

export interface FakeClient extends ClientHandle {
  spec: ClientSpec;
  starts: number;
  stops: number;
  emit(state: ClientState): void;
}

export interface FakeHost extends Host {
  executables: Set<string>;
  values: Map<string, unknown>;
  clients: FakeClient[];
  statuses: StatusPresentation[];
  commands: Map<string, (...args: unknown[]) => unknown>;
  logs: string[];
  errors: { message: string; actions: string[] }[];
  picks: { entries: QuickPickEntry[]; preselect: string | undefined }[];
  markdown: { name: string; text: string }[];
  external: string[];
  settingsOpened: string[];
  outputShown: number;
  pickAnswer: string | undefined;
  errorAnswer: string | undefined;
  cursorRule: string | undefined;
  explainResult: (command: string, code: string) => Promise<string>;
  failNextStart: Error | undefined;
  changeSettings(values: Record<string, unknown>): void;
  readonly lastStatus: StatusPresentation | undefined;
}

export function createFakeHost(init: {
  extensionPath?: string;
  executables?: string[];
  settings?: Record<string, unknown>;
  path?: string;
  workspaceFolder?: string;
} = {}): FakeHost {
  let settingsListener: ((affects: (section: string) => boolean) => void) | undefined;
  const host: FakeHost = {
    extensionPath: init.extensionPath ?? '/ext',
    platform: 'linux',
    arch: 'x64',
    env: { PATH: init.path ?? '/usr/local/bin:/usr/bin' },
    homeDir: '/home/user',
    executables: new Set(init.executables ?? []),
    values: new Map(Object.entries(init.settings ?? {})),
    clients: [],
    statuses: [],
    commands: new Map(),
    logs: [],
    errors: [],
    picks: [],
    markdown: [],
    external: [],
    settingsOpened: [],
    outputShown: 0,
    pickAnswer: undefined,
    errorAnswer: undefined,
    cursorRule: undefined,
    explainResult: (_command, code) => Promise.resolve(`# ${code}\n`),
    failNextStart: undefined,

    get lastStatus() {
      return host.statuses[host.statuses.length - 1];
    },

    changeSettings(values) {
      for (const [key, value] of Object.entries(values)) host.values.set(key, value);
      const changed = Object.keys(values).map((key) => `closurelens.${key}`);
      settingsListener?.((section) =>
        changed.some((key) => key === section || key.startsWith(section + '.')),
      );
    },

    workspaceFolder: () => init.workspaceFolder,
    settings: () => (key) => host.values.get(key),
    isExecutable: (file) => host.executables.has(file),
    onSettingsChanged(listener): Disposable {
      settingsListener = listener;
      return { dispose: () => void (settingsListener = undefined) };
    },
    registerCommand(id, handler): Disposable {
      host.commands.set(id, handler);
      return { dispose: () => void host.commands.delete(id) };
    },
    createStatusItem: () => ({
      show: (presentation) => void host.statuses.push(presentation),
      dispose: () => undefined,
    }),
    log: (line) => void host.logs.push(line),
    showOutput: () => void (host.outputShown += 1),
    createClient(spec): ClientHandle {
      let listener: ((state: ClientState) => void) | undefined;
      const failure = host.failNextStart;
      host.failNextStart = undefined;
      const client: FakeClient = {
        spec,
        starts: 0,
        stops: 0,
        emit: (state) => listener?.(state),
        async start() {
          client.starts += 1;
          client.emit('starting');
          await Promise.resolve();
          if (failure !== undefined) {
            client.emit('stopped');
            throw failure;
          }
          client.emit('running');
        },
        async stop() {
          client.stops += 1;
          await Promise.resolve();
          client.emit('stopped');
        },
        onStateChange(next) {
          listener = next;
          return { dispose: () => void (listener = undefined) };
        },
      };
      host.clients.push(client);
      return client;
    },
    showError(message, ...actions) {
      host.errors.push({ message, actions });
      return Promise.resolve(host.errorAnswer);
    },
    pick(entries, _placeholder, preselect) {
      host.picks.push({ entries, preselect });
      return Promise.resolve(host.pickAnswer);
    },
    ruleAtCursor: () => host.cursorRule,
    explain: (command, code) => host.explainResult(command, code),
    showMarkdown(name, text) {
      host.markdown.push({ name, text });
      return Promise.resolve();
    },
    openExternal(url) {
      host.external.push(url);
      return Promise.resolve(true);
    },
    openSettings(query) {
      host.settingsOpened.push(query);
      return Promise.resolve();
    },
  };
  return host;
}

/** Lets queued promise callbacks (the controller's .then chains) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
