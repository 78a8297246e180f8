// The consequence lints: for every code a failing and a passing example, and the fix applied
// (the finding is gone and the policy still loads). Plus the seed mistakes of issue #6.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../server/src/policy/analyze';
import { firstDecider } from '../../../server/src/policy/reachProbe';
import { fixAll } from '../../../server/src/policy/fixAll';
import type { Finding } from '../../../server/src/policy/types';
import { applyEdits } from '../../support/marked';

const H = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: ["RequestReceived"]\nomitManagedFields: true\nrules:\n';
const CATCH_ALL = '  - level: Metadata\n';

function codes(text: string, code: string, kubernetesVersion?: string): Finding[] {
  return analyze(text, { kubernetesVersion }).findings.filter((f) => f.code === code);
}

function one(text: string, code: string): Finding {
  const found = codes(text, code);
  assert.equal(found.length, 1, `${code}: ${JSON.stringify(analyze(text).findings.map((f) => [f.code, f.message]))}`);
  return found[0]!;
}

/** Applies the fix and checks the finding is gone and nothing fatal appeared. */
function fix(text: string, finding: Finding, title: RegExp): string {
  const chosen = finding.fixes?.find((f) => title.test(f.title));
  assert.ok(chosen, `no fix ${title}: ${JSON.stringify(finding.fixes?.map((f) => f.title))}`);
  const after = applyEdits(text, chosen.edits);
  const result = analyze(after);
  assert.deepEqual(
    result.findings.filter((f) => f.code === finding.code || f.severity === 'error').map((f) => [f.code, f.message]),
    [],
    after,
  );
  return after;
}

describe('seed mistakes get one clear message with a working fix', () => {
  it('a Request-level catch-all before any secrets rule logs Secret values', () => {
    const text = `${H}  - level: None\n    users: ["system:kube-proxy"]\n  - level: Request\n  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets"]\n`;
    const finding = one(text, 'sensitive-data-logged');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /Secret values[\s\S]*create[\s\S]*secrets/);
    assert.equal(text.slice(finding.span.start, finding.span.end), 'Request');
    const after = fix(text, finding, /Insert a Metadata rule/);
    assert.match(after, /users: \["system:kube-proxy"\]\n {2}- level: Metadata\n {4}resources:\n {6}- group: ""/);
  });

  it('omitStages: [RequestResponse] is fatal, with a fix', () => {
    const text = `apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestResponse]\nrules:\n${CATCH_ALL}`;
    const finding = one(text, 'invalid-stage');
    assert.equal(finding.severity, 'error');
    assert.match(fix(text, finding, /Remove RequestResponse from omitStages/), /omitStages: \[\]/);
  });

  it('verbs indented under resources: moved back to the rule', () => {
    const text = `${H}  - level: RequestResponse\n    resources:\n      - group: ""\n        resources: ["pods"]\n        verbs: ["delete"]\n${CATCH_ALL}`;
    const finding = one(text, 'misplaced-field');
    assert.match(finding.message, /every verb/);
    const after = fix(text, finding, /Move `verbs` to the rule/);
    assert.equal(
      after,
      `${H}  - level: RequestResponse\n    verbs: ["delete"]\n    resources:\n      - group: ""\n        resources: ["pods"]\n${CATCH_ALL}`,
    );
  });

  it('a block list under a mis-indented key moves with it', () => {
    const text = `${H}  - level: None\n    resources:\n      - group: ""\n        resources: ["events"]\n        namespaces:\n          - kube-system\n          - default\n${CATCH_ALL}`;
    const after = fix(text, one(text, 'misplaced-field'), /Move `namespaces`/);
    assert.match(after, /- level: None\n {4}namespaces:\n {6}- kube-system\n {6}- default\n {4}resources:/);
  });
});

describe('sensitive-data-logged', () => {
  it('reasons with order and groups, not names', () => {
    const safe = `${H}  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets", "configmaps", "serviceaccounts/token"]\n      - group: authentication.k8s.io\n        resources: ["tokenreviews"]\n  - level: RequestResponse\n`;
    assert.deepEqual(codes(safe, 'sensitive-data-logged'), []);
    // The same rule under the wrong group protects nothing.
    const wrongGroup = safe.replace('- group: ""', '- group: apps');
    assert.ok(codes(wrongGroup, 'sensitive-data-logged').length > 0);
    // Behind the catch-all it protects nothing either.
    const behind = `${H}  - level: Request\n  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets"]\n`;
    assert.match(one(behind, 'sensitive-data-logged').message, /Secret values/);
  });

  it('reads of secrets leak only at RequestResponse; tokens only in token responses', () => {
    assert.deepEqual(codes(`${H}  - level: Request\n    verbs: ["get", "list"]\n${CATCH_ALL}`, 'sensitive-data-logged'), []);
    assert.equal(codes(`${H}  - level: RequestResponse\n    verbs: ["get"]\n${CATCH_ALL}`, 'sensitive-data-logged').length, 1);
  });
});

describe('cis-audit-coverage', () => {
  it('names what is not logged and inserts the missing rules where they take effect', () => {
    const text = `${H}  - level: None\n    resources:\n      - group: ""\n        resources: ["pods/exec", "secrets"]\n  - level: Metadata\n    resources:\n      - group: apps\n      - group: ""\n      - group: rbac.authorization.k8s.io\n      - group: authentication.k8s.io\n`;
    const finding = one(text, 'cis-audit-coverage');
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /access to Secrets[\s\S]*exec, attach/);
    const after = fix(text, finding, /Insert the missing CIS 3\.2\.2 rules/);
    const exec = firstDecider(analyze(after).policies[0]!.policy, {
      probe: { verbs: ['create'], target: { group: '', resource: 'pods/exec' } },
      eligible: (r) => r.level === 'None',
      includeUnmatched: true,
    });
    assert.equal(exec, null, 'after the fix every exec is logged');
  });

  it('a metadata catch-all covers everything', () => {
    assert.deepEqual(codes(`${H}${CATCH_ALL}`, 'cis-audit-coverage'), []);
  });
});

describe('volume', () => {
  it('request-received-logged: fixed at the policy level', () => {
    const text = `apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n${CATCH_ALL}`;
    const after = fix(text, one(text, 'request-received-logged'), /Omit RequestReceived/);
    assert.match(after, /omitStages:\n {2}- RequestReceived\nrules:/);
    assert.deepEqual(codes(`${H}${CATCH_ALL}`, 'request-received-logged'), []);
  });

  it('managed-fields-logged: only where bodies are logged, and from 1.23', () => {
    const text = `apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: ["RequestReceived"]\nrules:\n  - level: Request\n`;
    fix(text, one(text, 'managed-fields-logged'), /omitManagedFields: true/);
    assert.deepEqual(codes(text, 'managed-fields-logged', '1.22'), []);
    assert.deepEqual(codes(`${H}  - level: Request\n`, 'managed-fields-logged'), []);
  });

  it('collection-bodies-logged: list at RequestResponse', () => {
    assert.equal(one(`${H}  - level: RequestResponse\n`, 'collection-bodies-logged').severity, 'info');
    assert.deepEqual(
      codes(`${H}  - level: RequestResponse\n    verbs: ["create", "update", "patch"]\n${CATCH_ALL}`, 'collection-bodies-logged'),
      [],
    );
  });

  it('noisy-requests-logged: kube-proxy watches, with a None rule inserted before', () => {
    const text = `${H}${CATCH_ALL}`;
    const proxy = codes(text, 'noisy-requests-logged').find((f) => /kube-proxy/.test(f.message))!;
    assert.ok(proxy);
    const after = applyEdits(text, proxy.fixes![0]!.edits);
    assert.ok(!codes(after, 'noisy-requests-logged').some((f) => /kube-proxy/.test(f.message)));
  });
});

describe('mistakes that load', () => {
  it('level-without-body on non-resource URLs', () => {
    const text = `${H}  - level: RequestResponse\n    nonResourceURLs: ["/metrics"]\n${CATCH_ALL}`;
    assert.match(fix(text, one(text, 'level-without-body'), /Metadata/), /level: Metadata\n {4}nonResourceURLs/);
  });

  it('names-on-nameless-verbs', () => {
    const text = `${H}  - level: None\n    verbs: ["create"]\n    resources:\n      - group: ""\n        resources: ["configmaps"]\n        resourceNames: ["lock"]\n${CATCH_ALL}`;
    assert.equal(one(text, 'names-on-nameless-verbs').severity, 'warning');
    assert.equal(one(text.replace('["create"]', '["watch"]'), 'names-on-nameless-verbs').severity, 'info');
    assert.deepEqual(codes(text.replace('["create"]', '["get", "update"]'), 'names-on-nameless-verbs'), []);
  });

  it('namespaces-on-cluster-scoped: nodes in kube-system match nothing; adding "" fixes it', () => {
    const text = `${H}  - level: None\n    namespaces: ["kube-system"]\n    resources:\n      - group: ""\n        resources: ["nodes"]\n${CATCH_ALL}`;
    assert.match(fix(text, one(text, 'namespaces-on-cluster-scoped'), /Add ""/), /namespaces: \["kube-system", ""\]/);
    assert.deepEqual(codes(text.replace('"nodes"', '"pods"'), 'namespaces-on-cluster-scoped'), []);
  });

  it('verb-not-supported: watch on pods/exec', () => {
    const text = `${H}  - level: None\n    verbs: ["watch"]\n    resources:\n      - group: ""\n        resources: ["pods/exec"]\n${CATCH_ALL}`;
    assert.equal(one(text, 'verb-not-supported').severity, 'warning');
    assert.equal(one(text.replace('["watch"]', '["watch", "create"]'), 'verb-not-supported').severity, 'hint');
    assert.deepEqual(codes(text.replace('["watch"]', '["create", "get"]'), 'verb-not-supported'), []);
  });

  it('no-catch-all: names an unlogged request and appends one', () => {
    const text = `${H}  - level: Metadata\n    resources:\n      - group: ""\n`;
    const finding = one(text, 'no-catch-all');
    assert.match(finding.message, /not logged at all, for example/);
    assert.match(fix(text, finding, /Append a catch-all/), /- group: ""\n {2}- level: Metadata\n$/);
  });
});

describe('the bundled good policies', () => {
  it('gke-style and yandex-managed-style get no warnings', () => {
    const dir = join(__dirname, '../../../../examples');
    for (const name of readdirSync(dir).filter((f) => /gke|yandex/.test(f))) {
      const findings = analyze(readFileSync(join(dir, name), 'utf8')).findings.filter(
        (f) => f.severity === 'warning' || f.severity === 'error',
      );
      assert.deepEqual(
        findings.map((f) => [f.code, f.message]),
        [],
        name,
      );
    }
  });
});

describe('fix all', () => {
  it('applies every preferred fix that does not collide, and the result is clean of them', () => {
    const text = `apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestResponse]\nrules:\n  - level: Request\n    resources:\n      - group: ""\n        resources: ["deployments", "pods"]\n        verbs: ["create"]\n      - group: ""\n        resources: ["daemonsets"]\n  - level: Metadata\n`;
    // Fixes that touch each other wait for the next run (the next save), as in the editor.
    let fixedText = text;
    const runs: number[] = [];
    for (let run = 0; run < 4; run++) {
      const all = fixAll(analyze(fixedText).findings);
      if (all.fixed === 0) break;
      runs.push(all.fixed);
      fixedText = applyEdits(fixedText, all.edits);
    }
    assert.ok(runs[0]! >= 3 && runs.length <= 3, JSON.stringify(runs));
    const after = analyze(fixedText).findings;
    for (const code of ['invalid-stage', 'misplaced-field', 'request-received-logged', 'managed-fields-logged']) {
      assert.ok(!after.some((f) => f.code === code), `${code} left: ${fixedText}`);
    }
    assert.match(fixedText, /- group: "apps"\n {8}resources: \["daemonsets"\]/, 'the preferred change-group fix');
    assert.ok(
      after.some((f) => f.code === 'resource-wrong-group'),
      'moving deployments out of a shared list is not automatic',
    );
    assert.deepEqual(
      after.filter((f) => f.severity === 'error'),
      [],
    );
  });
});
