// Activation through the real entry point (out/src/extension.js) and the real thin layer
// (vscodeHost), with `vscode` and vscode-languageclient/node replaced by the stubs in support/.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Controller } from '../src/controller';
import { createLanguageClientStub, type LanguageClientStubModule } from './support/languageClientStub';
import { freshRequire, stubModules } from './support/moduleStubs';
import { COMPILED_SRC, manifest } from './support/paths';
import { createVscodeStub, type Recorder } from './support/vscodeStub';

interface ExtensionModule {
  activate(context: { extensionPath: string; subscriptions: { dispose(): unknown }[] }): Promise<Controller>;
  deactivate(): Promise<void>;
}

interface Scenario {
  extensionPath: string;
  recorder: Recorder;
  languageClient: LanguageClientStubModule;
  extension: ExtensionModule;
  subscriptions: { dispose(): unknown }[];
  bundled: string;
}

let scenario: Scenario;
let restore: () => void = () => undefined;

function setUp(options: { bundled: boolean; mode?: number }): Scenario {
  const extensionPath = fs.mkdtempSync(path.join(os.tmpdir(), 'closurelens-ext-'));
  const bundled = path.join(extensionPath, 'server', `${process.platform}-${process.arch}`, 'closurelens');
  if (options.bundled) {
    fs.mkdirSync(path.dirname(bundled), { recursive: true });
    fs.writeFileSync(bundled, '#!/bin/sh\nexit 0\n');
    fs.chmodSync(bundled, options.mode ?? 0o755);
  }
  const { api, recorder } = createVscodeStub(extensionPath);
  const languageClient = createLanguageClientStub();
  restore = stubModules({ vscode: api, 'vscode-languageclient/node': languageClient });
  const extension = freshRequire<ExtensionModule>(path.join(COMPILED_SRC, 'extension.js'), COMPILED_SRC);
  return { extensionPath, recorder, languageClient, extension, subscriptions: [], bundled };
}

async function activate(): Promise<Controller> {
  return scenario.extension.activate({
    extensionPath: scenario.extensionPath,
    subscriptions: scenario.subscriptions,
  });
}

describe('activate()', () => {
  beforeEach(() => {
    // Keep PATH from offering a closurelens installed on the test machine.
    process.env['CLOSURELENS_TEST_SAVED_PATH'] = process.env['PATH'] ?? '';
    process.env['PATH'] = '';
  });

  afterEach(async () => {
    await scenario.extension.deactivate();
    restore();
    process.env['PATH'] = process.env['CLOSURELENS_TEST_SAVED_PATH'];
    delete process.env['CLOSURELENS_TEST_SAVED_PATH'];
    fs.rmSync(scenario.extensionPath, { recursive: true, force: true });
  });

  it('starts a language client on the bundled server', async () => {
    scenario = setUp({ bundled: true });
    const controller = await activate();
    assert.equal(controller.state, 'running');
    assert.equal(scenario.languageClient.instances.length, 1);
    const client = scenario.languageClient.instances[0]!;
    assert.equal(client.id, 'closurelens');
    assert.deepEqual(client.serverOptions, { command: scenario.bundled, args: ['--stdio'] });
    assert.deepEqual(client.clientOptions.documentSelector, [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ]);
    assert.deepEqual(client.clientOptions.synchronize, { configurationSection: 'closurelens' });
    assert.deepEqual(client.clientOptions.initializationOptions, {
      inlayHints: { captures: true, decoratorApplication: true, lateBound: true, maxLength: 40 },
    });
  });

  it('registers every contributed command, and only those', async () => {
    scenario = setUp({ bundled: true });
    await activate();
    const contributed = manifest().contributes.commands.map((command) => command.command).sort();
    assert.deepEqual([...scenario.recorder.commands.keys()].sort(), contributed);
  });

  it('shows the server state in a status-bar item that opens the output', async () => {
    scenario = setUp({ bundled: true });
    await activate();
    assert.equal(scenario.recorder.statusItems.length, 1);
    const item = scenario.recorder.statusItems[0]!;
    assert.equal(item.visible, true);
    assert.equal(item.command, 'closurelens.showOutput');
    assert.match(String(item.tooltip), /running/);
    await scenario.recorder.commands.get('closurelens.showOutput')!();
    assert.equal(scenario.recorder.outputChannels[0]!.shown, 1);
  });

  it('answers workspace/configuration through the middleware with the mapped settings', async () => {
    scenario = setUp({ bundled: true });
    scenario.recorder.settings.set('select', ['CL2']);
    scenario.recorder.settings.set('severity', { CL201: 'error' });
    scenario.recorder.settings.set('inlayHints.captures', false);
    await activate();
    const middleware = scenario.languageClient.instances[0]!.clientOptions.middleware!.workspace!.configuration!;
    const deferred: unknown[] = [];
    const answer = await middleware(
      { items: [{ section: 'closurelens', scopeUri: 'file:///ws/a.py' }, { section: 'editor' }] },
      undefined,
      (params) => {
        deferred.push(params);
        return [{ tabSize: 4 }];
      },
    );
    assert.deepEqual(answer, [
      {
        select: ['CL2'],
        severity: { CL201: 'error' },
        inlayHints: { captures: false, decoratorApplication: true, lateBound: true, maxLength: 40 },
      },
      { tabSize: 4 },
    ]);
    assert.deepEqual(deferred, [{ items: [{ section: 'editor' }] }]);
  });

  it('restarts when closurelens.server.path changes', async () => {
    scenario = setUp({ bundled: true });
    await activate();
    const other = path.join(scenario.extensionPath, 'other-closurelens');
    fs.writeFileSync(other, '#!/bin/sh\n');
    fs.chmodSync(other, 0o755);
    scenario.recorder.settings.set('server.path', other);
    scenario.recorder.fireConfigurationChange(['closurelens.server.path']);
    for (let i = 0; i < 20 && scenario.languageClient.instances.length < 2; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(scenario.languageClient.instances.length, 2);
    assert.equal(scenario.languageClient.instances[0]!.stops, 1);
    assert.equal(scenario.languageClient.instances[1]!.serverOptions.command, other);
  });

  it('gives the bundled server back its execute bit', { skip: process.platform === 'win32' }, async () => {
    scenario = setUp({ bundled: true, mode: 0o644 });
    const controller = await activate();
    assert.equal(fs.statSync(scenario.bundled).mode & 0o111, 0o111);
    assert.equal(controller.state, 'running');
  });

  it('reports a missing server in the status bar and an error message', async () => {
    scenario = setUp({ bundled: false });
    const controller = await activate();
    assert.equal(controller.state, 'error');
    assert.equal(scenario.languageClient.instances.length, 0);
    assert.equal(scenario.recorder.errors.length, 1);
    assert.match(scenario.recorder.errors[0]!.message, /closurelens\.server\.path/);
    const item = scenario.recorder.statusItems[0]!;
    assert.equal((item.backgroundColor as { id: string } | undefined)?.id, 'statusBarItem.errorBackground');
  });

  it('Explain Rule without a server opens the rule page', async () => {
    scenario = setUp({ bundled: false });
    await activate();
    scenario.recorder.quickPickAnswer = 'CL201';
    await scenario.recorder.commands.get('closurelens.explainRule')!();
    assert.equal(scenario.recorder.quickPicks.length, 1);
    assert.equal(scenario.recorder.quickPicks[0]!.items[0]!.label, 'CL101');
    assert.deepEqual(scenario.recorder.opened, [
      'https://github.com/closurelens/closurelens/blob/main/docs/rules/CL201.md',
    ]);
  });

  it('Explain Rule lists the rule under the cursor first', async () => {
    scenario = setUp({ bundled: false });
    await activate();
    scenario.recorder.diagnostics.push(
      { source: 'pyright', code: 'CL101', range: { contains: () => true } },
      { source: 'closurelens', code: { value: 'CL206', target: {} }, range: { contains: () => true } },
    );
    const vscodeApi = require('vscode') as { window: { activeTextEditor: unknown } };
    vscodeApi.window.activeTextEditor = {
      document: { uri: { toString: () => 'file:///ws/a.py' } },
      selection: { active: { line: 3, character: 4 } },
    };
    await scenario.recorder.commands.get('closurelens.explainRule')!();
    assert.equal(scenario.recorder.quickPicks[0]!.items[0]!.label, 'CL206');
  });

  it('stops the client on deactivate', async () => {
    scenario = setUp({ bundled: true });
    await activate();
    await scenario.extension.deactivate();
    assert.equal(scenario.languageClient.instances[0]!.stops, 1);
    assert.equal(scenario.recorder.statusItems[0]!.disposed, true);
  });
});
