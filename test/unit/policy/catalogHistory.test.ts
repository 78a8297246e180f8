import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WELL_KNOWN_GROUPS,
  WELL_KNOWN_NAMESPACES,
  WELL_KNOWN_NON_RESOURCE_URLS,
  WELL_KNOWN_USERS,
  didYouMean,
  editDistance,
  explainAbsence,
  findWellKnown,
  getCatalog,
  groupHistory,
  groupVersionHistory,
  resourceHistory,
} from '../../../server/src/policy/catalog';

test('resourceHistory reports first and last catalogue and the neighbours of the change', () => {
  assert.deepEqual(resourceHistory('policy', 'podsecuritypolicies'), {
    presentIn: ['1.18', '1.22'],
    firstSeen: '1.18',
    lastSeen: '1.22',
    goneBy: '1.25',
  });
  const deployments = resourceHistory('apps', 'deployments');
  assert.equal(deployments.firstSeen, '1.18');
  assert.equal(deployments.lastSeen, '1.37');
  assert.equal(deployments.goneBy, undefined);
  const resize = resourceHistory('', 'pods/resize');
  assert.equal(resize.absentBefore, '1.32');
  assert.deepEqual(resourceHistory('apps', 'nope').presentIn, []);
  assert.deepEqual(groupHistory('extensions').presentIn, ['1.18']);
  assert.equal(groupVersionHistory('batch', 'v1beta1').lastSeen, '1.22');
});

test('explainAbsence says removed or not yet present', () => {
  assert.equal(
    explainAbsence(getCatalog('1.25'), 'policy', 'podsecuritypolicies'),
    'policy/podsecuritypolicies was removed: last seen in the 1.22 API catalogue, absent from 1.25.',
  );
  assert.match(
    explainAbsence(getCatalog('1.27'), '', 'pods/resize') ?? '',
    /^pods\/resize is not yet present in 1\.27: first seen in the 1\.36 API catalogue\.$/,
  );
  assert.equal(explainAbsence(getCatalog('1.37'), 'apps', 'deployments'), undefined);
  assert.equal(explainAbsence(getCatalog('1.37'), 'apps', 'nope'), undefined);
});

test('editDistance counts insertions, deletions, substitutions and transpositions', () => {
  const table: [string, string, number][] = [
    ['', '', 0],
    ['pods', 'pods', 0],
    ['pod', 'pods', 1],
    ['deploymnets', 'deployments', 1],
    ['secrets', 'secret', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ];
  for (const [a, b, distance] of table) {
    assert.equal(editDistance(a, b), distance, `${a} -> ${b}`);
    assert.equal(editDistance(b, a), distance, `${b} -> ${a}`);
  }
});

test('didYouMean suggests close names, closest first, never the name itself', () => {
  const resources = ['deployments', 'daemonsets', 'replicasets', 'statefulsets', 'pods', 'podtemplates'];
  assert.deepEqual(didYouMean('deployment', resources), ['deployments']);
  assert.deepEqual(didYouMean('Deployments', resources), ['deployments']);
  assert.deepEqual(didYouMean('pod', resources), ['pods']);
  assert.deepEqual(didYouMean('configmaps', resources), []);
  assert.deepEqual(didYouMean('pods', resources), []);
  assert.deepEqual(didYouMean('app', ['apps', 'apis', 'api'], 2), ['api', 'apps']);
});

test('well-known names have docs and templates match concrete names', () => {
  for (const table of [WELL_KNOWN_USERS, WELL_KNOWN_GROUPS, WELL_KNOWN_NAMESPACES, WELL_KNOWN_NON_RESOURCE_URLS]) {
    for (const entry of table) {
      assert.ok(entry.doc.length > 10, entry.name);
    }
  }
  assert.equal(findWellKnown(WELL_KNOWN_USERS, 'system:node:worker-1')?.name, 'system:node:<nodeName>');
  assert.equal(findWellKnown(WELL_KNOWN_USERS, 'system:serviceaccount:team-a:builder')?.name, 'system:serviceaccount:<namespace>:<name>');
  assert.equal(
    findWellKnown(WELL_KNOWN_USERS, 'system:serviceaccount:kube-system:generic-garbage-collector')?.name,
    'system:serviceaccount:kube-system:<controller>',
  );
  assert.equal(findWellKnown(WELL_KNOWN_USERS, 'kubelet')?.legacy, true);
  assert.equal(findWellKnown(WELL_KNOWN_GROUPS, 'system:serviceaccounts')?.name, 'system:serviceaccounts');
  assert.equal(findWellKnown(WELL_KNOWN_GROUPS, 'system:serviceaccounts:prod')?.name, 'system:serviceaccounts:<namespace>');
  assert.equal(findWellKnown(WELL_KNOWN_NON_RESOURCE_URLS, '/openapi/v3')?.name, '/openapi/v3');
  assert.equal(findWellKnown(WELL_KNOWN_USERS, 'alice'), undefined);
  assert.equal(findWellKnown(WELL_KNOWN_USERS, 'system:node:'), undefined);
});
