// The thin layer: the Host seam implemented on the real `vscode` API and vscode-languageclient.
// Kept free of decisions (those are in controller.ts) so that what is left here is plumbing.

import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { runExplain } from './explain';
import type { ClientHandle, ClientSpec, ClientState, Host, QuickPickEntry, StatusItem } from './host';
import { diagnosticCode } from './rules';
import { bundledServerPath } from './serverPath';
import { SECTION, type SettingReader } from './settings';
import type { StatusPresentation } from './status';

const RULE_SCHEME = 'closurelens-rule';

export function isExecutableFile(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function clientState(state: State): ClientState {
  switch (state) {
    case State.Running:
      return 'running';
    case State.Starting:
      return 'starting';
    default:
      return 'stopped';
  }
}

class RuleDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

/**
 * A .vsix is a zip: should an installer drop the bundled server's execute bit, put it back (only
 * for the binary inside the extension's own folder).
 */
export function restoreBundledExecBit(extensionPath: string): void {
  if (process.platform === 'win32') return;
  const bundled = bundledServerPath(extensionPath, process.platform, process.arch);
  try {
    if (fs.statSync(bundled).isFile() && !isExecutableFile(bundled)) fs.chmodSync(bundled, 0o755);
  } catch {
    // No bundled server for this platform: the controller falls back to PATH.
  }
}

export function createVscodeHost(context: vscode.ExtensionContext): Host {
  restoreBundledExecBit(context.extensionPath);
  const output = vscode.window.createOutputChannel('closurelens');
  context.subscriptions.push(output);
  const ruleDocuments = new RuleDocuments();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, ruleDocuments),
  );

  const settings = (scopeUri?: string): SettingReader => {
    const scope = scopeUri !== undefined ? vscode.Uri.parse(scopeUri) : undefined;
    const configuration = vscode.workspace.getConfiguration(SECTION, scope);
    return (key) => configuration.get(key);
  };

  const host: Host = {
    extensionPath: context.extensionPath,
    platform: process.platform,
    arch: process.arch,
    env: process.env,
    homeDir: os.homedir(),

    workspaceFolder: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    settings,
    isExecutable: isExecutableFile,
    onSettingsChanged: (listener) =>
      vscode.workspace.onDidChangeConfiguration((event) =>
        listener((section) => event.affectsConfiguration(section)),
      ),

    registerCommand: (id, handler) => {
      const disposable = vscode.commands.registerCommand(id, handler);
      context.subscriptions.push(disposable);
      return disposable;
    },

    createStatusItem: (commandOnClick): StatusItem => {
      const item = vscode.window.createStatusBarItem('closurelens.status', vscode.StatusBarAlignment.Right, 100);
      item.name = 'closurelens';
      item.command = commandOnClick;
      context.subscriptions.push(item);
      return {
        show: (presentation: StatusPresentation) => {
          item.text = presentation.text;
          item.tooltip = presentation.tooltip;
          item.backgroundColor =
            presentation.background === undefined
              ? undefined
              : new vscode.ThemeColor(`statusBarItem.${presentation.background}Background`);
          item.show();
        },
        dispose: () => item.dispose(),
      };
    },

    log: (line) => output.appendLine(line),
    showOutput: () => output.show(true),

    createClient: (spec: ClientSpec): ClientHandle => {
      const serverOptions: ServerOptions = { command: spec.command, args: spec.args };
      const clientOptions: LanguageClientOptions = {
        documentSelector: spec.documentSelector,
        outputChannel: output,
        synchronize: { configurationSection: spec.configurationSection },
        initializationOptions: spec.initializationOptions,
        diagnosticPullOptions: { onChange: true, onSave: true, onTabs: false },
        middleware: {
          workspace: {
            configuration: async (params, token, next) => {
              const answers: unknown[] = [];
              for (const item of params.items) {
                const answer = spec.configuration(item.section, item.scopeUri);
                if (answer.handled) {
                  answers.push(answer.value);
                } else {
                  const fallback = await next({ items: [item] }, token);
                  answers.push(Array.isArray(fallback) ? fallback[0] : null);
                }
              }
              return answers;
            },
          },
        },
      };
      const client = new LanguageClient(spec.id, spec.name, serverOptions, clientOptions);
      return {
        start: () => client.start(),
        stop: () => client.stop(),
        onStateChange: (listener) =>
          client.onDidChangeState((event) => listener(clientState(event.newState))),
      };
    },

    showError: (message, ...actions) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),

    pick: async (entries: QuickPickEntry[], placeholder, preselect) => {
      const items = entries.map((entry) => ({
        label: entry.label,
        description: entry.description,
        detail: entry.detail,
        value: entry.value,
        picked: entry.value === preselect,
      }));
      // Put the rule under the cursor first: quick picks highlight the first item.
      items.sort((a, b) => Number(b.picked) - Number(a.picked));
      const chosen = await vscode.window.showQuickPick(items, {
        placeHolder: placeholder,
        matchOnDescription: true,
        matchOnDetail: true,
      });
      return chosen?.value;
    },

    ruleAtCursor: () => {
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined) return undefined;
      const position = editor.selection.active;
      for (const diagnostic of vscode.languages.getDiagnostics(editor.document.uri)) {
        if (diagnostic.source !== 'closurelens' || !diagnostic.range.contains(position)) continue;
        const code = diagnosticCode(diagnostic.code);
        if (code !== undefined) return code;
      }
      return undefined;
    },

    explain: (command, code) => runExplain(command, code),

    showMarkdown: async (name, markdown) => {
      const uri = vscode.Uri.parse(`${RULE_SCHEME}:/${encodeURIComponent(name)}.md`);
      ruleDocuments.set(uri, markdown);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', uri);
      } catch {
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(document, { preview: true });
      }
    },

    openExternal: (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url))),
    openSettings: async (query) => {
      await vscode.commands.executeCommand('workbench.action.openSettings', query);
    },
  };
  return host;
}
