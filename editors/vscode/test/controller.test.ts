import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS, Controller } from '../src/controller';
import { createFakeHost, settle } from './support/fakeHost';

const BUNDLED = '/ext/server/linux-x64/closurelens';

describe('Controller start-up', () => {
  it('registers the three commands and shows "stopped" before starting', () => {
    const host = createFakeHost();
    new Controller(host);
    assert.deepEqual([...host.commands.keys()].sort(), Object.values(COMMANDS).sort());
    assert.match(host.lastStatus?.text ?? '', /closurelens/);
    assert.match(host.lastStatus?.tooltip ?? '', /stopped/);
  });

  it('starts the bundled server with --stdio on Python documents', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    const controller = new Controller(host);
    await controller.start();
    assert.equal(host.clients.length, 1);
    const spec = host.clients[0]!.spec;
    assert.equal(spec.id, 'closurelens');
    assert.equal(spec.command, BUNDLED);
    assert.deepEqual(spec.args, ['--stdio']);
    assert.deepEqual(spec.documentSelector, [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ]);
    assert.equal(spec.configurationSection, 'closurelens');
    assert.equal(controller.state, 'running');
    assert.equal(controller.serverCommand, BUNDLED);
  });

  it('passes closurelens.server.args after --stdio', async () => {
    const host = createFakeHost({
      executables: [BUNDLED],
      settings: { 'server.args': ['--log-level', 'debug'] },
    });
    await new Controller(host).start();
    assert.deepEqual(host.clients[0]!.spec.args, ['--stdio', '--log-level', 'debug']);
  });

  it('walks the status through starting to running', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    await new Controller(host).start();
    const words = host.statuses.map((status) => status.tooltip.split('\n')[0]);
    assert.deepEqual(words, [
      'closurelens server: stopped',
      'closurelens server: starting', // before the client exists
      'closurelens server: starting', // the client's own Starting
      'closurelens server: running',
      'closurelens server: running',
    ]);
    assert.match(host.lastStatus!.text, /^\$\([a-z-]+\) closurelens$/);
    assert.equal(host.lastStatus!.background, undefined);
  });

  it('shows an error with an Open Settings button when there is no server', async () => {
    const host = createFakeHost();
    host.errorAnswer = 'Open Settings';
    const controller = new Controller(host);
    await controller.start();
    await settle();
    assert.equal(host.clients.length, 0);
    assert.equal(controller.state, 'error');
    assert.equal(host.lastStatus!.background, 'error');
    assert.equal(host.errors.length, 1);
    assert.deepEqual(host.errors[0]!.actions, ['Open Settings']);
    assert.deepEqual(host.settingsOpened, ['closurelens.server.path']);
  });

  it('reports a client that fails to start', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    host.failNextStart = new Error('spawn EACCES');
    host.errorAnswer = 'Show Output';
    const controller = new Controller(host);
    await controller.start();
    await settle();
    assert.equal(controller.state, 'error');
    assert.match(host.lastStatus!.tooltip, /spawn EACCES/);
    assert.equal(host.outputShown, 1);
  });

  it('turns an unrequested stop (a crash the client gave up on) into an error', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    const controller = new Controller(host);
    await controller.start();
    host.clients[0]!.emit('stopped');
    assert.equal(controller.state, 'error');
    assert.match(host.lastStatus!.tooltip, /unexpectedly/);
  });
});

describe('Controller restarts', () => {
  it('restarts on the command, with a new client', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    const controller = new Controller(host);
    await controller.start();
    await host.commands.get(COMMANDS.restartServer)!();
    assert.equal(host.clients.length, 2);
    assert.equal(host.clients[0]!.stops, 1);
    assert.equal(host.clients[1]!.starts, 1);
    assert.equal(controller.state, 'running');
  });

  it('restarts when closurelens.server.path changes, with the new path', async () => {
    const host = createFakeHost({ executables: [BUNDLED, '/opt/closurelens'] });
    const controller = new Controller(host);
    await controller.start();
    host.changeSettings({ 'server.path': '/opt/closurelens' });
    await settle();
    assert.equal(host.clients.length, 2);
    assert.equal(host.clients[1]!.spec.command, '/opt/closurelens');
    assert.equal(controller.serverCommand, '/opt/closurelens');
  });

  it('does not restart for rule settings (the server pulls those)', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    await new Controller(host).start();
    host.changeSettings({ select: ['CL2'], 'inlayHints.captures': false });
    await settle();
    assert.equal(host.clients.length, 1);
  });

  it('does not restart when a server setting is rewritten with the same value', async () => {
    const host = createFakeHost({ executables: [BUNDLED], settings: { 'server.args': ['-v'] } });
    await new Controller(host).start();
    host.changeSettings({ 'server.args': ['-v'] });
    await settle();
    assert.equal(host.clients.length, 1);
  });

  it('recovers from "no server" once a path is configured', async () => {
    const host = createFakeHost({ executables: ['/opt/closurelens'] });
    const controller = new Controller(host);
    await controller.start();
    assert.equal(controller.state, 'error');
    host.changeSettings({ 'server.path': '/opt/closurelens' });
    await settle();
    assert.equal(controller.state, 'running');
  });

  it('serialises overlapping restarts', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    const controller = new Controller(host);
    await controller.start();
    await Promise.all([controller.restart(), controller.restart(), controller.restart()]);
    assert.equal(host.clients.length, 4);
    assert.deepEqual(host.clients.map((client) => [client.starts, client.stops]), [
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 0],
    ]);
  });

  it('stops the client and disposes the commands on dispose', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    const controller = new Controller(host);
    await controller.start();
    await controller.dispose();
    assert.equal(host.clients[0]!.stops, 1);
    assert.equal(host.commands.size, 0);
    assert.equal(controller.state, 'stopped');
  });
});

describe('Controller settings for the server', () => {
  it('answers workspace/configuration for closurelens and defers other sections', async () => {
    const host = createFakeHost({
      executables: [BUNDLED],
      settings: { select: ['CL2'], 'server.path': undefined, 'inlayHints.maxLength': 30 },
    });
    await new Controller(host).start();
    const spec = host.clients[0]!.spec;
    const answer = spec.configuration('closurelens', 'file:///ws/a.py');
    assert.equal(answer.handled, true);
    if (answer.handled) {
      assert.deepEqual(answer.value, {
        select: ['CL2'],
        inlayHints: { captures: true, decoratorApplication: true, lateBound: true, maxLength: 30 },
      });
    }
    assert.deepEqual(spec.configuration('python.analysis', undefined), { handled: false });
    assert.deepEqual(spec.configuration(undefined, undefined), { handled: false });
  });

  it('sees settings changed after start', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    await new Controller(host).start();
    host.changeSettings({ ignore: ['CL105'] });
    const answer = host.clients[0]!.spec.configuration('closurelens', undefined);
    assert.ok(answer.handled);
    if (answer.handled) assert.deepEqual((answer.value as { ignore?: string[] }).ignore, ['CL105']);
  });
});

describe('Explain Rule', () => {
  it('explains a code given as the argument through the server', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    const calls: string[][] = [];
    host.explainResult = (command, code) => {
      calls.push([command, code]);
      return Promise.resolve('# CL201 missing-wraps\n');
    };
    const controller = new Controller(host);
    await controller.start();
    await host.commands.get(COMMANDS.explainRule)!('cl201');
    assert.deepEqual(calls, [[BUNDLED, 'CL201']]);
    assert.deepEqual(host.markdown, [{ name: 'CL201', text: '# CL201 missing-wraps\n' }]);
    assert.equal(host.picks.length, 0);
  });

  it('offers every rule, pre-selecting the one under the cursor', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    host.cursorRule = 'CL104';
    host.pickAnswer = 'CL207';
    await new Controller(host).explainRule();
    assert.equal(host.picks.length, 1);
    assert.equal(host.picks[0]!.entries.length, 15);
    assert.equal(host.picks[0]!.preselect, 'CL104');
    assert.deepEqual(host.picks[0]!.entries[6], {
      label: 'CL201',
      description: 'missing-wraps',
      detail: 'wrapper without functools.wraps(func)',
      value: 'CL201',
    });
    assert.equal(host.markdown[0]!.name, 'CL207');
  });

  it('does nothing when the pick is cancelled', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    await new Controller(host).explainRule();
    assert.equal(host.markdown.length + host.external.length, 0);
  });

  it('opens the published page when no server can explain', async () => {
    const host = createFakeHost();
    await new Controller(host).explainRule('CL101');
    assert.deepEqual(host.external, [
      'https://github.com/closurelens/closurelens/blob/main/docs/rules/CL101.md',
    ]);
  });

  it('opens the published page when explain fails', async () => {
    const host = createFakeHost({ executables: [BUNDLED] });
    host.explainResult = () => Promise.reject(new Error('exit 2'));
    await new Controller(host).explainRule('CL209');
    assert.equal(host.external.length, 1);
    assert.ok(host.logs.some((line) => line.includes('exit 2')));
  });
});
