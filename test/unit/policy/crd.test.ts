import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findGroup, findResource, getCatalog, groupsServing, kindOf, verbsOf } from '../../../server/src/policy/catalog';
import { parseCustomResourceDefinitions, withCustomResources } from '../../../server/src/policy/crd';

const CRONTAB = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames: [ct]
  versions:
    - name: v1beta1
      served: true
      storage: false
    - name: v1
      served: true
      storage: true
      subresources:
        status: {}
        scale:
          specReplicasPath: .spec.replicas
          statusReplicasPath: .status.replicas
    - name: v1alpha1
      served: false
      storage: false
`;

const CLUSTER_WIDGET = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.io
spec:
  group: example.io
  scope: Cluster
  names: {plural: widgets, kind: Widget}
  versions: [{name: v2, served: true, storage: true}]
`;

test('a v1 CRD becomes group, plural, kind, scope, served versions by priority and subresources', () => {
  const { definitions, errors } = parseCustomResourceDefinitions(CRONTAB);
  assert.deepEqual(errors, []);
  assert.equal(definitions.length, 1);
  const { span, ...definition } = definitions[0]!;
  assert.deepEqual(definition, {
    name: 'crontabs.stable.example.com',
    group: 'stable.example.com',
    plural: 'crontabs',
    singular: 'crontab',
    kind: 'CronTab',
    shortNames: ['ct'],
    namespaced: true,
    versions: ['v1', 'v1beta1'],
    subresources: ['scale', 'status'],
  });
  assert.deepEqual(span, { start: 0, end: CRONTAB.length });
});

test('multi-document files: other kinds are ignored, List items are read, cluster scope is kept', () => {
  const list = `apiVersion: v1\nkind: List\nitems:\n${CLUSTER_WIDGET.replace(/^/gm, '  ').replace(/^  apiVersion/, '- apiVersion')}`;
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n${CRONTAB}---\n${list}`;
  const { definitions, errors } = parseCustomResourceDefinitions(text);
  assert.deepEqual(errors, []);
  assert.deepEqual(
    definitions.map((d) => [d.group, d.plural, d.namespaced]),
    [
      ['stable.example.com', 'crontabs', true],
      ['example.io', 'widgets', false],
    ],
  );
  assert.equal(text.slice(definitions[1]!.span.start, definitions[1]!.span.start + 11), 'apiVersion:');
});

test('the older v1beta1 layout (spec.version, top-level subresources) is read too', () => {
  const text = `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
spec:
  group: old.example.com
  version: v1beta1
  scope: Namespaced
  names: {plural: gizmos, kind: Gizmo}
  subresources: {status: {}}
`;
  const [definition] = parseCustomResourceDefinitions(text).definitions;
  assert.deepEqual(definition?.versions, ['v1beta1']);
  assert.deepEqual(definition?.subresources, ['status']);
});

test('malformed input never throws and reports what is wrong with a place', () => {
  const table: [string, RegExp, number][] = [
    ['kind: CustomResourceDefinition\nspec: {names: {plural: a}}\n', /spec\.group, spec\.names\.kind/, 0],
    ['kind: CustomResourceDefinition\nspec: 3\n', /without spec/, 0],
    [
      'kind: CustomResourceDefinition\nspec: {group: g, names: {plural: a, kind: A}, scope: Global, versions: [{name: v1}]}\n',
      /spec\.scope/,
      1,
    ],
    [
      'kind: CustomResourceDefinition\nspec: {group: g, names: {plural: a, kind: A}, scope: Cluster, versions: [{name: v1, served: false}]}\n',
      /no served version/,
      1,
    ],
    ['kind: CustomResourceDefinition\nspec: {group: [unclosed\n', /./, 0],
    ['a: &a [*a, *a]\nkind: CustomResourceDefinition\n', /./, 0],
    ['\t- : : :\n---\n- [\n', /./, 0],
  ];
  for (const [text, message, count] of table) {
    const result = parseCustomResourceDefinitions(text);
    assert.ok(
      result.errors.some((e) => message.test(e.message)),
      `${JSON.stringify(text)}: ${JSON.stringify(result.errors)}`,
    );
    assert.equal(result.definitions.length, count, text);
    for (const error of result.errors) {
      assert.ok(error.span.start >= 0 && error.span.end <= text.length && error.span.start <= error.span.end, text);
    }
  }
  assert.deepEqual(parseCustomResourceDefinitions(''), { definitions: [], errors: [] });
});

test('withCustomResources adds new groups and resources and leaves the original catalogue alone', () => {
  const base = getCatalog('1.30');
  const crds = parseCustomResourceDefinitions(`${CRONTAB}---\n${CLUSTER_WIDGET}`).definitions;
  const merged = withCustomResources(base, crds);
  assert.equal(merged.version, '1.30');
  const crontabs = findResource(merged, 'stable.example.com', 'crontabs');
  assert.equal(crontabs?.custom, true);
  assert.equal(crontabs?.namespaced, true);
  assert.deepEqual(findGroup(merged, 'stable.example.com')?.versions, ['v1', 'v1beta1']);
  assert.equal(kindOf(merged, 'stable.example.com', 'crontabs/scale'), 'autoscaling/v1 Scale');
  assert.deepEqual(verbsOf(merged, 'stable.example.com', 'crontabs/status'), ['get', 'patch', 'update']);
  assert.ok(verbsOf(merged, 'stable.example.com', 'crontabs')?.includes('watch'));
  assert.equal(findResource(merged, 'example.io', 'widgets')?.namespaced, false);
  assert.deepEqual(groupsServing(merged, 'deployments'), ['apps']);
  assert.equal(findGroup(base, 'stable.example.com'), undefined);
  assert.deepEqual(
    merged.groups.map((g) => g.name),
    [...merged.groups.map((g) => g.name)].sort(),
  );
});

test('a CRD never replaces a built-in resource, but adds to a built-in group', () => {
  const base = getCatalog();
  const clash = `kind: CustomResourceDefinition
spec: {group: apps, scope: Cluster, names: {plural: deployments, kind: Fake}, versions: [{name: v9, served: true}]}
---
kind: CustomResourceDefinition
spec: {group: apps, scope: Namespaced, names: {plural: rollouts, kind: Rollout}, versions: [{name: v1, served: true}]}
`;
  const merged = withCustomResources(base, parseCustomResourceDefinitions(clash).definitions);
  assert.equal(findResource(merged, 'apps', 'deployments')?.kind, 'Deployment');
  assert.equal(findResource(merged, 'apps', 'rollouts')?.kind, 'Rollout');
  assert.equal(findGroup(merged, 'apps')?.preferredVersion, 'v1');
});
