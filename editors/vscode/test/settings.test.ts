import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  configurationItem,
  INLAY_HINT_DEFAULTS,
  sameLaunchSettings,
  toLaunchSettings,
  toServerSettings,
  type SettingReader,
} from '../src/settings';

function reader(values: Record<string, unknown>): SettingReader {
  return (key) => values[key];
}

describe('toServerSettings', () => {
  it('sends only the inlay-hint defaults for untouched settings', () => {
    assert.deepEqual(toServerSettings(reader({})), { inlayHints: { ...INLAY_HINT_DEFAULTS } });
  });

  it('leaves select out when unset (null) but keeps an explicit empty list', () => {
    assert.equal('select' in toServerSettings(reader({ select: null })), false);
    assert.deepEqual(toServerSettings(reader({ select: [] })).select, []);
  });

  it('trims, de-duplicates and drops non-strings in rule lists', () => {
    const settings = toServerSettings(
      reader({ select: [' CL2', 'CL2', 42, '', 'CL101'], ignore: ['B023', null, 'B023'] }),
    );
    assert.deepEqual(settings.select, ['CL2', 'CL101']);
    assert.deepEqual(settings.ignore, ['B023']);
  });

  it('omits an empty ignore list', () => {
    assert.equal('ignore' in toServerSettings(reader({ ignore: [] })), false);
  });

  it('keeps known severities, lower-cases them and maps "info"', () => {
    const settings = toServerSettings(
      reader({ severity: { CL105: 'off', CL2: 'Error', CL106: 'info', CL101: 'loud', CL102: 3 } }),
    );
    assert.deepEqual(settings.severity, { CL105: 'off', CL2: 'error', CL106: 'information' });
  });

  it('passes per-file ignores with non-empty lists only', () => {
    const settings = toServerSettings(
      reader({ perFileIgnores: { 'tests/**': ['CL201'], 'docs/*': [], '': ['CL101'], bad: 'CL1' } }),
    );
    assert.deepEqual(settings.perFileIgnores, { 'tests/**': ['CL201'] });
  });

  it('passes pythonVersion when set', () => {
    assert.equal(toServerSettings(reader({ pythonVersion: ' 3.12 ' })).pythonVersion, '3.12');
    assert.equal('pythonVersion' in toServerSettings(reader({ pythonVersion: '' })), false);
  });

  it('maps the inlay-hint booleans and clamps maxLength', () => {
    const settings = toServerSettings(
      reader({
        'inlayHints.captures': false,
        'inlayHints.decoratorApplication': true,
        'inlayHints.lateBound': 'yes',
        'inlayHints.maxLength': 2,
      }),
    );
    assert.deepEqual(settings.inlayHints, {
      captures: false,
      decoratorApplication: true,
      lateBound: INLAY_HINT_DEFAULTS.lateBound,
      maxLength: 8,
    });
    assert.equal(toServerSettings(reader({ 'inlayHints.maxLength': 1e6 })).inlayHints.maxLength, 400);
    assert.equal(toServerSettings(reader({ 'inlayHints.maxLength': 60.4 })).inlayHints.maxLength, 60);
    assert.equal(toServerSettings(reader({ 'inlayHints.maxLength': NaN })).inlayHints.maxLength, 40);
  });

  it('never leaks the client-only settings to the server', () => {
    const settings = toServerSettings(
      reader({ 'server.path': '/x', 'trace.server': 'verbose', select: ['CL1'] }),
    ) as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(settings).sort(), ['inlayHints', 'select']);
  });
});

describe('configurationItem', () => {
  const read = reader({ select: ['CL2'], 'inlayHints.captures': false });

  it('answers the closurelens section with the mapped settings', () => {
    assert.deepEqual(configurationItem('closurelens', read), toServerSettings(read));
  });

  it('answers sub-sections', () => {
    assert.deepEqual(configurationItem('closurelens.select', read), ['CL2']);
    assert.equal(configurationItem('closurelens.inlayHints.captures', read), false);
    assert.equal(configurationItem('closurelens.inlayHints.maxLength', read), 40);
    assert.equal(configurationItem('closurelens.nothing', read), null);
  });

  it('answers null for other sections', () => {
    assert.equal(configurationItem('python', read), null);
    assert.equal(configurationItem(undefined, read), null);
    assert.equal(configurationItem('closurelensx', read), null);
  });
});

describe('toLaunchSettings', () => {
  it('reads path, args and trace', () => {
    const launch = toLaunchSettings(
      reader({ 'server.path': ' /opt/cl ', 'server.args': ['--log-level', 'debug'], 'trace.server': 'verbose' }),
    );
    assert.deepEqual(launch, { serverPath: '/opt/cl', serverArgs: ['--log-level', 'debug'], trace: 'verbose' });
  });

  it('falls back for unset or odd values', () => {
    assert.deepEqual(toLaunchSettings(reader({ 'server.path': '', 'trace.server': 'loud' })), {
      serverPath: undefined,
      serverArgs: [],
      trace: 'off',
    });
  });

  it('compares launch settings by value', () => {
    const a = toLaunchSettings(reader({ 'server.args': ['-v'] }));
    assert.equal(sameLaunchSettings(a, toLaunchSettings(reader({ 'server.args': ['-v'] }))), true);
    assert.equal(sameLaunchSettings(a, toLaunchSettings(reader({ 'server.args': ['-q'] }))), false);
    assert.equal(sameLaunchSettings(a, toLaunchSettings(reader({ 'server.path': '/x', 'server.args': ['-v'] }))), false);
  });
});
