import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CATALOG_VERSIONS,
  DEFAULT_CATALOG_VERSION,
  allCatalogs,
  chooseCatalog,
  combinedNames,
  findByAlias,
  findGroup,
  findResource,
  findSubresource,
  getCatalog,
  groupsServing,
  isNamespaced,
  kindOf,
  resolveResource,
  verbsOf,
} from '../../../server/src/policy/catalog';

const latest = getCatalog();

test('every generated catalogue loads with core first, sorted groups and resources, kinds everywhere', () => {
  assert.deepEqual(CATALOG_VERSIONS, ['1.18', '1.22', '1.25', '1.27', '1.28', '1.30', '1.32', '1.36', '1.37']);
  for (const catalog of allCatalogs()) {
    const names = catalog.groups.map((g) => g.name);
    assert.equal(names[0], '', `${catalog.version}: core group first`);
    assert.deepEqual(names.slice(1), [...names.slice(1)].sort(), `${catalog.version}: groups sorted`);
    for (const group of catalog.groups) {
      assert.ok(group.versions.length > 0, `${catalog.version} ${group.name}: has versions`);
      const resources = group.resources.map((r) => r.name);
      assert.deepEqual(resources, [...resources].sort(), `${catalog.version} ${group.name}: resources sorted`);
      for (const resource of group.resources) {
        assert.ok(resource.kind, `${catalog.version} ${group.name}/${resource.name}: kind`);
        for (const version of resource.versions ?? []) {
          assert.ok(group.versions.includes(version), `${group.name}/${resource.name} ${version} is a group version`);
        }
      }
    }
  }
});

test('deployments live in apps, namespaced, kind Deployment, with scale and status; not in core', () => {
  const deployments = findResource(latest, 'apps', 'deployments');
  assert.ok(deployments);
  assert.equal(deployments.kind, 'Deployment');
  assert.equal(deployments.namespaced, true);
  assert.deepEqual(deployments.shortNames, ['deploy']);
  assert.deepEqual(
    deployments.subresources?.map((s) => s.name),
    ['scale', 'status'],
  );
  assert.equal(findResource(latest, '', 'deployments'), undefined);
  assert.deepEqual(groupsServing(latest, 'deployments'), ['apps']);
  assert.equal(kindOf(latest, 'apps', 'deployments/scale'), 'autoscaling/v1 Scale');
});

test('well-known resources and subresources are where Kubernetes serves them', () => {
  assert.deepEqual(groupsServing(latest, 'tokenreviews'), ['authentication.k8s.io']);
  assert.equal(isNamespaced(latest, 'authentication.k8s.io', 'tokenreviews'), false);
  assert.deepEqual(verbsOf(latest, '', 'pods/exec'), ['create', 'get']);
  assert.equal(kindOf(latest, '', 'pods/eviction'), 'policy/v1 Eviction');
  assert.equal(kindOf(latest, '', 'serviceaccounts/token'), 'authentication.k8s.io/v1 TokenRequest');
  assert.ok(findSubresource(latest, '', 'pods', 'log'));
  assert.equal(findSubresource(latest, '', 'pods', 'nope'), undefined);
  assert.equal(resolveResource(latest, '', 'pods/nope'), undefined);
  assert.equal(isNamespaced(latest, '', 'nodes'), false);
  assert.ok(groupsServing(latest, 'events').includes(''));
  assert.ok(groupsServing(latest, 'events').includes('events.k8s.io'));
  assert.ok(combinedNames(latest, '').includes('pods/portforward'));
  assert.deepEqual(
    findByAlias(latest, 'deploy').map((hit) => `${hit.group}/${hit.resource.name}`),
    ['apps/deployments'],
  );
});

test('extensions exists only in the 1.18 catalogue; podsecuritypolicies until 1.22 (removed in 1.25)', () => {
  const old = getCatalog('1.18');
  assert.equal(old.version, '1.18');
  assert.ok(findResource(old, 'extensions', 'ingresses'));
  for (const catalog of allCatalogs().slice(1)) {
    assert.equal(findGroup(catalog, 'extensions'), undefined, catalog.version);
  }
  for (const catalog of allCatalogs()) {
    const psp = findResource(catalog, 'policy', 'podsecuritypolicies');
    assert.equal(psp?.kind, catalog.version <= '1.22' ? 'PodSecurityPolicy' : undefined, catalog.version);
  }
});

test('group versions the real releases did not serve are dropped', () => {
  assert.deepEqual(findGroup(getCatalog('1.27'), 'policy')?.versions, ['v1']);
  assert.deepEqual(findGroup(getCatalog('1.27'), 'flowcontrol.apiserver.k8s.io')?.versions, ['v1beta3', 'v1beta2']);
  assert.ok(!findGroup(getCatalog('1.32'), 'flowcontrol.apiserver.k8s.io')?.versions.includes('v1beta3'));
  assert.deepEqual(findGroup(getCatalog('1.25'), 'autoscaling')?.versions, ['v2', 'v1', 'v2beta2']);
  assert.equal(findGroup(getCatalog('1.25'), 'autoscaling')?.preferredVersion, 'v2');
});

test('chooseCatalog picks the closest catalogue at or below the request and says so', () => {
  const table: [string | undefined, string, boolean][] = [
    [undefined, DEFAULT_CATALOG_VERSION, false],
    ['1.30', '1.30', true],
    ['v1.29.3', '1.28', false],
    ['1.26', '1.25', false],
    ['1.99', '1.37', false],
    ['1.10', '1.18', false],
    ['banana', '1.37', false],
  ];
  for (const [requested, chosen, exact] of table) {
    const choice = chooseCatalog(requested);
    assert.equal(choice.catalog.version, chosen, `${requested}`);
    assert.equal(choice.exact, exact, `${requested}`);
    assert.match(choice.note, new RegExp(chosen.replace('.', '\\.')));
  }
  assert.equal(getCatalog('1.31').version, '1.30');
  assert.equal(getCatalog('1.31'), getCatalog('1.30'), 'catalogues are built once');
});
