// Hovers on values: groups and resources from the catalogue with their matching rules, verbs,
// well-known users and groups, namespaces (`""`) and non-resource URL prefixes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/policy/analyze';
import { hoverAt } from '../../../server/src/policy/hover';

const TEXT = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: RequestResponse
    users: ["system:kube-proxy", "system:node:worker-1", "*"]
    userGroups: ["system:nodes"]
    verbs: ["watch", "GET", "head"]
    namespaces: ["", "kube-system"]
    resources:
      - group: apps
        resources: ["deployments", "pods/*", "*/scale", "deployments/scale", "deployments/*"]
      - group: ""
        resources: ["pods", "deployments"]
  - level: Metadata
    nonResourceURLs: ["/healthz*", "/version"]
`;

const analysis = analyze(TEXT);
function hover(needle: string, delta = 1, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = TEXT.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  const found = hoverAt(analysis, at + delta);
  assert.ok(found, `no hover at ${needle}`);
  return found.markdown;
}

describe('value hovers', () => {
  it('a group lists its resources in the chosen version; "" is the core group', () => {
    assert.match(hover('group: apps', 8), /`apps`\*\* API group[\s\S]*`deployments`/);
    assert.match(hover('group: ""', 8), /the core group[\s\S]*`pods`/);
  });

  it('a resource gives kind, scope, versions, subresources and what it matches', () => {
    const deployments = hover('"deployments"');
    assert.match(deployments, /kind Deployment, group `apps`, versions v1, namespaced/);
    assert.match(deployments, /\*\*not\*\* its subresources \(`deployments\/scale`, `deployments\/status`\)/);
    assert.match(hover('"deployments/*"'), /itself \*\*and\*\* every subresource: `scale`, `status`/);
    assert.match(hover('"*/scale"'), /`deployments\/scale`, `replicasets\/scale`, `statefulsets\/scale`/);
    assert.match(hover('"deployments/scale"'), /autoscaling\/v1 Scale/);
    assert.match(hover('"pods/*"'), /not in group `apps`: it is served by `""`/);
    assert.match(hover('"deployments"', 1, 1), /not in the core group `""`: it is served by `apps`/);
  });

  it('verbs: exact and lower-case; head is not get', () => {
    assert.match(hover('"watch"'), /long-running/);
    assert.match(hover('"GET"'), /exact and lower-case\. Write `get`/);
    assert.match(hover('"head"'), /non-resource URLs only[\s\S]*misses it/);
  });

  it('users and groups: well-known docs, and * is literal', () => {
    assert.match(hover('system:kube-proxy'), /kube-proxy/);
    assert.match(hover('system:node:worker-1'), /kubelet of node/);
    assert.match(hover('"*"'), /not\*\* a wildcard/);
    assert.match(hover('"system:nodes"'), /member of this group/);
  });

  it('namespaces: "" explains cluster-scoped and all-namespace requests', () => {
    assert.match(hover('namespaces: [""', 13), /no namespace[\s\S]*all\*\* namespaces/);
  });

  it('non-resource URLs: a trailing * is a prefix match', () => {
    assert.match(hover('/healthz*'), /a prefix match: every non-resource path starting with `\/healthz`/);
    assert.doesNotMatch(hover('/version'), /a prefix match:/);
    assert.match(hover('/version'), /exactly this path/);
  });
});
