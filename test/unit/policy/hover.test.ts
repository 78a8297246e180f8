// Hover: field docs on keys, stage docs in omitStages, and the rule summary with its witness (or
// its shadowing rules) on a rule's level.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/policy/analyze';
import { hoverAt } from '../../../server/src/policy/hover';

/** Hover markdown at the `|` marker. */
function hover(marked: string): string | undefined {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return hoverAt(analyze(text), offset)?.markdown;
}

const HEAD = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';

describe('hover', () => {
  it('a key shows its field docs and example', () => {
    const md = hover(`${HEAD}rules:\n  - level: None\n    user|s: [a]\n`)!;
    assert.match(md, /\*\*`users`\*\* \(PolicyRule\)/);
    assert.match(md, /impersonated/);
  });
  it('a resources entry key', () =>
    assert.match(hover(`${HEAD}rules:\n  - level: None\n    resources:\n      - gro|up: apps\n`)!, /GroupResources/));
  it('a policy-level key', () =>
    assert.match(hover(`${HEAD}omitManagedF|ields: true\nrules:\n  - level: None\n`)!, /since Kubernetes 1\.23/));
  it('a stage in omitStages', () =>
    assert.match(hover(`${HEAD}omitStages: [ResponseStar|ted]\nrules:\n  - level: None\n`)!, /long-running/));
  it('a rule level: summary, level docs and witness', () => {
    const md = hover(
      `${HEAD}omitStages: [RequestReceived]\nrules:\n  - level: RequestRes|ponse\n    verbs: [create]\n    resources:\n      - group: ""\n        resources: [pods]\n    omitManagedFields: true\n`,
    )!;
    assert.match(
      md,
      /\*\*Rule 1\*\*: Resource requests with verb `create` on `pods` in group `core` are logged at \*\*RequestResponse\*\*, omitting RequestReceived; omitManagedFields true\./,
    );
    assert.match(md, /responseObject/);
    assert.match(md, /this rule decides `.*create .*pods/);
  });
  it('a shadowed rule says which rules take its requests', () => {
    assert.match(hover(`${HEAD}rules:\n  - level: Metadata\n  - lev|el: None\n    users: [a]\n`)!, /never decides a request: rule 1 match/);
  });
  it('nothing on object names', () =>
    assert.equal(
      hover(
        `${HEAD}rules:\n  - level: None\n    resources:\n      - group: ""\n        resources: [pods]\n        resourceNames: [we|b]\n`,
      ),
      undefined,
    ));
});
