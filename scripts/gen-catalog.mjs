// Generates the Kubernetes API catalogue (server/src/policy/catalog/data/) from the discovery documents
// and client-node path tables in ../shared/k8s (see its README.md for formats and caveats).
// Usage: node scripts/gen-catalog.mjs [DATA_DIR]   (or K8S_DATA_DIR=...); output is deterministic.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(process.argv[2] ?? process.env.K8S_DATA_DIR ?? join(repoRoot, '..', 'shared', 'k8s'));
const outDir = join(repoRoot, 'server', 'src', 'policy', 'catalog', 'data');

// One entry per catalogue. `drop` lists group versions that the snapshot lists but the real release
// did not serve (shared/k8s/README.md caveats, checked against the Kubernetes deprecation guide and
// the client-node tables of neighbouring releases).
const SETS = [
  {
    id: '1.18',
    kind: 'client-node',
    file: 'client-node-0.12.3.json',
    kubernetes: 'Kubernetes 1.18 (via @kubernetes/client-node 0.12.3)',
    why: 'client-node 0.12 targets 1.18: certificates.k8s.io has only v1beta1 (v1 came in 1.19), events.k8s.io only v1beta1, flowcontrol v1alpha1 (new in 1.18), extensions/v1beta1 only ingresses, policy/v1beta1 podsecuritypolicies.',
    drop: [],
  },
  {
    id: '1.22',
    kind: 'client-node',
    file: 'client-node-0.16.3.json',
    kubernetes: 'Kubernetes 1.22 (via @kubernetes/client-node 0.16.3)',
    why: 'no extensions group, no networking.k8s.io/v1beta1 or apiextensions v1beta1 (removed in 1.22), policy/v1 and discovery v1 (1.21), autoscaling v2 absent (1.23), batch/v1beta1 still served (until 1.25).',
    drop: [],
  },
  {
    id: '1.25',
    kind: 'client-node',
    file: 'client-node-0.18.1.json',
    kubernetes: 'Kubernetes 1.25 (via @kubernetes/client-node 0.18.1, release-1.25 spec)',
    why: 'policy/v1beta1 and batch/v1beta1 gone (1.25), autoscaling v2beta2 and flowcontrol v1beta1 still present (removed in 1.26).',
    drop: [],
  },
  {
    id: '1.27',
    kind: 'discovery',
    dir: '1.27-dev',
    kubernetes: 'Kubernetes 1.27 development snapshot (kubernetes/kubernetes api/discovery, aggregated v2beta1)',
    why: 'alpha APIs included; policy/v1beta1 (no longer served since 1.25) and flowcontrol v1alpha1/v1beta1 (v1beta1 no longer served since 1.26) dropped; flowcontrol v1beta2 kept (served until 1.28, and present in client-node 0.20 ~ 1.28).',
    drop: ['policy/v1beta1', 'flowcontrol.apiserver.k8s.io/v1alpha1', 'flowcontrol.apiserver.k8s.io/v1beta1'],
  },
  {
    id: '1.28',
    kind: 'client-node',
    file: 'client-node-0.20.0.json',
    kubernetes: 'Kubernetes 1.28 (via @kubernetes/client-node 0.20.0)',
    why: 'admissionregistration v1beta1 (1.28), flowcontrol v1beta2 and v1beta3 (v1 came in 1.29), resource.k8s.io v1alpha2, storage v1beta1 gone (1.27).',
    drop: [],
  },
  {
    id: '1.30',
    kind: 'discovery',
    dir: '1.30-dev',
    kubernetes: 'Kubernetes 1.30 development snapshot (kubernetes/kubernetes api/discovery)',
    why: 'alpha APIs included; flowcontrol v1beta1/v1beta2 dropped (no longer served since 1.26/1.29).',
    drop: ['flowcontrol.apiserver.k8s.io/v1beta1', 'flowcontrol.apiserver.k8s.io/v1beta2'],
  },
  {
    id: '1.32',
    kind: 'discovery',
    dir: '1.32-dev',
    kubernetes: 'Kubernetes 1.32 development snapshot (kubernetes/kubernetes api/discovery)',
    why: 'alpha APIs included; flowcontrol v1beta3 dropped (no longer served since 1.32).',
    drop: ['flowcontrol.apiserver.k8s.io/v1beta3'],
  },
  {
    id: '1.36',
    kind: 'client-node',
    file: 'client-node-2.0.1.json',
    kubernetes: 'Kubernetes 1.36 (via @kubernetes/client-node 2.0.1, release-1.36 spec, stale API classes dropped)',
    why: 'client-node 2.0.1 is generated from the release-1.36 spec but ships stale classes; the group versions shared/k8s/README.md names as stale are dropped. Resource-level data only approximates 1.36.',
    drop: [
      'resource.k8s.io/v1alpha2',
      'networking.k8s.io/v1alpha1',
      'flowcontrol.apiserver.k8s.io/v1beta3',
      'scheduling.k8s.io/v1alpha1',
      'scheduling.k8s.io/v1alpha2',
      'storagemigration.k8s.io/v1alpha1',
    ],
  },
  {
    id: '1.37',
    kind: 'discovery',
    dir: 'latest',
    kubernetes: 'Kubernetes 1.37 development (master after v1.37.0-beta.0, matches kubernetes/api master of 2026-07-24)',
    why: 'alpha APIs included; the newest data and the default catalogue.',
    drop: [],
  },
];

// Kinds of resources that no discovery set has (removed before api/discovery existed).
const LEGACY_KINDS = {
  'auditregistration.k8s.io|auditsinks': 'AuditSink',
  'extensions|ingresses': 'Ingress',
  'extensions|ingresses/status': 'Ingress',
  'policy|podsecuritypolicies': 'PodSecurityPolicy',
  'settings.k8s.io|podpresets': 'PodPreset',
  'networking.k8s.io|networkpolicies/status': 'NetworkPolicy',
};

const readJson = (...parts) => JSON.parse(readFileSync(join(dataDir, ...parts), 'utf8'));
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const fail = (message) => {
  console.error(`gen-catalog: ${message}`);
  process.exit(1);
};

/** Kubernetes version priority (GA > beta > alpha, then higher numbers first), as the apiserver orders group versions. */
function versionPriority(a, b) {
  const parse = (v) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    return m ? [m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2, Number(m[1]), Number(m[3] ?? 0)] : [-1, 0, 0];
  };
  const [x, y] = [parse(a), parse(b)];
  return y[0] - x[0] || y[1] - x[1] || y[2] - x[2] || (a < b ? -1 : 1);
}

/** A resource record as stored, from one version's entry; subresources keyed by name. */
function resourceRecord(name, kind, namespaced, verbs, shortNames) {
  const record = { name, kind, namespaced };
  if (verbs?.length) record.verbs = [...verbs].sort();
  if (shortNames?.length) record.shortNames = [...shortNames];
  record.subresources = new Map();
  return record;
}

function subresourceRecord(name, kind, kindGroup, kindVersion, verbs) {
  const record = { name };
  if (kind) record.kind = kind;
  if (kindGroup) record.kindGroup = kindGroup;
  if (kindGroup && kindVersion) record.kindVersion = kindVersion;
  if (verbs?.length) record.verbs = [...verbs].sort();
  return record;
}

/** groupVersions: [{version, resources: [record with subresources Map]}] in preference order -> stored group. */
function mergeGroup(name, groupVersions) {
  const resources = new Map();
  for (const { version, resources: list } of groupVersions) {
    for (const record of list) {
      const existing = resources.get(record.name);
      if (!existing) {
        resources.set(record.name, { ...record, versions: [version], subresources: new Map(record.subresources) });
        continue;
      }
      existing.versions.push(version);
      for (const [sub, subRecord] of record.subresources) {
        if (!existing.subresources.has(sub)) existing.subresources.set(sub, subRecord);
      }
    }
  }
  const versions = groupVersions.map((gv) => gv.version);
  const stored = [...resources.values()].sort(byName).map((r) => {
    const out = { name: r.name, kind: r.kind, namespaced: r.namespaced };
    if (!r.kind) delete out.kind;
    if (r.verbs) out.verbs = r.verbs;
    if (r.shortNames) out.shortNames = r.shortNames;
    if (r.versions.length !== versions.length) out.versions = r.versions;
    const subs = [...r.subresources.values()].sort(byName);
    if (subs.length) out.subresources = subs;
    return out;
  });
  return { name, versions, resources: stored };
}

function readCoreV1(dir) {
  const list = readJson('discovery', dir, 'api__v1.json').resources;
  const records = new Map();
  for (const r of list.filter((x) => !x.name.includes('/'))) {
    records.set(r.name, resourceRecord(r.name, r.kind, r.namespaced, r.verbs, r.shortNames));
  }
  for (const r of list.filter((x) => x.name.includes('/'))) {
    const [parent, sub] = r.name.split('/');
    const owner = records.get(parent) ?? fail(`${dir}: subresource ${r.name} without its resource`);
    owner.subresources.set(sub, subresourceRecord(sub, r.kind, r.group, r.version, r.verbs));
  }
  return mergeGroup('', [{ version: 'v1', resources: [...records.values()] }]);
}

function readAggregatedResource(group, r) {
  const record = resourceRecord(r.resource, r.responseKind?.kind, r.scope === 'Namespaced', r.verbs, r.shortNames);
  for (const s of r.subresources ?? []) {
    const rk = s.responseKind ?? {};
    const foreign = rk.group && rk.group !== group;
    record.subresources.set(s.subresource, subresourceRecord(s.subresource, rk.kind, foreign ? rk.group : '', rk.version, s.verbs));
  }
  return record;
}

/** Reads one discovery snapshot: core from api__v1.json, other groups from the aggregated document. */
function readDiscoverySet(set) {
  const dir = set.dir;
  const aggregatedName = readdirSync(join(dataDir, 'discovery', dir)).find((f) => f.startsWith('aggregated_'));
  if (!aggregatedName) fail(`${dir}: no aggregated discovery document`);
  const preferred = new Map(readJson('discovery', dir, 'apis.json').groups.map((g) => [g.name, g.preferredVersion.version]));
  const groups = [readCoreV1(dir)];
  for (const item of readJson('discovery', dir, aggregatedName).items) {
    const name = item.metadata.name;
    const versions = item.versions.filter((v) => !set.drop.includes(`${name}/${v.version}`));
    if (versions.length === 0) continue;
    if (preferred.get(name) !== item.versions[0].version) fail(`${dir}: ${name} preferred version disagrees with apis.json`);
    groups.push(
      mergeGroup(
        name,
        versions.map((v) => ({ version: v.version, resources: v.resources.map((r) => readAggregatedResource(name, r)) })),
      ),
    );
  }
  return groups;
}

/** Index of kinds/verbs/short names from the discovery sets, nearest catalogue id first. */
function discoveryIndex(discoveryGroupsById, id) {
  const distance = (other) => Math.abs(Number(other.split('.')[1]) - Number(id.split('.')[1]));
  const ordered = [...discoveryGroupsById.entries()].sort((a, b) => distance(a[0]) - distance(b[0]) || (a[0] < b[0] ? 1 : -1));
  const index = new Map();
  for (const [, groups] of ordered) {
    for (const g of groups) {
      for (const r of g.resources) {
        if (!index.has(`${g.name}|${r.name}`)) index.set(`${g.name}|${r.name}`, r);
      }
    }
  }
  return index;
}

/** Reads one client-node path table; kinds, verbs and short names come from the nearest discovery set. */
function readClientNodeSet(set, index) {
  const rows = readJson('by-client-node', set.file).resources.filter((r) => !set.drop.includes(`${r.group}/${r.version}`));
  const byGroup = new Map();
  for (const row of [...rows].sort((a, b) => (a.subresource ? 1 : 0) - (b.subresource ? 1 : 0))) {
    const versions = byGroup.get(row.group) ?? byGroup.set(row.group, new Map()).get(row.group);
    const records = versions.get(row.version) ?? versions.set(row.version, new Map()).get(row.version);
    const known = index.get(`${row.group}|${row.resource}`);
    if (!row.subresource) {
      const kind = known?.kind ?? LEGACY_KINDS[`${row.group}|${row.resource}`];
      records.set(row.resource, resourceRecord(row.resource, kind, row.namespaced, known?.verbs, known?.shortNames));
      continue;
    }
    const owner = records.get(row.resource) ?? fail(`${set.file}: ${row.resource}/${row.subresource} without its resource`);
    const knownSub = known?.subresources?.find((s) => s.name === row.subresource);
    const kind = knownSub?.kind ?? LEGACY_KINDS[`${row.group}|${row.resource}/${row.subresource}`];
    owner.subresources.set(
      row.subresource,
      subresourceRecord(row.subresource, kind, knownSub?.kindGroup, knownSub?.kindVersion, knownSub?.verbs),
    );
  }
  return [...byGroup.entries()].map(([name, versions]) =>
    mergeGroup(
      name,
      [...versions.keys()].sort(versionPriority).map((v) => ({ version: v, resources: [...versions.get(v).values()] })),
    ),
  );
}

const sortGroups = (groups) => groups.sort((a, b) => (a.name === '' ? -1 : b.name === '' ? 1 : byName(a, b)));

/** One line per group header and per resource: small diffs when the data changes. */
function serialize(set, groups) {
  const header = { id: set.id, kubernetes: set.kubernetes, source: sourceOf(set) };
  const lines = [
    `{"id":${JSON.stringify(header.id)},"kubernetes":${JSON.stringify(header.kubernetes)},"source":${JSON.stringify(header.source)},"groups":[`,
  ];
  groups.forEach((g, gi) => {
    lines.push(`{"name":${JSON.stringify(g.name)},"versions":${JSON.stringify(g.versions)},"resources":[`);
    g.resources.forEach((r, ri) => lines.push(JSON.stringify(r) + (ri < g.resources.length - 1 ? ',' : '')));
    lines.push(`]}${gi < groups.length - 1 ? ',' : ''}`);
  });
  lines.push(']}', '');
  return lines.join('\n');
}

function sourceOf(set) {
  return set.kind === 'discovery'
    ? `shared/k8s/discovery/${set.dir} (kubernetes/kubernetes api/discovery)`
    : `shared/k8s/by-client-node/${set.file} (paths; kinds, verbs and short names from the nearest discovery set)`;
}

function indexTs() {
  const ident = (id) => `k8s_${id.replace('.', '_')}`;
  return [
    '// Generated by scripts/gen-catalog.mjs from ../shared/k8s. Do not edit; run `npm run gen:catalog`.',
    "import type { CatalogData } from '../types';",
    ...SETS.map((s) => `import ${ident(s.id)} from './k8s-${s.id}.json';`),
    '',
    '/** Every catalogue, oldest first. */',
    'export const CATALOG_DATA: readonly CatalogData[] = [',
    ...SETS.map((s) => `  ${ident(s.id)} as CatalogData,`),
    '];',
    '',
  ].join('\n');
}

function readme(sizes) {
  const rows = SETS.map(
    (s) =>
      `| ${s.id} | ${s.kubernetes} | \`${sourceOf(s)}\` | ${s.drop.length ? s.drop.map((d) => `\`${d}\``).join(', ') : '-'} | ${s.why} |`,
  );
  return [
    '# Kubernetes API catalogue (generated)',
    '',
    'Generated by `scripts/gen-catalog.mjs` from `../shared/k8s` (copied from kubernetes/kubernetes `api/discovery/`',
    'and from @kubernetes/client-node request paths). Do not edit by hand: run `npm run gen:catalog`.',
    '',
    'A catalogue id names the Kubernetes minor it stands for. A request for another minor uses the closest',
    'catalogue at or below it. Versions are listed in preference order (discovery order; for client-node',
    'tables, Kubernetes version priority). Alpha group versions are included (served only when enabled).',
    'Catalogues built from client-node paths borrow kinds, verbs and short names from the nearest discovery',
    'snapshot (same group and resource); resources that no snapshot has get their kind from a short table',
    'in the generator and no verbs.',
    '',
    '| id | stands for | source | dropped group versions | why this label |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Total size of the data files: ${sizes} bytes.`,
    '',
  ].join('\n');
}

function main() {
  if (!existsSync(join(dataDir, 'README.md'))) fail(`no Kubernetes data in ${dataDir} (pass a path or set K8S_DATA_DIR)`);
  const discovery = new Map(SETS.filter((s) => s.kind === 'discovery').map((s) => [s.id, sortGroups(readDiscoverySet(s))]));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  let total = 0;
  for (const set of SETS) {
    const groups = discovery.get(set.id) ?? sortGroups(readClientNodeSet(set, discoveryIndex(discovery, set.id)));
    const text = serialize(set, groups);
    total += Buffer.byteLength(text);
    writeFileSync(join(outDir, `k8s-${set.id}.json`), text);
  }
  writeFileSync(join(outDir, 'index.ts'), indexTs());
  writeFileSync(join(outDir, 'README.md'), readme(total));
  console.log(`gen-catalog: ${SETS.length} catalogues, ${total} bytes of JSON in ${outDir}`);
}

main();
