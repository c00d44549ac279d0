import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { diagnosticCode, normalizeRuleCode, RULES, ruleDocUrl } from '../src/rules';
import { REPO_ROOT } from './support/paths';

describe('rules', () => {
  it('lists exactly the rules documented in docs/rules', () => {
    const dir = path.join(REPO_ROOT, 'docs', 'rules');
    const documented = fs
      .readdirSync(dir)
      .filter((name) => /^CL\d{3}\.md$/.test(name))
      .map((name) => name.slice(0, -3))
      .sort();
    assert.deepEqual(RULES.map((rule) => rule.code), documented);
    for (const rule of RULES) {
      const heading = fs.readFileSync(path.join(dir, `${rule.code}.md`), 'utf8').split('\n')[0];
      assert.equal(heading, `# ${rule.code} ${rule.name}`, `${rule.code}.md names the rule`);
    }
  });

  it('normalises codes and names', () => {
    assert.equal(normalizeRuleCode(' cl201 '), 'CL201');
    assert.equal(normalizeRuleCode('missing-wraps'), 'CL201');
    assert.equal(normalizeRuleCode('CL299'), undefined);
    assert.equal(normalizeRuleCode(''), undefined);
  });

  it('builds the page address the server uses', () => {
    assert.equal(
      ruleDocUrl('CL201'),
      'https://github.com/closurelens/closurelens/blob/main/docs/rules/CL201.md',
    );
  });

  it('reads diagnostic codes in both shapes', () => {
    assert.equal(diagnosticCode('CL101'), 'CL101');
    assert.equal(diagnosticCode({ value: 'CL209', target: {} }), 'CL209');
    assert.equal(diagnosticCode(201), undefined);
    assert.equal(diagnosticCode({ value: 'E501' }), undefined);
    assert.equal(diagnosticCode(undefined), undefined);
  });
});
