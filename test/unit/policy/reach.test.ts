// Reachability: hand-made cases for every dimension, the documented policies, the move fix, and a
// property test against evaluate.ts (the oracle): every witness is decided by its rule, and no
// request drawn from the policy's vocabulary is ever decided by a rule declared dead.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../../server/src/policy/analyze';
import { withoutAdvice } from '../../support/advice';
import { applyEdits } from '../../support/marked';
import { evaluate } from '../../../server/src/policy/evaluate';
import { policyFromPlain } from '../../../server/src/policy/plain';
import type { PlainPolicy, PlainRule } from '../../../server/src/policy/plain';
import { analyzeReachability } from '../../../server/src/policy/reach';
import type { AuditRequest } from '../../../server/src/policy/request';

function verdicts(rules: PlainRule[], kubernetesVersion?: string) {
  const policy = policyFromPlain({ rules });
  const result = analyzeReachability(policy, { kubernetesVersion });
  for (const r of result.rules) {
    if (r.witness) assert.equal(evaluate(policy, r.witness, { kubernetesVersion }).rule, r.rule, `witness of rule ${r.rule + 1}`);
  }
  return result.rules.map((r) => (r.reachable ? 'live' : `dead by ${r.shadowedBy.map((i) => i + 1).join(',')}`));
}

const core = (...resources: string[]) => [{ group: '', resources }];

describe('reachability by dimension', () => {
  const cases: [string, PlainRule[], string[], string?][] = [
    [
      'a catch-all first shadows everything after it',
      [{ level: 'Metadata' }, { level: 'None', users: ['a'] }, { level: 'Request', resources: core('pods') }],
      ['live', 'dead by 1', 'dead by 1'],
    ],
    [
      'users: exact names',
      [
        { level: 'None', users: ['a'] },
        { level: 'Metadata', users: ['a'] },
        { level: 'Metadata', users: ['b'] },
      ],
      ['live', 'dead by 1', 'live'],
    ],
    [
      'userGroups: a request carries a set of groups',
      [
        { level: 'None', userGroups: ['x'] },
        { level: 'Metadata', userGroups: ['x', 'y'] },
      ],
      ['live', 'live'],
    ],
    [
      'userGroups covered by two rules together',
      [
        { level: 'None', userGroups: ['x'] },
        { level: 'None', userGroups: ['y'] },
        { level: 'Metadata', userGroups: ['x', 'y'] },
      ],
      ['live', 'live', 'dead by 1,2'],
    ],
    [
      'a rule with users never matches unauthenticated requests',
      [
        { level: 'None', users: ['a'] },
        { level: 'Metadata', verbs: ['get'] },
      ],
      ['live', 'live'],
    ],
    [
      'verbs: * is literal',
      [
        { level: 'None', verbs: ['*'] },
        { level: 'Metadata', verbs: ['get'] },
      ],
      ['live', 'live'],
    ],
    [
      'verbs covered by a union',
      [
        { level: 'None', verbs: ['get'] },
        { level: 'None', verbs: ['list'] },
        { level: 'Metadata', verbs: ['get', 'list'] },
      ],
      ['live', 'live', 'dead by 1,2'],
    ],
    [
      'pods/* also matches pods',
      [
        { level: 'None', resources: core('pods/*') },
        { level: 'Metadata', resources: core('pods', 'pods/log') },
      ],
      ['live', 'dead by 1'],
    ],
    [
      'pods does not match pods/log',
      [
        { level: 'None', resources: core('pods') },
        { level: 'Metadata', resources: core('pods/log') },
      ],
      ['live', 'live'],
    ],
    [
      '*/scale covers every resource scale',
      [
        { level: 'None', resources: [{ group: 'apps', resources: ['*/scale'] }] },
        { level: 'Metadata', resources: [{ group: 'apps', resources: ['deployments/scale'] }] },
      ],
      ['live', 'dead by 1'],
    ],
    [
      '* covers subresources',
      [
        { level: 'None', resources: core('*') },
        { level: 'Metadata', resources: core('pods/exec') },
      ],
      ['live', 'dead by 1'],
    ],
    [
      '*/* is literal',
      [
        { level: 'None', resources: core('*/*') },
        { level: 'Metadata', resources: core('pods/exec') },
      ],
      ['live', 'live'],
    ],
    [
      'a group entry without resources covers the group',
      [
        { level: 'None', resources: [{ group: 'apps' }] },
        { level: 'Metadata', resources: [{ group: 'apps', resources: ['deployments'] }] },
      ],
      ['live', 'dead by 1'],
    ],
    [
      'groups are exact',
      [
        { level: 'None', resources: [{ group: '' }] },
        { level: 'Metadata', resources: [{ group: 'apps', resources: ['deployments'] }] },
      ],
      ['live', 'live'],
    ],
    [
      'group * from 1.36',
      [
        { level: 'None', resources: [{ group: '*' }] },
        { level: 'Metadata', resources: [{ group: 'apps' }] },
      ],
      ['live', 'dead by 1'],
      '1.36',
    ],
    [
      'group * before 1.36 is a literal group',
      [
        { level: 'None', resources: [{ group: '*' }] },
        { level: 'Metadata', resources: [{ group: 'apps' }] },
      ],
      ['live', 'live'],
      '1.35',
    ],
    [
      'resourceNames never match name-less requests',
      [
        { level: 'None', resources: [{ group: '', resources: ['pods'], resourceNames: ['a'] }] },
        { level: 'Metadata', resources: core('pods') },
      ],
      ['live', 'live'],
    ],
    [
      'resourceNames covered by the same names',
      [
        { level: 'None', resources: [{ group: '', resources: ['pods'], resourceNames: ['a'] }] },
        { level: 'Metadata', resources: [{ group: '', resources: ['pods'], resourceNames: ['a'] }] },
      ],
      ['live', 'dead by 1'],
    ],
    [
      'namespaces: "" is its own value',
      [
        { level: 'None', namespaces: [''] },
        { level: 'Metadata', namespaces: ['kube-system'] },
        { level: 'Metadata', namespaces: [''] },
      ],
      ['live', 'live', 'dead by 1'],
    ],
    [
      'a rule with namespaces matches only resource requests',
      [
        { level: 'None', namespaces: ['a'] },
        { level: 'Metadata', nonResourceURLs: ['/healthz'] },
      ],
      ['live', 'live'],
    ],
    [
      'a rule without resources or URLs matches both kinds',
      [
        { level: 'None', verbs: ['get'] },
        { level: 'Metadata', verbs: ['get'], nonResourceURLs: ['/x'] },
        { level: 'Metadata', verbs: ['get'], resources: core('pods') },
      ],
      ['live', 'dead by 1', 'dead by 1'],
    ],
    [
      'URL prefixes',
      [
        { level: 'None', nonResourceURLs: ['/healthz*'] },
        { level: 'Metadata', nonResourceURLs: ['/healthz/etcd', '/healthzfoo'] },
        { level: 'Metadata', nonResourceURLs: ['/readyz/*'] },
        { level: 'Metadata', nonResourceURLs: ['/readyz'] },
      ],
      ['live', 'dead by 1', 'live', 'live'],
    ],
    [
      'URL * covers every path',
      [
        { level: 'None', nonResourceURLs: ['*'] },
        { level: 'Metadata', nonResourceURLs: ['/version'] },
      ],
      ['live', 'dead by 1'],
    ],
    [
      'an exact URL equal to a prefix',
      [
        { level: 'None', nonResourceURLs: ['/api'] },
        { level: 'Metadata', nonResourceURLs: ['/api*'] },
      ],
      ['live', 'live'],
    ],
  ];
  for (const [name, rules, expected, version] of cases) {
    it(name, () => assert.deepEqual(verdicts(rules, version), expected));
  }

  it('reports dead entries of live rules', () => {
    const policy = policyFromPlain({
      rules: [
        { level: 'None', verbs: ['get', 'list'] },
        { level: 'Request', verbs: ['get', 'watch', 'list'] },
      ],
    });
    const dead = analyzeReachability(policy).rules[1].deadEntries.map((d) => `${d.field}:${d.value} by ${d.shadowedBy}`);
    assert.deepEqual(dead, ['verbs:get by 0', 'verbs:list by 0']);
  });
});

describe('dead entries by field', () => {
  const cases: [string, PlainRule[], string[]][] = [
    [
      'users',
      [
        { level: 'None', users: ['a'] },
        { level: 'Metadata', users: ['a', 'b'] },
      ],
      ['users:a by 1'],
    ],
    [
      'userGroups',
      [
        { level: 'None', userGroups: ['g1'] },
        { level: 'Metadata', userGroups: ['g1', 'g2'] },
      ],
      ['userGroups:g1 by 1'],
    ],
    [
      'namespaces, "" included',
      [
        { level: 'None', namespaces: [''] },
        { level: 'Metadata', namespaces: ['', 'prod'] },
      ],
      ['namespaces: by 1'],
    ],
    [
      'nonResourceURLs',
      [
        { level: 'None', nonResourceURLs: ['/healthz*'] },
        { level: 'Metadata', nonResourceURLs: ['/healthz/etcd', '/version'] },
      ],
      ['nonResourceURLs:/healthz/etcd by 1'],
    ],
    [
      'resources inside an entry',
      [
        { level: 'None', resources: core('pods/*') },
        { level: 'Metadata', resources: core('pods/log', 'secrets') },
      ],
      ['resources:pods/log by 1'],
    ],
    [
      'a whole resources entry',
      [
        { level: 'None', resources: [{ group: 'apps' }] },
        { level: 'Metadata', resources: [{ group: 'apps', resources: ['deployments', 'statefulsets'] }, { group: '' }] },
      ],
      ['group:apps by 1'],
    ],
    [
      'resourceNames',
      [
        { level: 'None', resources: [{ group: '', resources: ['pods'], resourceNames: ['a'] }] },
        { level: 'Metadata', resources: [{ group: '', resources: ['pods'], resourceNames: ['a', 'b'] }] },
      ],
      ['resourceNames:a by 1'],
    ],
    [
      'covered by two rules together',
      [
        { level: 'None', verbs: ['get'], users: ['a'] },
        { level: 'None', verbs: ['get'], users: ['b'] },
        { level: 'Metadata', verbs: ['get', 'list'] },
      ],
      [],
    ],
    [
      'an entry covered by one broad rule is explained by it alone',
      [
        { level: 'None', verbs: ['get'], userGroups: ['g1'] },
        { level: 'None', verbs: ['get'] },
        { level: 'Metadata', verbs: ['get', 'list'], userGroups: ['g1', 'g2'] },
      ],
      ['verbs:get by 2'],
    ],
  ];
  for (const [name, rules, expected] of cases) {
    it(name, () => {
      const result = analyzeReachability(policyFromPlain({ rules }));
      const last = result.rules[rules.length - 1]!;
      assert.equal(last.reachable, true);
      assert.deepEqual(
        last.deadEntries.map((d) => `${d.field}:${d.value} by ${d.shadowedBy.map((i) => i + 1).join(',')}`),
        expected,
      );
    });
  }
});

describe('witnesses and limits', () => {
  it("builds plausible witnesses: the rule's own values, a real-looking path", () => {
    const policy = policyFromPlain({
      rules: [
        {
          level: 'None',
          users: ['alice'],
          verbs: ['get'],
          namespaces: ['prod'],
          resources: [{ group: 'apps', resources: ['deployments/scale'] }],
        },
      ],
    });
    const witness = analyzeReachability(policy).rules[0]!.witness!;
    assert.deepEqual(
      [witness.user, witness.verb, witness.apiGroup, witness.resource, witness.subresource, witness.namespace, witness.path],
      ['alice', 'get', 'apps', 'deployments', 'scale', 'prod', '/apis/apps/v1/namespaces/prod/deployments/web/scale'],
    );
  });

  it('gives a request without user to a rule that only such requests reach', () => {
    const policy = policyFromPlain({
      rules: [
        { level: 'None', userGroups: ['g'] },
        { level: 'None', users: ['a'] },
        { level: 'Metadata', verbs: ['get'] },
      ],
    });
    const result = analyzeReachability(policy);
    assert.equal(evaluate(policy, result.rules[2]!.witness!).rule, 2);
  });

  it('returns unknown verdicts, marked incomplete, when cancelled', () => {
    const policy = policyFromPlain({ rules: [{ level: 'None', users: ['a'] }, { level: 'Metadata' }] });
    const result = analyzeReachability(policy, { cancel: { isCancellationRequested: true } });
    assert.equal(result.complete, false);
    assert.deepEqual(
      result.rules.map((r) => r.reachable),
      [null, null],
    );
  });
});

describe('reachability findings', () => {
  const text = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n  - level: None\n    users: [a]\n';
  it('fades a shadowed rule and names its coverer', () => {
    const finding = analyze(text).findings.find((f) => f.code === 'shadowed-rule')!;
    assert.match(finding.message, /shadowed by rule 1 \(line 4\)/);
    assert.deepEqual(finding.tags, ['unnecessary']);
    assert.equal(finding.related![0].span.start, text.indexOf('level: Metadata'));
  });

  it('moves a dead rule above its coverer when that keeps every passed rule reachable', () => {
    const finding = analyze(text).findings.find((f) => f.code === 'shadowed-rule')!;
    const fix = finding.fixes![0];
    assert.equal(fix.title, 'Move rule 2 above rule 1');
    const out = applyEdits(text, fix.edits);
    assert.equal(out, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    users: [a]\n  - level: Metadata\n');
    assert.equal(withoutAdvice(analyze(out).findings).length, 0);
  });

  it('offers no move when the move would kill a rule it passes', () => {
    const t =
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    verbs: [get]\n  - level: Metadata\n    verbs: [get]\n';
    const finding = analyze(t).findings.find((f) => f.code === 'shadowed-rule')!;
    assert.equal(finding.fixes, undefined);
  });
});

describe('documented policies', () => {
  for (const name of ['kubernetes-docs-example', 'huawei-cloud-style', 'yandex-managed-style', 'gke-style']) {
    it(`${name}: every rule is live and its witness is decided by it`, () => {
      const text = readFileSync(resolve(__dirname, `../../../../examples/${name}.yaml`), 'utf8');
      const { policy, reach } = analyze(text).policies[0];
      for (const r of reach.rules) {
        assert.equal(r.reachable, true, `rule ${r.rule + 1}`);
        assert.equal(evaluate(policy, r.witness!).rule, r.rule);
      }
    });
  }
});

// ---- property test -------------------------------------------------------------------------

const USERS = ['a', 'b'];
const GROUPS = ['g1', 'g2'];
const VERBS = ['get', 'list', '*'];
const NAMESPACES = ['', 'ns'];
const API_GROUPS = ['', 'apps', '*'];
const RESOURCES = ['pods', 'pods/log', 'pods/*', '*', '*/log', '*/*', 'deployments'];
const NAMES = ['x', ''];
const URLS = ['/healthz', '/healthz*', '/api*', '*', '/api'];

const sub = <T>(values: T[]) => fc.subarray(values, { maxLength: 2 });
const ruleArb: fc.Arbitrary<PlainRule> = fc.oneof(
  fc.record({ level: fc.constant('None'), users: sub(USERS), userGroups: sub(GROUPS), verbs: sub(VERBS) }),
  fc.record({
    level: fc.constant('Metadata'),
    users: sub(USERS),
    userGroups: sub(GROUPS),
    verbs: sub(VERBS),
    namespaces: sub(NAMESPACES),
    resources: fc.array(fc.record({ group: fc.constantFrom(...API_GROUPS), resources: sub(RESOURCES), resourceNames: sub(NAMES) }), {
      maxLength: 2,
    }),
  }),
  fc.record({
    level: fc.constant('Request'),
    userGroups: sub(GROUPS),
    verbs: sub(VERBS),
    nonResourceURLs: fc.subarray(URLS, { minLength: 1, maxLength: 2 }),
  }),
);

const requestArb: fc.Arbitrary<AuditRequest> = fc
  .record({
    user: fc.constantFrom<string | undefined>(...USERS, 'other', undefined),
    groups: fc.subarray([...GROUPS, 'g3']),
    verb: fc.constantFrom(...VERBS, 'watch'),
    isResourceRequest: fc.boolean(),
    apiGroup: fc.constantFrom('', 'apps', '*', 'other'),
    apiVersion: fc.constant('v1'),
    resource: fc.constantFrom('pods', 'deployments', '*', 'other'),
    subresource: fc.constantFrom('', 'log', '*', 'other'),
    namespace: fc.constantFrom(...NAMESPACES, 'other'),
    name: fc.constantFrom(...NAMES, 'other'),
    path: fc.constantFrom('/healthz', '/healthzfoo', '/api', '/apis', '/other'),
  })
  .map((r) => (r.user === undefined ? { ...r, groups: [] } : r));

describe('property: reachability agrees with evaluation', () => {
  it('witnesses are decided by their rule; no request is decided by a dead rule', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 6 }),
        fc.array(requestArb, { minLength: 30, maxLength: 30 }),
        fc.constantFrom('1.35', '1.36'),
        (rules, requests, version) => {
          const plain: PlainPolicy = { rules };
          const policy = policyFromPlain(plain);
          const reach = analyzeReachability(policy, { kubernetesVersion: version });
          for (const r of reach.rules) {
            if (r.reachable) assert.equal(evaluate(policy, r.witness!, { kubernetesVersion: version }).rule, r.rule);
          }
          for (const request of requests) {
            const decided = evaluate(policy, request, { kubernetesVersion: version }).rule;
            if (decided !== null) {
              assert.notEqual(
                reach.rules[decided].reachable,
                false,
                `rule ${decided + 1} declared dead decides ${JSON.stringify(request)}`,
              );
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
