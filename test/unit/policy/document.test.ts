// The model: recognising policies, exact spans for every node kind (checked by slicing the host
// text), embedded policies mapped back into their host, and malformed input as findings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/policy/analyze';
import { withoutAdvice } from '../../support/advice';
import { parsePolicyFile } from '../../../server/src/policy/document';
import type { Span } from '../../../server/src/policy/types';

const HEAD = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';
const slice = (text: string, span: Span) => text.slice(span.start, span.end);
const first = (text: string) => analyze(text).policies[0];
const codes = (text: string) => withoutAdvice(analyze(text).findings).map((f) => f.code);

describe('recognising policies', () => {
  const cases: [string, string, number][] = [
    ['a plain policy', `${HEAD}rules:\n- level: None\n`, 1],
    ['no kind but an audit apiVersion', 'apiVersion: audit.k8s.io/v1\nrules:\n- level: None\n', 1],
    ['a Deployment', 'apiVersion: apps/v1\nkind: Deployment\n', 0],
    ['an audit Event', 'apiVersion: audit.k8s.io/v1\nkind: Event\nlevel: Metadata\n', 0],
    ['an empty file', '', 0],
    ['comments only', '# nothing\n', 0],
    ['two policies in one file', `${HEAD}rules:\n- level: None\n---\n${HEAD}rules:\n- level: Metadata\n`, 2],
    ['JSON', '{"apiVersion":"audit.k8s.io/v1","kind":"Policy","rules":[{"level":"None"}]}', 1],
  ];
  for (const [name, text, count] of cases) it(name, () => assert.equal(parsePolicyFile(text).policies.length, count));

  it('notes that kube-apiserver reads only the first document', () => {
    const text = `apiVersion: v1\nkind: Namespace\n---\n${HEAD}rules:\n- level: None\n`;
    assert.deepEqual(codes(text), ['not-first-document']);
  });
});

describe('exact spans', () => {
  const text = `${HEAD}rules:\n  - level: 'Metadata'\n    users: ["alice", bob]\n    verbs:\n      - get\n    resources:\n      - group: apps\n        resources: [deployments]\n    namespaces: [""]\n`;
  const { policy } = first(text);
  const rule = policy.rules[0];
  it('keys and values', () => {
    assert.equal(slice(text, rule.keys.level.keySpan), 'level');
    assert.equal(slice(text, rule.keys.level.valueSpan), "'Metadata'");
    assert.equal(rule.level, 'Metadata');
  });
  it('flow sequence items, quoted and plain', () =>
    assert.deepEqual(
      rule.users.map((u) => slice(text, u.span)),
      ['"alice"', 'bob'],
    ));
  it('block sequence items', () =>
    assert.deepEqual(
      rule.verbs.map((v) => slice(text, v.span)),
      ['get'],
    ));
  it('nested mappings', () => {
    assert.equal(slice(text, rule.resources[0].groupSpan), 'apps');
    assert.equal(slice(text, rule.resources[0].resources[0].span), 'deployments');
  });
  it('the empty string', () => assert.equal(slice(text, rule.namespaces[0].span), '""'));
  it('the rule item', () => assert.ok(slice(text, rule.span).startsWith("level: 'Metadata'")));

  it('aliases and merge keys: a scalar alias points at the alias, an aliased list at its items', () => {
    const t = `${HEAD}rules:\n  - &base\n    level: None\n    users: &u [a]\n  - <<: *base\n    level: Metadata\n    userGroups: *u\n    verbs: [&v get, *v]\n`;
    const [, second] = first(t).policy.rules;
    assert.equal(second.level, 'Metadata');
    assert.deepEqual(
      second.users.map((u) => u.value),
      ['a'],
    );
    assert.equal(second.userGroups[0].span.start, t.indexOf('[a]') + 1);
    assert.deepEqual(
      second.verbs.map((v) => slice(t, v.span)),
      ['get', '*v'],
    );
  });

  it('CRLF line ends, a BOM and non-ASCII keep exact offsets', () => {
    const t = `\uFEFF${HEAD}rules:\r\n  - level: None\r\n    users: ["zoë"]\r\n`;
    const rule0 = first(t).policy.rules[0];
    assert.equal(slice(t, rule0.users[0].span), '"zoë"');
    assert.equal(rule0.level, 'None');
  });
});

describe('embedded policies map back into the host file', () => {
  const inner = `apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    omitStages: [Bogus]\n`;
  const indent = (s: string, n: number) =>
    s
      .split('\n')
      .map((l) => (l ? ' '.repeat(n) + l : l))
      .join('\n');

  for (const header of ['|', '|-', '|2']) {
    it(`ConfigMap data.policy as a ${header} block scalar`, () => {
      const host = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: audit\ndata:\n  policy: ${header}\n${indent(inner, 4)}`;
      const analysis = analyze(host);
      assert.equal(analysis.policies[0].document.host, 'configmap');
      const finding = analysis.findings.find((f) => f.code === 'invalid-stage')!;
      assert.equal(slice(host, finding.span), 'Bogus');
      assert.equal(slice(host, analysis.policies[0].policy.rules[0].keys.level.valueSpan), 'Metadata');
    });
  }

  it('ConfigMap data with a *.yaml key', () => {
    const host = `apiVersion: v1\nkind: ConfigMap\ndata:\n  audit-policy.yaml: |\n${indent(inner, 4)}`;
    assert.equal(slice(host, withoutAdvice(analyze(host).findings)[0]!.span), 'Bogus');
  });

  it('RKE cluster.yml', () => {
    const host = `nodes: []\nservices:\n  kube-api:\n    audit_log:\n      enabled: true\n      configuration:\n        policy:\n${indent(inner, 10)}`;
    const analysis = analyze(host);
    assert.equal(analysis.policies[0].document.host, 'rke');
    assert.equal(slice(host, withoutAdvice(analysis.findings)[0]!.span), 'Bogus');
  });
});

describe('malformed input becomes findings', () => {
  it('YAML syntax errors', () => assert.ok(codes(`${HEAD}rules:\n  - level: None\n    users: [a\n`).includes('yaml-syntax')));
  it('tabs in indentation, with a fix', () => {
    const t = `${HEAD}rules:\n\t- level: None\n`;
    const f = analyze(t).findings.find((x) => x.code === 'yaml-tab-indentation')!;
    assert.equal(slice(t, f.span), '\t');
    assert.equal(f.fixes![0].edits[0].newText, '  ');
  });
  it('unknown anchors', () => assert.ok(codes(`${HEAD}rules:\n  - level: None\n    users: *nope\n`).includes('yaml-syntax')));
  it('a list alias bomb is not expanded: nested lists are type errors', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    }
    const t = `${HEAD}${lines.join('\n')}\nrules:\n  - level: None\n    users: *a8\n`;
    assert.ok(codes(t).includes('invalid-type'));
  });
  it('a merge-key bomb ends with yaml-alias-limit instead of hanging', () => {
    const lines = ['m0: &m0 {level: None}'];
    for (let i = 1; i < 12; i++) {
      lines.push(
        `m${i}: &m${i} {<<: [${Array(10)
          .fill(`*m${i - 1}`)
          .join(', ')}]}`,
      );
    }
    const t = `${HEAD}${lines.join('\n')}\nrules:\n  - <<: *m11\n`;
    assert.ok(codes(t).includes('yaml-alias-limit'));
  });
  it('a policy too broken to parse still gets its syntax errors', () => {
    const t = `apiVersion: audit.k8s.io/v1\nkind: Policy\n: : :\n  - [\n`;
    assert.ok(analyze(t).policies.length === 1 && codes(t).every((c) => c.startsWith('yaml')));
  });
});
