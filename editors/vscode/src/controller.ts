// The extension's behaviour, written against the Host seam (host.ts) so that it runs under
// `node --test` with a fake host: which server to start and how, the status-bar state, the three
// commands, and restarts when the launch settings change.

import type { ClientHandle, ClientSpec, ClientState, Disposable, Host, StatusItem } from './host';
import { normalizeRuleCode, RULES, ruleDocUrl } from './rules';
import { resolveServerCommand, type Resolution } from './serverPath';
import {
  configurationItem,
  RESTART_KEYS,
  sameLaunchSettings,
  SECTION,
  toLaunchSettings,
  toServerSettings,
  type LaunchSettings,
} from './settings';
import { presentStatus, type ServerState } from './status';

export const COMMANDS = Object.freeze({
  restartServer: 'closurelens.restartServer',
  showOutput: 'closurelens.showOutput',
  explainRule: 'closurelens.explainRule',
});

export const DOCUMENT_SELECTOR = Object.freeze([
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
]);

const OPEN_SETTINGS = 'Open Settings';
const SHOW_OUTPUT = 'Show Output';

export class Controller implements Disposable {
  private client: ClientHandle | undefined;
  private clientListener: Disposable | undefined;
  private readonly disposables: Disposable[] = [];
  private readonly status: StatusItem;
  private launch: LaunchSettings;
  private resolution: Resolution | undefined;
  private stateValue: ServerState = 'stopped';
  private stopping = false;
  /** Serialises start/stop/restart so that two restarts never interleave. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly host: Host) {
    this.launch = toLaunchSettings(host.settings());
    this.status = host.createStatusItem(COMMANDS.showOutput);
    this.disposables.push(
      host.registerCommand(COMMANDS.restartServer, () => this.restart()),
      host.registerCommand(COMMANDS.showOutput, () => host.showOutput()),
      host.registerCommand(COMMANDS.explainRule, (arg?: unknown) => this.explainRule(arg)),
      host.onSettingsChanged((affects) => this.settingsChanged(affects)),
    );
    this.setState('stopped');
  }

  get state(): ServerState {
    return this.stateValue;
  }

  /** The command the server was (or would be) started with. */
  get serverCommand(): string | undefined {
    return this.resolution?.ok === true ? this.resolution.command : undefined;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.host.log('Restarting the closurelens server.');
      await this.doStop();
      this.launch = toLaunchSettings(this.host.settings());
      await this.doStart();
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.status.dispose();
  }

  /** What the client is started with; exposed for the tests. */
  buildClientSpec(command: string): ClientSpec {
    return {
      id: 'closurelens',
      name: 'closurelens',
      command,
      args: ['--stdio', ...this.launch.serverArgs],
      documentSelector: DOCUMENT_SELECTOR.map((filter) => ({ ...filter })),
      configurationSection: SECTION,
      configuration: (section, scopeUri) => {
        if (section !== SECTION && !(section ?? '').startsWith(SECTION + '.')) {
          return { handled: false };
        }
        return { handled: true, value: configurationItem(section, this.host.settings(scopeUri)) };
      },
      initializationOptions: toServerSettings(this.host.settings()),
    };
  }

  async explainRule(arg?: unknown): Promise<void> {
    let code = typeof arg === 'string' ? normalizeRuleCode(arg) : undefined;
    if (code === undefined) {
      const entries = RULES.map((rule) => ({
        label: rule.code,
        description: rule.name,
        detail: rule.summary,
        value: rule.code,
      }));
      code = await this.host.pick(entries, 'Rule to explain', this.host.ruleAtCursor());
      if (code === undefined) return;
    }
    let command = this.serverCommand;
    if (command === undefined) {
      const resolution = this.resolve();
      if (resolution.ok) command = resolution.command;
    }
    if (command !== undefined) {
      try {
        const text = await this.host.explain(command, code);
        if (text.trim() !== '') {
          await this.host.showMarkdown(code, text);
          return;
        }
      } catch (error) {
        this.host.log(`closurelens explain ${code} failed: ${describe(error)}`);
      }
    }
    // No local server, or it could not explain: the published page says the same.
    await this.host.openExternal(ruleDocUrl(code));
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private resolve(): Resolution {
    this.resolution = resolveServerCommand({
      configuredPath: this.launch.serverPath,
      extensionPath: this.host.extensionPath,
      workspaceFolder: this.host.workspaceFolder(),
      platform: this.host.platform,
      arch: this.host.arch,
      env: this.host.env,
      homeDir: this.host.homeDir,
      probe: { isExecutable: (file) => this.host.isExecutable(file) },
    });
    return this.resolution;
  }

  private async doStart(): Promise<void> {
    if (this.client !== undefined) return;
    const resolution = this.resolve();
    if (!resolution.ok) {
      this.setState('error', resolution.message);
      this.host.log(resolution.message);
      void this.host.showError(resolution.message, OPEN_SETTINGS).then((choice) => {
        if (choice === OPEN_SETTINGS) return this.host.openSettings('closurelens.server.path');
        return undefined;
      });
      return;
    }
    this.host.log(`Starting ${resolution.command} (${resolution.source}).`);
    this.setState('starting', resolution.command);
    const client = this.host.createClient(this.buildClientSpec(resolution.command));
    this.client = client;
    this.stopping = false;
    this.clientListener = client.onStateChange((state) => this.clientStateChanged(client, state));
    try {
      await client.start();
      if (this.client === client) this.setState('running', resolution.command);
    } catch (error) {
      const message = `closurelens server failed to start: ${describe(error)}`;
      this.host.log(message);
      this.dropClient();
      this.setState('error', message);
      void this.host.showError(message, SHOW_OUTPUT).then((choice) => {
        if (choice === SHOW_OUTPUT) this.host.showOutput();
      });
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    this.stopping = true;
    try {
      await client.stop();
    } catch (error) {
      this.host.log(`Stopping the server: ${describe(error)}`);
    } finally {
      this.dropClient();
      this.stopping = false;
      if (this.stateValue !== 'error') this.setState('stopped');
    }
  }

  private dropClient(): void {
    this.clientListener?.dispose();
    this.clientListener = undefined;
    this.client = undefined;
  }

  private clientStateChanged(client: ClientHandle, state: ClientState): void {
    if (client !== this.client) return;
    if (state === 'running') this.setState('running', this.serverCommand);
    else if (state === 'starting') this.setState('starting', this.serverCommand);
    else if (this.stopping) this.setState('stopped');
    // Stopped without being asked: the client gave up restarting a crashing server.
    else this.setState('error', 'The server stopped unexpectedly; see the output.');
  }

  private settingsChanged(affects: (section: string) => boolean): void {
    if (!RESTART_KEYS.some((key) => affects(key))) return;
    const next = toLaunchSettings(this.host.settings());
    if (sameLaunchSettings(next, this.launch)) return;
    void this.restart();
  }

  private setState(state: ServerState, detail?: string): void {
    this.stateValue = state;
    this.status.show(presentStatus(state, detail));
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
