// Catalogue diagnostics: each code fires on a failing example, stays quiet on a passing one, and
// its fix, applied, leaves a policy without the finding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/policy/analyze';
import type { Finding } from '../../../server/src/policy/types';
import { applyEdits } from '../../support/marked';

const H = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n';
const CODES = ['resource-wrong-group', 'unknown-resource', 'unknown-group', 'resource-not-in-version', 'legacy-extensions-group'];

function findings(text: string, kubernetesVersion?: string): Finding[] {
  return analyze(text, { kubernetesVersion }).findings.filter((f) => CODES.includes(f.code));
}

function only(text: string, code: string, kubernetesVersion?: string): Finding {
  const found = findings(text, kubernetesVersion);
  assert.equal(found.length, 1, JSON.stringify(found.map((f) => [f.code, f.message])));
  assert.equal(found[0]!.code, code);
  return found[0]!;
}

function fixed(text: string, finding: Finding, title: RegExp): string {
  const fix = finding.fixes?.find((f) => title.test(f.title));
  assert.ok(fix, `no fix ${title} in ${JSON.stringify(finding.fixes?.map((f) => f.title))}`);
  const after = applyEdits(text, fix.edits);
  assert.deepEqual(findings(after), [], after);
  assert.deepEqual(
    analyze(after).findings.filter((f) => f.severity === 'error'),
    [],
  );
  return after;
}

const rule = (entries: string) => `${H}  - level: Metadata\n    resources:\n${entries}`;

describe('resource-wrong-group', () => {
  it('deployments under "" gets one warning with a one-click fix to apps', () => {
    const text = rule('      - group: ""\n        resources: ["deployments"]\n');
    const finding = only(text, 'resource-wrong-group');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /not in the core group "": it is served by group apps/);
    assert.equal(text.slice(finding.span.start, finding.span.end), '"deployments"');
    assert.equal(finding.fixes![0]!.preferred, true);
    const after = fixed(text, finding, /Change the group to apps/);
    assert.match(after, /group: "apps"/);
  });

  it('moves it out of a flow list into a new entry when the entry has other resources', () => {
    const text = rule('      - group: ""\n        resources: ["pods", "deployments"]\n');
    const finding = only(text, 'resource-wrong-group');
    assert.ok(!finding.fixes!.some((f) => /Change the group/.test(f.title)), 'pods would be lost');
    const after = fixed(text, finding, /Move deployments to a new entry/);
    assert.equal(after, rule('      - group: ""\n        resources: ["pods"]\n      - group: apps\n        resources: [deployments]\n'));
  });

  it('moves it from a block list into the existing entry of the right group', () => {
    const text = rule(
      '      - group: ""\n        resources:\n          - pods\n          - deployments\n      - group: apps\n        resources:\n          - statefulsets\n',
    );
    const after = fixed(text, only(text, 'resource-wrong-group'), /Move deployments to the entry of group apps/);
    assert.equal(
      after,
      rule(
        '      - group: ""\n        resources:\n          - pods\n      - group: apps\n        resources:\n          - statefulsets\n          - deployments\n',
      ),
    );
  });

  it('tokenreviews under "" points at authentication.k8s.io; the right group passes', () => {
    const finding = only(rule('      - group: ""\n        resources: ["tokenreviews"]\n'), 'resource-wrong-group');
    assert.match(finding.message, /authentication\.k8s\.io/);
    assert.deepEqual(findings(rule('      - group: authentication.k8s.io\n        resources: ["tokenreviews"]\n')), []);
    assert.deepEqual(
      findings(rule('      - group: apps\n        resources: ["deployments", "deployments/scale", "*/scale", "*", "statefulsets/*"]\n')),
      [],
    );
  });
});

describe('unknown-resource', () => {
  it('suggests the closest name and a short name, and fixes it keeping the quotes', () => {
    const text = rule('      - group: ""\n        resources: ["pods/exe"]\n');
    const finding = only(text, 'unknown-resource');
    assert.match(finding.message, /Did you mean `pods\/exec`/);
    assert.match(fixed(text, finding, /Change to pods\/exec/), /\["pods\/exec"\]/);
    const alias = only(rule('      - group: ""\n        resources: [po]\n'), 'unknown-resource');
    assert.match(alias.message, /`pods`/);
  });

  it('*/sub that no resource of the group has', () => {
    const finding = only(rule('      - group: apps\n        resources: ["*/scal"]\n'), 'unknown-resource');
    assert.match(finding.message, /Did you mean `\*\/scale`/);
  });

  it('knows custom resources from CRDs only when they are given', () => {
    assert.deepEqual(findings(rule('      - group: cert-manager.io\n        resources: ["certificates"]\n')), []);
  });
});

describe('unknown-group', () => {
  it('a misspelt group gets a suggestion and a fix; custom and aggregated groups pass', () => {
    const text = rule('      - group: app\n        resources: ["deployments"]\n');
    const finding = only(text, 'unknown-group');
    assert.match(fixed(text, finding, /Change the group to apps/), /group: apps/);
    assert.deepEqual(findings(rule('      - group: metrics.k8s.io\n')), []);
    assert.deepEqual(findings(rule('      - group: example.com\n')), []);
  });
});

describe('resource-not-in-version', () => {
  it('a removed resource says when it was last seen', () => {
    const finding = only(rule('      - group: policy\n        resources: ["podsecuritypolicies"]\n'), 'resource-not-in-version', '1.30');
    assert.match(finding.message, /removed: last seen in the 1\.22 API catalogue, absent from 1\.25/);
    assert.deepEqual(findings(rule('      - group: policy\n        resources: ["podsecuritypolicies"]\n'), '1.20'), []);
  });

  it('a resource that is not there yet in an older version', () => {
    const finding = only(rule('      - group: ""\n        resources: ["pods/resize"]\n'), 'resource-not-in-version', '1.28');
    assert.match(finding.message, /not yet present in 1\.28/);
  });

  it('a removed whole group among others is only info', () => {
    const finding = only(rule('      - group: settings.k8s.io\n'), 'resource-not-in-version');
    assert.equal(finding.severity, 'info');
  });
});

describe('legacy-extensions-group', () => {
  it('extensions deployments warns and fixes to apps; a bare group entry is info', () => {
    const text = rule('      - group: extensions\n        resources: ["deployments", "replicasets"]\n');
    const finding = only(text, 'legacy-extensions-group');
    assert.equal(finding.severity, 'warning');
    assert.match(fixed(text, finding, /Change the group to apps/), /group: apps/);
    assert.equal(only(rule('      - group: "extensions"\n'), 'legacy-extensions-group').severity, 'info');
    assert.equal(only(text, 'legacy-extensions-group', '1.18').severity, 'info', 'still served in 1.18');
  });
});

describe('catalogue checks on the examples', () => {
  it('group-only entries for removed groups never warn', () => {
    const text = rule('      - group: ""\n      - group: extensions\n      - group: settings.k8s.io\n');
    assert.ok(findings(text).every((f) => f.severity === 'info'));
  });
});
