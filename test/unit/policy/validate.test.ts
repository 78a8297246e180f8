// kube-apiserver parity: every error ValidatePolicy and the loader raise, with kube's field paths
// (mirrors staging/src/k8s.io/apiserver/pkg/apis/audit/validation/validation_test.go and
// pkg/audit/policy/reader_test.go), the header quirks, YAML 1.1 scalars, and lenient decoding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze } from '../../../server/src/policy/analyze';
import { withoutAdvice } from '../../support/advice';

const HEAD = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';

/** `code path` of every finding (path omitted when absent), in order. */
function check(text: string, expected: string[], kubernetesVersion?: string): void {
  const found = withoutAdvice(analyze(text, { kubernetesVersion }).findings).map((f) => (f.path ? `${f.code} ${f.path}` : f.code));
  assert.deepEqual(found, expected);
}

describe('ValidatePolicy parity (validation_test.go)', () => {
  const cases: [string, string, string[], string?][] = [
    ['policy omitStages must be stages', 'omitStages: [RequestResponse]\nrules:\n- level: None\n', ['invalid-stage omitStages[0]']],
    ['"" is not a stage', 'omitStages: [""]\nrules:\n- level: None\n', ['invalid-stage omitStages[0]']],
    ['level is required', 'rules:\n- users: [a]\n', ['missing-level rules[0].level']],
    ['level null is required', 'rules:\n- level: null\n', ['missing-level rules[0].level']],
    ['level is case-sensitive', 'rules:\n- level: metadata\n', ['invalid-level rules[0].level']],
    ['a stage is not a level', 'rules:\n- level: RequestReceived\n', ['invalid-level rules[0].level']],
    ['a level with a trailing space', 'rules:\n- level: "None "\n', ['invalid-level rules[0].level']],
    [
      'URLs start with /',
      'rules:\n- level: None\n  nonResourceURLs: [healthz]\n',
      ['invalid-non-resource-url rules[0].nonResourceURLs[0]'],
    ],
    ['"" is not a URL', 'rules:\n- level: None\n  nonResourceURLs: [""]\n', ['invalid-non-resource-url rules[0].nonResourceURLs[0]']],
    [
      'a star only at the end',
      'rules:\n- level: None\n  nonResourceURLs: ["/a/*/b", "/foo**"]\n',
      ['invalid-non-resource-url rules[0].nonResourceURLs[0]', 'invalid-non-resource-url rules[0].nonResourceURLs[1]'],
    ],
    [
      'two errors on one URL',
      'rules:\n- level: None\n  nonResourceURLs: ["*/healthz"]\n',
      ['invalid-non-resource-url rules[0].nonResourceURLs[0]', 'invalid-non-resource-url rules[0].nonResourceURLs[0]'],
    ],
    ['* alone is a URL', 'rules:\n- level: None\n  nonResourceURLs: ["*", "/*"]\n', []],
    [
      'group paths carry no index',
      'rules:\n- level: None\n  resources:\n  - group: apps\n  - group: apps/v1\n  - group: Apps\n',
      ['invalid-group rules[0].resources.group', 'invalid-group rules[0].resources.group'],
    ],
    ['group * before 1.36', 'rules:\n- level: None\n  resources:\n  - group: "*"\n', ['invalid-group rules[0].resources.group'], '1.35'],
    ['group * from 1.36', 'rules:\n- level: None\n  resources:\n  - group: "*"\n', [], '1.36'],
    ['group core and v1 are valid names', 'rules:\n- level: None\n  resources:\n  - group: core\n  - group: v1\n', []],
    [
      'resourceNames need resources',
      'rules:\n- level: None\n  resources:\n  - group: ""\n    resourceNames: [a]\n',
      ['resource-names-without-resources rules[0].resources.resourceNames'],
    ],
    ['rule omitStages', 'rules:\n- level: None\n  omitStages: [Panic, Nope]\n', ['invalid-stage rules[0].omitStages[1]']],
    [
      'URLs with resources',
      'rules:\n- level: None\n  nonResourceURLs: [/a]\n  resources:\n  - group: ""\n',
      ['non-resource-urls-with-resources rules[0].nonResourceURLs'],
    ],
    [
      'URLs with namespaces [""]',
      'rules:\n- level: None\n  nonResourceURLs: [/a]\n  namespaces: [""]\n',
      ['non-resource-urls-with-resources rules[0].nonResourceURLs'],
    ],
    ['URLs with empty lists are fine', 'rules:\n- level: None\n  nonResourceURLs: [/a]\n  namespaces: []\n  resources: []\n', []],
    [
      'nothing else is validated',
      'rules:\n- level: None\n  users: ["*"]\n  verbs: [Get, frobnicate]\n  omitStages: [Panic, Panic]\n  resources:\n  - group: ""\n    resources: [Pods, "*/*", ""]\n    resourceNames: [""]\n',
      [],
    ],
    ['zero rules', 'rules: []\n', ['no-rules rules']],
  ];
  for (const [name, body, expected, version] of cases) it(name, () => check(HEAD + body, expected, version));
});

describe('loading parity (reader.go)', () => {
  const cases: [string, string, string[], string?][] = [
    ['missing kind loads', 'apiVersion: audit.k8s.io/v1\nrules:\n- level: None\n', ['missing-kind kind']],
    ['missing apiVersion is fatal', 'kind: Policy\nrules:\n- level: None\n', ['missing-api-version apiVersion']],
    [
      'v1beta1 is refused from 1.24',
      'apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n- level: None\n',
      ['removed-api-version apiVersion'],
    ],
    [
      'v1beta1 is deprecated in 1.21-1.23',
      'apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n- level: None\n',
      ['deprecated-api-version apiVersion'],
      '1.22',
    ],
    ['an unknown version', 'apiVersion: audit.k8s.io/v2\nkind: Policy\nrules:\n- level: None\n', ['unsupported-api-version apiVersion']],
    ['kind is case-sensitive', 'apiVersion: audit.k8s.io/v1\nkind: policy\nrules:\n- level: None\n', ['invalid-kind kind']],
    [
      'ApiVersion and Kind are sniffed, then dropped as unknown',
      'ApiVersion: audit.k8s.io/v1\nKind: Policy\nrules:\n- level: None\n',
      ['unknown-field ApiVersion', 'unknown-field Kind'],
    ],
    [
      'a capitalised Level is dropped, then level is required',
      `${HEAD}rules:\n- Level: None\n`,
      ['missing-level rules[0].level', 'unknown-field rules[0].Level'],
    ],
    ['a capitalised Rules is dropped: no rules', `${HEAD}Rules:\n- level: None\n`, ['no-rules rules', 'unknown-field Rules']],
    [
      'YAML 1.1 booleans are not strings',
      `${HEAD}rules:\n- level: None\n  users: [on]\n  namespaces: [off]\n`,
      ['invalid-type rules[0].users[0]', 'invalid-type rules[0].namespaces[0]'],
    ],
    ['yes is a boolean for omitManagedFields', `${HEAD}omitManagedFields: yes\nrules:\n- level: None\n`, []],
    ['a string where a list is expected', `${HEAD}rules:\n- level: None\n  users: alice\n`, ['invalid-type rules[0].users']],
    ['a number where a string is expected', `${HEAD}rules:\n- level: 1\n`, ['invalid-type rules[0].level', 'missing-level rules[0].level']],
    [
      'a string where a boolean is expected',
      `${HEAD}omitManagedFields: "true"\nrules:\n- level: None\n`,
      ['invalid-type omitManagedFields'],
    ],
    ['duplicate keys: the last wins', `${HEAD}rules:\n- level: None\n  level: Metadata\n`, ['duplicate-key rules[0].level']],
    [
      'omitManagedFields before 1.23',
      `${HEAD}omitManagedFields: true\nrules:\n- level: None\n`,
      ['field-not-in-version omitManagedFields'],
      '1.22',
    ],
  ];
  for (const [name, text, expected, version] of cases) it(name, () => check(text, expected, version));

  it('keeps the last of duplicated keys', () => {
    const { policy } = analyze(`${HEAD}rules:\n- level: None\n  level: Metadata\n`).policies[0];
    assert.equal(policy.rules[0].level, 'Metadata');
  });

  it('explains what a dropped key makes the rule match', () => {
    const text = `${HEAD}rules:\n- level: None\n  resources:\n  - group: ""\n    resources: [pods]\n    verbs: [get]\n- level: None\n  resource: [x]\n  usergroups: [g]\n`;
    const messages = withoutAdvice(analyze(text).findings).map((f) => `${f.code}: ${f.message}`);
    assert.match(messages[0], /^misplaced-field: .*this rule now matches every verb/);
    assert.match(messages[1], /^unknown-field: .*did you mean `resources`.*every resource/);
    assert.match(messages[2], /^unknown-field: .*did you mean `userGroups`.*every group/);
  });

  it('errors are only what kube-apiserver refuses: the examples load clean', () => {
    const dir = resolve(__dirname, '../../../../examples');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const errors = analyze(readFileSync(resolve(dir, file), 'utf8')).findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors, [], file);
    }
  });
});
