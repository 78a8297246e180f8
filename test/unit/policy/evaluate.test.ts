import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  evaluate,
  firstMatchingRule,
  groupResourcesMatch,
  pathMatches,
  resourceMatches,
  ruleMatches,
  whyNot,
} from '../../../server/src/policy/evaluate';
import { analyze } from '../../../server/src/policy/analyze';
import { policyFromPlain } from '../../../server/src/policy/plain';
import type { PlainRule } from '../../../server/src/policy/plain';
import { parseRequest } from '../../../server/src/policy/request';
import type { AuditRequest } from '../../../server/src/policy/request';
import { loadEvalCases } from '../../support/eval-fixtures';
import { arbitraryRequest, arbitraryRule } from '../../support/eval-arbitraries';

function req(text: string): AuditRequest {
  const parsed = parseRequest(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
  return parsed.request;
}

void describe('evaluate: fixture tables (test/fixtures/eval)', () => {
  const cases = loadEvalCases();
  void it('has at least 300 cases', () => assert.ok(cases.length >= 300, `only ${cases.length} cases`));
  for (const c of cases) {
    void it(c.title, () => {
      const options = c.kubernetesVersion === undefined ? {} : { kubernetesVersion: c.kubernetesVersion };
      const decision = evaluate(c.policy, c.request, options);
      const { trace, ...expected } = c.expect;
      assert.deepEqual(
        { rule: decision.rule, level: decision.level, omitStages: decision.omitStages, omitManagedFields: decision.omitManagedFields },
        expected,
      );
      if (trace !== undefined) {
        assert.deepEqual(
          decision.trace.map((s) => s.field),
          trace,
        );
      }
      // The trace and the fast path must agree with the decision.
      assert.equal(firstMatchingRule(c.policy, c.request, options), decision.rule);
      assert.equal(decision.trace.length, decision.rule ?? c.policy.rules.length);
    });
  }
});

void describe('evaluate: predicates (checker.go)', () => {
  void it('pathMatches: star, exact, trailing-star prefix', () => {
    const table: [string, string, boolean][] = [
      ['*', '/anything', true],
      ['/version', '/version', true],
      ['/version', '/version/', false],
      ['/healthz*', '/healthz', true],
      ['/healthz*', '/healthzfoo', true],
      ['/healthz*', '/healthz/etcd', true],
      ['/readyz/*', '/readyz', false],
      ['/readyz/*', '/readyz/ping', true],
      ['/api*', '/apis/apps/v1', true],
      ['/*', '/', true],
      ['/foo**', '/foo', true],
      ['/a/*/b', '/a/x/b', false],
    ];
    for (const [pattern, path, want] of table) assert.equal(pathMatches(pattern, path), want, `${pattern} vs ${path}`);
  });

  void it('resourceMatches: exact, *, */sub, res/* (which matches the bare resource), */* literal', () => {
    const table: [string, string, string, boolean][] = [
      ['pods', 'pods', '', true],
      ['pods', 'pods', 'log', false],
      ['pods/log', 'pods', 'log', true],
      ['pods/log', 'pods', '', false],
      ['*', 'pods', 'log', true],
      ['*/log', 'pods', 'log', true],
      ['*/log', 'pods', '', false],
      ['*/', 'pods', '', false],
      ['pods/*', 'pods', '', true],
      ['pods/*', 'pods', 'exec', true],
      ['pods/*', 'podtemplates', '', false],
      ['*/*', 'pods', 'log', false],
      ['*/*', '*', '*', true],
      ['Pods', 'pods', '', false],
    ];
    for (const [pattern, resource, sub, want] of table) {
      assert.equal(resourceMatches(pattern, resource, sub), want, `${pattern} vs ${resource}/${sub}`);
    }
  });

  void it('groupResourcesMatch: group "*" is literal before 1.36 and a wildcard from 1.36', () => {
    const entry = policyFromPlain({ rules: [{ level: 'Metadata', resources: [{ group: '*', resources: ['pods'] }] }] }).rules[0]!
      .resources[0]!;
    const request = req('get pods/web -n default');
    assert.equal(groupResourcesMatch(entry, request, { kubernetesVersion: '1.35' }), false);
    assert.equal(groupResourcesMatch(entry, request, { kubernetesVersion: '1.36' }), true);
    assert.equal(groupResourcesMatch(entry, request), true);
  });

  void it('whyNot agrees with ruleMatches on generated rules and requests', () => {
    fc.assert(
      fc.property(arbitraryRule(), arbitraryRequest(), fc.constantFrom('1.35', '1.36'), (plain: PlainRule, request, version) => {
        const rule = policyFromPlain({ rules: [plain] }).rules[0]!;
        const options = { kubernetesVersion: version };
        assert.equal(whyNot(rule, request, options) === null, ruleMatches(rule, request, options));
      }),
      { numRuns: 3000 },
    );
  });
});

void describe('evaluate: trace', () => {
  const text = [
    'apiVersion: audit.k8s.io/v1',
    'kind: Policy',
    'omitStages: [RequestReceived]',
    'rules:',
    '  - level: None',
    '    users: ["system:kube-proxy"]',
    '  - level: None',
    '    verbs: ["*"]',
    '  - level: Request',
    '    resources:',
    '      - group: ""',
    '        resources: ["pods"]',
    '  - level: None',
    '    nonResourceURLs: ["/healthz*"]',
    '  - level: Metadata',
    '    omitStages: [Panic, RequestReceived]',
    '',
  ].join('\n');
  const policy = analyze(text).policies[0]!.policy;

  void it('explains each earlier rule with its first failing condition and where it is written', () => {
    const decision = evaluate(policy, req('alice@system:authenticated get /api/v1/namespaces/default/pods/web/log'));
    assert.equal(decision.rule, 4);
    assert.deepEqual(decision.omitStages, ['Panic', 'RequestReceived']);
    assert.deepEqual(
      decision.trace.map((s) => [s.rule, s.field, s.reason, text.slice(s.span.start, s.span.end).trimEnd()]),
      [
        [0, 'users', 'user "alice" is not in users [system:kube-proxy]', 'users: ["system:kube-proxy"]'],
        [1, 'verbs', 'verb "get" is not in verbs [*] ("*" is a literal string in verbs, not a wildcard)', 'verbs: ["*"]'],
        [
          2,
          'resources',
          'resource "pods/log" is not in resources [pods] of entry 0 ("pods" does not cover its subresources; add "pods/log" or "pods/*")',
          'group: ""\n        resources: ["pods"]',
        ],
        [
          3,
          'requestKind',
          'the rule has nonResourceURLs, so it matches only non-resource requests, but this is a request for resource "pods/log"',
          'nonResourceURLs: ["/healthz*"]',
        ],
      ],
    );
  });

  void it('names the missing user and the non-resource kind', () => {
    const decision = evaluate(policy, req('get /healthz/etcd'));
    assert.equal(decision.rule, 3); // /healthz* matches
    assert.deepEqual(
      decision.trace.map((s) => s.reason),
      [
        'the request has no user (authentication failed), so users [system:kube-proxy] cannot match',
        'verb "get" is not in verbs [*] ("*" is a literal string in verbs, not a wildcard)',
        'the rule has resources, so it matches only resource requests, but "/healthz/etcd" is a non-resource request',
      ],
    );
  });

  void it('explains resourceNames, namespaces and groups', () => {
    const p = policyFromPlain({
      rules: [
        { level: 'None', namespaces: ['kube-system'] },
        { level: 'None', resources: [{ group: 'coordination.k8s.io', resources: ['leases'], resourceNames: ['kube-scheduler'] }] },
        { level: 'None', resources: [{ group: 'apps' }, { group: '*', resources: ['secrets'] }] },
      ],
    });
    const d = evaluate(p, req('create leases.coordination.k8s.io'), { kubernetesVersion: '1.35' });
    assert.deepEqual(
      d.trace.map((s) => s.reason),
      [
        'the request has no namespace (""), which is not in namespaces [kube-system]',
        'resource "leases" is listed in resources entry 0, but the request has no name',
        'resource "leases" is in API group "coordination.k8s.io", and no resources entry is for that group (groups [apps, *]) (group "*" is a wildcard only from Kubernetes 1.36)',
      ],
    );
    assert.equal(d.rule, null);
    assert.equal(
      evaluate(p, req('get leases.coordination.k8s.io/other -n kube-node-lease')).trace[1]!.reason,
      'resource "leases" is listed in resources entry 0, but name "other" is not in resourceNames [kube-scheduler]',
    );
  });

  void it('returns the policy-level stages, sorted and deduplicated, when nothing matches', () => {
    const p = policyFromPlain({
      omitStages: ['ResponseStarted', 'Panic', 'Panic'],
      omitManagedFields: true,
      rules: [{ level: 'Metadata', verbs: ['create'] }],
    });
    const d = evaluate(p, req('get pods'));
    assert.deepEqual(d, { rule: null, level: 'None', omitStages: ['Panic', 'ResponseStarted'], omitManagedFields: true, trace: d.trace });
    assert.equal(d.trace.length, 1);
  });
});
