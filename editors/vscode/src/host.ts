// The seam between the extension's logic (controller.ts) and VS Code. Only types live here;
// vscodeHost.ts implements them on the real `vscode` module and vscode-languageclient, the tests
// on plain objects. Nothing in this file or in the controller imports `vscode`.

import type { SettingReader, ServerSettings } from './settings';
import type { StatusPresentation } from './status';

export interface Disposable {
  dispose(): unknown;
}

/** The language client's own states, as vscode-languageclient reports them. */
export type ClientState = 'starting' | 'running' | 'stopped';

export interface ClientSpec {
  /** Client id; also the prefix of the `<id>.trace.server` setting the client reads. */
  id: string;
  name: string;
  command: string;
  args: string[];
  /** The document filters the client sends to the server. */
  documentSelector: { scheme: string; language: string }[];
  /** The settings section whose changes are announced with workspace/didChangeConfiguration. */
  configurationSection: string;
  /**
   * Answers one item of workspace/configuration; `handled: false` lets the client's default
   * (the raw VS Code setting) answer sections that are not closurelens's.
   */
  configuration(section: string | undefined, scopeUri: string | undefined):
    | { handled: true; value: unknown }
    | { handled: false };
  /** initializationOptions: the settings at start, for servers that read them there. */
  initializationOptions: ServerSettings;
}

export interface ClientHandle {
  start(): Promise<void>;
  stop(): Promise<void>;
  onStateChange(listener: (state: ClientState) => void): Disposable;
}

export interface StatusItem {
  show(presentation: StatusPresentation): void;
  dispose(): void;
}

export interface QuickPickEntry {
  label: string;
  description: string;
  detail: string;
  value: string;
}

export interface Host {
  readonly extensionPath: string;
  readonly platform: string;
  readonly arch: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;

  /** The first workspace folder's file-system path, if any. */
  workspaceFolder(): string | undefined;
  /** Reads `closurelens.<key>` for a resource (a document URI) or the window. */
  settings(scopeUri?: string): SettingReader;
  isExecutable(file: string): boolean;
  /** `affects(section)` answers ConfigurationChangeEvent.affectsConfiguration. */
  onSettingsChanged(listener: (affects: (section: string) => boolean) => void): Disposable;

  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable;
  createStatusItem(commandOnClick: string): StatusItem;
  log(line: string): void;
  showOutput(): void;
  createClient(spec: ClientSpec): ClientHandle;

  /** Shows an error with buttons; resolves to the button chosen. */
  showError(message: string, ...actions: string[]): Promise<string | undefined>;
  pick(entries: QuickPickEntry[], placeholder: string, preselect?: string): Promise<string | undefined>;
  /** The closurelens rule code of a diagnostic under the active editor's cursor. */
  ruleAtCursor(): string | undefined;
  /** Runs `<server> explain CODE` and resolves to its output. */
  explain(command: string, code: string): Promise<string>;
  showMarkdown(name: string, markdown: string): Promise<void>;
  openExternal(url: string): Promise<boolean>;
  openSettings(query: string): Promise<void>;
}
