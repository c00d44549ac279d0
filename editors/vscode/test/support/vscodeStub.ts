// A small stand-in for the `vscode` module: just the API surface vscodeHost.ts touches, recording
// what the extension does with it. Settings defaults come from package.json, so the tests see
// the same defaults VS Code would.

import { manifest } from './paths';

type Listener<T> = (value: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
  ) {}
  static parse(text: string): Uri {
    const match = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/]*))?(.*)$/.exec(text);
    if (match === null) return new Uri('file', '', text);
    return new Uri(match[1]!, match[2] ?? '', decodeURIComponent(match[3] ?? ''));
  }
  static file(fsPath: string): Uri {
    return new Uri('file', '', fsPath);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    const authority = this.scheme === 'file' || this.authority !== '' ? `//${this.authority}` : '';
    return `${this.scheme}:${authority}${this.path}`;
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export interface StatusBarItemStub {
  id: string;
  alignment: StatusBarAlignment;
  priority: number | undefined;
  name: string | undefined;
  text: string;
  tooltip: string | undefined;
  command: string | undefined;
  backgroundColor: ThemeColor | undefined;
  visible: boolean;
  disposed: boolean;
  show(): void;
  hide(): void;
  dispose(): void;
}

export interface OutputChannelStub {
  name: string;
  lines: string[];
  shown: number;
  appendLine(line: string): void;
  append(text: string): void;
  show(preserveFocus?: boolean): void;
  clear(): void;
  hide(): void;
  replace(text: string): void;
  dispose(): void;
}

export interface DiagnosticStub {
  source: string;
  code: unknown;
  range: { contains(position: unknown): boolean };
}

/** What the extension did, for the assertions. */
export interface Recorder {
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: { command: string; args: unknown[] }[];
  statusItems: StatusBarItemStub[];
  outputChannels: OutputChannelStub[];
  errors: { message: string; actions: string[] }[];
  opened: string[];
  contentProviders: Map<string, { provideTextDocumentContent(uri: Uri): string }>;
  quickPicks: { items: { label: string; value?: string }[]; options: unknown }[];
  /** Answer of the next showQuickPick: the label to choose, or undefined to cancel. */
  quickPickAnswer: string | undefined;
  /** Answer of showErrorMessage. */
  errorAnswer: string | undefined;
  /** Per-setting values (keys without the `closurelens.` prefix), over the package.json defaults. */
  settings: Map<string, unknown>;
  diagnostics: DiagnosticStub[];
  fireConfigurationChange(changedKeys: string[]): void;
}

export interface VscodeStub {
  api: Record<string, unknown>;
  recorder: Recorder;
}

function defaultsFromManifest(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, schema] of Object.entries(manifest().contributes.configuration.properties)) {
    out.set(key, schema.default);
  }
  return out;
}

export function createVscodeStub(workspaceFolder?: string): VscodeStub {
  const defaults = defaultsFromManifest();
  const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  const recorder: Recorder = {
    commands: new Map(),
    executed: [],
    statusItems: [],
    outputChannels: [],
    errors: [],
    opened: [],
    contentProviders: new Map(),
    quickPicks: [],
    quickPickAnswer: undefined,
    errorAnswer: undefined,
    settings: new Map(),
    diagnostics: [],
    fireConfigurationChange(changedKeys) {
      configurationChanged.fire({
        affectsConfiguration: (section) =>
          changedKeys.some((key) => key === section || key.startsWith(section + '.')),
      });
    },
  };

  const getConfiguration = (section?: string) => ({
    get<T>(key: string, fallback?: T): T | undefined {
      const full = section !== undefined ? `${section}.${key}` : key;
      const local = full.startsWith('closurelens.') ? full.slice('closurelens.'.length) : full;
      if (recorder.settings.has(local)) return recorder.settings.get(local) as T;
      if (defaults.has(full)) return defaults.get(full) as T;
      return fallback;
    },
  });

  const disposable = { dispose: () => undefined };

  const api = {
    EventEmitter,
    Uri,
    ThemeColor,
    StatusBarAlignment,
    window: {
      activeTextEditor: undefined as unknown,
      createOutputChannel(name: string): OutputChannelStub {
        const channel: OutputChannelStub = {
          name,
          lines: [],
          shown: 0,
          appendLine: (line) => void channel.lines.push(line),
          append: (text) => void channel.lines.push(text),
          show: () => void (channel.shown += 1),
          clear: () => void (channel.lines = []),
          hide: () => undefined,
          replace: (text) => void (channel.lines = [text]),
          dispose: () => undefined,
        };
        recorder.outputChannels.push(channel);
        return channel;
      },
      createStatusBarItem(id: string, alignment: StatusBarAlignment, priority?: number): StatusBarItemStub {
        const item: StatusBarItemStub = {
          id,
          alignment,
          priority,
          name: undefined,
          text: '',
          tooltip: undefined,
          command: undefined,
          backgroundColor: undefined,
          visible: false,
          disposed: false,
          show: () => void (item.visible = true),
          hide: () => void (item.visible = false),
          dispose: () => void (item.disposed = true),
        };
        recorder.statusItems.push(item);
        return item;
      },
      showErrorMessage(message: string, ...actions: string[]): Promise<string | undefined> {
        recorder.errors.push({ message, actions });
        return Promise.resolve(recorder.errorAnswer);
      },
      showQuickPick(items: { label: string; value?: string }[], options: unknown) {
        recorder.quickPicks.push({ items, options });
        return Promise.resolve(items.find((item) => item.label === recorder.quickPickAnswer));
      },
      showTextDocument(document: { uri: Uri }) {
        recorder.opened.push(document.uri.toString());
        return Promise.resolve(undefined);
      },
    },
    workspace: {
      workspaceFolders:
        workspaceFolder === undefined ? undefined : [{ uri: Uri.file(workspaceFolder), name: 'ws', index: 0 }],
      getConfiguration,
      onDidChangeConfiguration: configurationChanged.event,
      registerTextDocumentContentProvider(scheme: string, provider: { provideTextDocumentContent(uri: Uri): string }) {
        recorder.contentProviders.set(scheme, provider);
        return disposable;
      },
      openTextDocument(uri: Uri) {
        return Promise.resolve({ uri });
      },
    },
    commands: {
      registerCommand(id: string, handler: (...args: unknown[]) => unknown) {
        if (recorder.commands.has(id)) throw new Error(`command ${id} registered twice`);
        recorder.commands.set(id, handler);
        return { dispose: () => void recorder.commands.delete(id) };
      },
      executeCommand(command: string, ...args: unknown[]) {
        recorder.executed.push({ command, args });
        const handler = recorder.commands.get(command);
        return Promise.resolve(handler !== undefined ? handler(...args) : undefined);
      },
    },
    languages: {
      getDiagnostics: () => recorder.diagnostics,
    },
    env: {
      openExternal(uri: Uri) {
        recorder.opened.push(uri.toString());
        return Promise.resolve(true);
      },
    },
  };
  return { api, recorder };
}
