// package.json is part of the product: the settings, commands and semantic-token contributions
// VS Code reads from it must agree with the code.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from '../src/controller';
import { EXTENSION_ROOT, manifest } from './support/paths';

const pkg = manifest();
const properties = pkg.contributes.configuration.properties;

describe('package.json', () => {
  it('targets VS Code 1.82+ with vscode-languageclient 9', () => {
    assert.equal(pkg.engines.vscode, '^1.82.0');
    assert.match(pkg.dependencies['vscode-languageclient'] ?? '', /^9\.\d+\.\d+$/);
    assert.equal(pkg.devDependencies['@types/vscode'], '1.82.0');
  });

  it('pins every dependency to an exact version', () => {
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      assert.match(version, /^\d+\.\d+\.\d+$/, `${name}@${version}`);
    }
  });

  it('has a lock file that matches the manifest', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(EXTENSION_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>;
    };
    const root = lock.packages[''];
    assert.deepEqual(root?.dependencies, pkg.dependencies);
    assert.deepEqual(root?.devDependencies, pkg.devDependencies);
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      assert.equal(lock.packages[`node_modules/${name}`]?.version, version, name);
    }
  });

  it('keeps untrusted workspaces from choosing the server executable', () => {
    const capabilities = (pkg as unknown as {
      capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[] } };
    }).capabilities;
    assert.equal(capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), [
      'closurelens.server.args',
      'closurelens.server.path',
    ]);
  });

  it('activates on Python and points main at the bundle', () => {
    assert.deepEqual(pkg.activationEvents, ['onLanguage:python']);
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('contributes the three commands with titles in the closurelens category', () => {
    const byId = new Map(pkg.contributes.commands.map((command) => [command.command, command]));
    assert.deepEqual([...byId.keys()].sort(), Object.values(COMMANDS).sort());
    assert.equal(byId.get(COMMANDS.restartServer)?.title, 'Restart Server');
    assert.equal(byId.get(COMMANDS.showOutput)?.title, 'Show Output');
    assert.equal(byId.get(COMMANDS.explainRule)?.title, 'Explain Rule');
    for (const command of byId.values()) assert.equal(command.category, 'closurelens');
  });

  it('declares every setting the extension reads', () => {
    const expected = [
      'closurelens.server.path',
      'closurelens.server.args',
      'closurelens.trace.server',
      'closurelens.select',
      'closurelens.ignore',
      'closurelens.severity',
      'closurelens.perFileIgnores',
      'closurelens.pythonVersion',
      'closurelens.inlayHints.captures',
      'closurelens.inlayHints.decoratorApplication',
      'closurelens.inlayHints.lateBound',
      'closurelens.inlayHints.maxLength',
    ];
    assert.deepEqual(Object.keys(properties).sort(), expected.sort());
    assert.equal(properties['closurelens.select']?.default, null, 'unset select means every rule');
    assert.deepEqual(properties['closurelens.trace.server']?.default, 'off');
    for (const key of ['captures', 'decoratorApplication', 'lateBound']) {
      assert.equal(properties[`closurelens.inlayHints.${key}`]?.type, 'boolean');
    }
    assert.equal(properties['closurelens.inlayHints.maxLength']?.type, 'integer');
  });

  it('declares the semantic-token modifiers the server uses, with scopes and default styles', () => {
    const modifiers = pkg.contributes.semanticTokenModifiers.map((modifier) => modifier.id).sort();
    assert.deepEqual(modifiers, ['cellVariable', 'freeVariable', 'rebound']);
    const scopes = pkg.contributes.semanticTokenScopes.flatMap((entry) => Object.keys(entry.scopes));
    for (const modifier of modifiers) {
      assert.ok(scopes.some((selector) => selector.endsWith(`.${modifier}`)), `${modifier} has a scope`);
    }
    const customizations = pkg.contributes.configurationDefaults['editor.semanticTokenColorCustomizations'] as {
      rules: Record<string, { italic?: boolean; bold?: boolean; underline?: boolean }>;
    };
    assert.deepEqual(customizations.rules['*.freeVariable:python'], { italic: true, underline: true });
    assert.deepEqual(customizations.rules['*.cellVariable:python'], { bold: true });
    assert.ok(customizations.rules['*.rebound:python']);
  });

  it('has the scripts the build and CTest use', () => {
    for (const script of ['build', 'typecheck', 'test', 'package']) {
      assert.ok(pkg.scripts[script], script);
    }
    assert.match(pkg.scripts['typecheck'] ?? '', /tsc --noEmit/);
  });

  it('ships a README for the marketplace page and keeps sources out of the .vsix', () => {
    const readme = fs.readFileSync(path.join(EXTENSION_ROOT, 'README.md'), 'utf8');
    assert.match(readme, /^# closurelens/);
    const ignore = fs.readFileSync(path.join(EXTENSION_ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const pattern of ['src/**', 'test/**', 'out/**', 'node_modules/**']) {
      assert.ok(ignore.includes(pattern), pattern);
    }
  });
});
