// Generates large audit policies for benchmarks: real-world rule shapes (the GKE-style families
// repeated over many service accounts, namespaces and API groups) and adversarial shapes for the
// reachability search. Deterministic (seeded), so runs compare.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const GROUPS = [
  '',
  'apps',
  'batch',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'coordination.k8s.io',
  'storage.k8s.io',
  'policy',
  'autoscaling',
  'certificates.k8s.io',
];
const RESOURCES = {
  '': [
    'pods',
    'services',
    'endpoints',
    'configmaps',
    'secrets',
    'nodes',
    'events',
    'namespaces',
    'serviceaccounts',
    'pods/log',
    'pods/exec',
    'nodes/status',
  ],
  apps: ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'deployments/scale'],
  batch: ['jobs', 'cronjobs'],
  'rbac.authorization.k8s.io': ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
  'networking.k8s.io': ['ingresses', 'networkpolicies'],
  'coordination.k8s.io': ['leases'],
  'storage.k8s.io': ['storageclasses', 'csinodes'],
  policy: ['poddisruptionbudgets'],
  autoscaling: ['horizontalpodautoscalers'],
  'certificates.k8s.io': ['certificatesigningrequests'],
};
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'];

/** A real-world-shaped policy of `n` rules (the last a catch-all). */
export function realWorldPolicy(n, seed = 1) {
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const some = (list, k) => [...new Set(Array.from({ length: 1 + Math.floor(r() * k) }, () => pick(list)))];
  const rules = [];
  for (let i = 0; i < n - 1; i++) {
    const group = pick(GROUPS);
    const rule = { level: pick(LEVELS) };
    const shape = i % 5;
    if (shape === 0) rule.users = [`system:serviceaccount:ns-${i % 37}:sa-${i}`];
    if (shape === 1) rule.userGroups = [pick(['system:nodes', 'system:serviceaccounts', `team-${i % 13}`])];
    if (shape !== 4) rule.verbs = some(VERBS, 3);
    if (shape === 2) rule.namespaces = [`ns-${i % 41}`];
    if (shape === 4) rule.nonResourceURLs = [pick(['/healthz*', '/livez*', '/readyz*', '/metrics', `/apis/custom-${i}*`, '/version'])];
    else rule.resources = [{ group, resources: some(RESOURCES[group], 2) }];
    if (r() < 0.3) rule.omitStages = ['RequestReceived'];
    rules.push(rule);
  }
  rules.push({ level: 'Metadata', omitStages: ['RequestReceived'] });
  return { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'], rules };
}

/**
 * An adversarial policy: a grid of (user, verb) rules that leaves one pair open, then rules that
 * are reachable only through that pair, and dead rules whose covers need many rules together.
 */
export function adversarialPolicy(n) {
  const side = Math.max(2, Math.floor(Math.sqrt(n / 2)));
  const users = Array.from({ length: side }, (_, i) => `user-${i}`);
  const verbs = Array.from({ length: side }, (_, i) => `verb-${i}`);
  const rules = [];
  for (const u of users)
    for (const v of verbs)
      if (rules.length < n / 2 && !(u === users[side - 1] && v === verbs[side - 1])) rules.push({ level: 'None', users: [u], verbs: [v] });
  while (rules.length < n - 1) {
    const k = rules.length;
    rules.push(
      k % 2
        ? { level: 'Metadata', users, verbs }
        : { level: 'Request', users: users.slice(0, side - 1), verbs: verbs.slice(0, side - 1), namespaces: [`ns-${k % 7}`] },
    );
  }
  rules.push({ level: 'Metadata' });
  return { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules };
}

const EXAMPLES = ['gke-style.yaml', 'huawei-cloud-style.yaml', 'kubernetes-docs-example.yaml', 'yandex-managed-style.yaml'];

/**
 * A policy of `n` rules copied from the example policies in examples/ (the rules of kube-up/GKE,
 * Huawei Cloud, Yandex and the Kubernetes documentation), their catch-alls left out. The examples are
 * copied in turn, whole; copy k > 0 gets its own subjects (users, groups and namespaces suffixed
 * with `-k`), and rules without users or groups get `userGroups: [team-k]`, so that copies do not
 * shadow each other: the rules left dead are those the examples themselves shadow.
 */
export function examplesPolicy(n) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../examples');
  const isCatchAll = (rule) =>
    !rule.users && !rule.userGroups && !rule.verbs && !rule.resources && !rule.namespaces && !rule.nonResourceURLs;
  const blocks = EXAMPLES.map((file) => parse(readFileSync(join(dir, file), 'utf8')).rules.filter((rule) => !isCatchAll(rule)));
  const rules = [];
  for (let k = 0; rules.length < n - 1; k++) {
    for (const seed of blocks[k % blocks.length]) {
      if (rules.length === n - 1) break;
      const rule = structuredClone(seed);
      const suffix = (list) => list && list.map((v) => (v === '' || k === 0 ? v : `${v}-${k}`));
      if (rule.users) rule.users = suffix(rule.users);
      if (rule.userGroups) rule.userGroups = suffix(rule.userGroups);
      if (rule.namespaces) rule.namespaces = suffix(rule.namespaces);
      if (!rule.users && !rule.userGroups) rule.userGroups = [`team-${k}`];
      rules.push(rule);
    }
  }
  rules.push({ level: 'Metadata', omitStages: ['RequestReceived'] });
  return { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'], rules };
}

export function toYaml(policy) {
  return stringify(policy, { lineWidth: 0 });
}
