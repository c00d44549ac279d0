import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bundledServerPath,
  expandPath,
  resolveServerCommand,
  searchPath,
  type ResolveInput,
} from '../src/serverPath';

function input(overrides: Partial<ResolveInput> & { executables?: string[] } = {}): ResolveInput {
  const executables = new Set(overrides.executables ?? []);
  return {
    configuredPath: undefined,
    extensionPath: '/ext',
    workspaceFolder: '/ws',
    platform: 'linux',
    arch: 'x64',
    env: { PATH: '/usr/local/bin:/usr/bin', CL_HOME: '/opt/cl' },
    homeDir: '/home/me',
    probe: { isExecutable: (file) => executables.has(file) },
    ...overrides,
  };
}

describe('resolveServerCommand', () => {
  it('prefers the bundled binary over PATH', () => {
    const result = resolveServerCommand(
      input({ executables: ['/ext/server/linux-x64/closurelens', '/usr/bin/closurelens'] }),
    );
    assert.deepEqual(result, { ok: true, command: '/ext/server/linux-x64/closurelens', source: 'bundled' });
  });

  it('falls back to the first closurelens on PATH', () => {
    const result = resolveServerCommand(
      input({ executables: ['/usr/bin/closurelens', '/usr/local/bin/closurelens'] }),
    );
    assert.deepEqual(result, { ok: true, command: '/usr/local/bin/closurelens', source: 'path' });
  });

  it('does not use a bundled binary for another platform', () => {
    const result = resolveServerCommand(
      input({ arch: 'arm64', executables: ['/ext/server/linux-x64/closurelens'] }),
    );
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /linux-arm64/);
  });

  it('uses the setting before anything else', () => {
    const result = resolveServerCommand(
      input({
        configuredPath: '/opt/dev/closurelens',
        executables: ['/opt/dev/closurelens', '/ext/server/linux-x64/closurelens'],
      }),
    );
    assert.deepEqual(result, { ok: true, command: '/opt/dev/closurelens', source: 'setting' });
  });

  it('reports a configured path that is not executable instead of falling back', () => {
    const result = resolveServerCommand(
      input({ configuredPath: '/nope/closurelens', executables: ['/ext/server/linux-x64/closurelens'] }),
    );
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /\/nope\/closurelens.*not an executable/);
  });

  it('resolves a relative configured path against the workspace folder', () => {
    const result = resolveServerCommand(
      input({ configuredPath: 'build/server/closurelens', executables: ['/ws/build/server/closurelens'] }),
    );
    assert.deepEqual(result, { ok: true, command: '/ws/build/server/closurelens', source: 'setting' });
  });

  it('looks a bare configured name up on PATH', () => {
    const result = resolveServerCommand(
      input({ configuredPath: 'closurelens-dev', executables: ['/usr/bin/closurelens-dev'] }),
    );
    assert.deepEqual(result, { ok: true, command: '/usr/bin/closurelens-dev', source: 'setting' });
  });

  it('expands variables in the configured path', () => {
    const result = resolveServerCommand(
      input({
        configuredPath: '${workspaceFolder}/bin/closurelens',
        executables: ['/ws/bin/closurelens'],
      }),
    );
    assert.equal(result.ok && result.command, '/ws/bin/closurelens');
  });

  it('says when nothing is found', () => {
    const result = resolveServerCommand(input());
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /closurelens\.server\.path/);
  });
});

describe('expandPath', () => {
  const vars = { workspaceFolder: '/ws', homeDir: '/home/me', env: { CL_HOME: '/opt/cl' } };
  it('expands ~, ${userHome}, ${env:X} and ${workspaceFolder}', () => {
    assert.equal(expandPath('~/bin/cl', vars), '/home/me/bin/cl');
    assert.equal(expandPath('~', vars), '/home/me');
    assert.equal(expandPath('${userHome}/cl', vars), '/home/me/cl');
    assert.equal(expandPath('${env:CL_HOME}/bin/cl', vars), '/opt/cl/bin/cl');
    assert.equal(expandPath('${workspaceFolder}/cl', vars), '/ws/cl');
  });
  it('refuses unset variables', () => {
    assert.equal(expandPath('${env:NOPE}/cl', vars), undefined);
    assert.equal(expandPath('${workspaceFolder}/cl', { ...vars, workspaceFolder: undefined }), undefined);
  });
  it('leaves other text alone', () => {
    assert.equal(expandPath('/a/~b/${other}', vars), '/a/~b/${other}');
  });
});

describe('searchPath', () => {
  it('skips empty PATH entries', () => {
    const probe = { isExecutable: (file: string) => file === '/b/closurelens' };
    assert.equal(searchPath('closurelens', { PATH: '::/a::/b' }, 'linux', probe), '/b/closurelens');
  });
  it('tries PATHEXT on Windows', () => {
    const probe = { isExecutable: (file: string) => file === 'C:\\tools\\closurelens.EXE' };
    assert.equal(
      searchPath('closurelens', { Path: 'C:\\x;C:\\tools', PATHEXT: '.COM;.EXE' }, 'win32', probe),
      'C:\\tools\\closurelens.EXE',
    );
  });
  it('names the bundled binary per platform', () => {
    assert.match(bundledServerPath('/ext', 'win32', 'x64'), /server[\\/]win32-x64[\\/]closurelens\.exe$/);
    assert.equal(bundledServerPath('/ext', 'darwin', 'arm64'), '/ext/server/darwin-arm64/closurelens');
  });
});
