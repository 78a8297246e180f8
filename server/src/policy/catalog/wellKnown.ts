// Well-known user names, groups, namespaces and non-resource URLs of a Kubernetes cluster, each with
// a one-line doc, for hover and completion in `users`, `userGroups`, `namespaces` and
// `nonResourceURLs`. A name with `<placeholders>` is a template that matches a family of names.

export interface WellKnownName {
  /** The name as written in a policy, or a template such as `system:node:<nodeName>`. */
  name: string;
  doc: string;
  /** Set on entries that only exist in older clusters or setups. */
  legacy?: boolean;
}

export const WELL_KNOWN_USERS: readonly WellKnownName[] = [
  {
    name: 'system:anonymous',
    doc: 'Requests without credentials, when anonymous authentication is enabled (group system:unauthenticated).',
  },
  { name: 'system:apiserver', doc: "kube-apiserver's own loopback client (member of system:masters)." },
  {
    name: 'system:kube-controller-manager',
    doc: 'kube-controller-manager with its own credentials (controllers may use per-controller service accounts instead).',
  },
  { name: 'system:kube-scheduler', doc: 'kube-scheduler.' },
  { name: 'system:kube-proxy', doc: 'kube-proxy (bound to the system:node-proxier ClusterRole).' },
  { name: 'system:node:<nodeName>', doc: 'The kubelet of node <nodeName> (group system:nodes; authorized by the Node authorizer).' },
  {
    name: 'system:serviceaccount:<namespace>:<name>',
    doc: 'Service account <name> in <namespace> (groups system:serviceaccounts and system:serviceaccounts:<namespace>).',
  },
  {
    name: 'system:serviceaccount:kube-system:<controller>',
    doc: 'A kube-controller-manager controller running with --use-service-account-credentials (e.g. generic-garbage-collector).',
  },
  {
    name: 'kubelet',
    doc: 'Legacy user name of kubelets on older setups (e.g. the Kubernetes docs example policy); current kubelets are system:node:<nodeName>.',
    legacy: true,
  },
  { name: 'system:unsecured', doc: 'Requests on the insecure port (removed in Kubernetes 1.20).', legacy: true },
];

export const WELL_KNOWN_GROUPS: readonly WellKnownName[] = [
  { name: 'system:authenticated', doc: 'Every authenticated user.' },
  { name: 'system:unauthenticated', doc: 'Requests that no authenticator identified (anonymous requests).' },
  { name: 'system:masters', doc: 'Superusers: bypass authorization (bound to cluster-admin); use for break-glass credentials only.' },
  { name: 'system:nodes', doc: 'Kubelets (users system:node:<nodeName>).' },
  { name: 'system:serviceaccounts', doc: 'Every service account in every namespace.' },
  { name: 'system:serviceaccounts:<namespace>', doc: 'Every service account in <namespace>.' },
  { name: 'system:bootstrappers', doc: 'Bootstrap-token users (TLS bootstrapping of new nodes).' },
  { name: 'system:bootstrappers:<name>', doc: 'Bootstrap tokens with extra groups, e.g. system:bootstrappers:kubeadm:default-node-token.' },
  { name: 'system:monitoring', doc: 'Monitoring clients allowed to read health and metrics endpoints (system:monitoring ClusterRole).' },
];

export const WELL_KNOWN_NAMESPACES: readonly WellKnownName[] = [
  { name: '', doc: 'No namespace: cluster-scoped resources, and namespaced resources listed, watched or created across all namespaces.' },
  { name: 'kube-system', doc: 'Control-plane components and cluster add-ons.' },
  { name: 'kube-public', doc: 'Readable by everyone, including unauthenticated users (cluster-info).' },
  { name: 'kube-node-lease', doc: 'Node heartbeat Leases (one per node, renewed every few seconds).' },
  { name: 'default', doc: 'The namespace of objects created without one.' },
];

export const WELL_KNOWN_NON_RESOURCE_URLS: readonly WellKnownName[] = [
  { name: '/healthz', doc: 'Legacy health check (deprecated in favour of /livez and /readyz).' },
  { name: '/healthz/*', doc: 'Individual legacy health checks (/healthz/etcd, /healthz/ping, ...).' },
  { name: '/livez', doc: 'Liveness check of kube-apiserver.' },
  { name: '/livez/*', doc: 'Individual liveness checks.' },
  { name: '/readyz', doc: 'Readiness check of kube-apiserver.' },
  { name: '/readyz/*', doc: 'Individual readiness checks.' },
  { name: '/metrics', doc: 'Prometheus metrics of kube-apiserver (scraped frequently).' },
  { name: '/metrics/slis', doc: 'Service-level indicator metrics (health check results).' },
  { name: '/version', doc: 'Build version of kube-apiserver.' },
  { name: '/api', doc: 'Discovery of the core group versions.' },
  { name: '/api/*', doc: 'Core group discovery (/api/v1); resource requests under /api are not non-resource requests.' },
  { name: '/apis', doc: 'Discovery of every API group.' },
  { name: '/apis/*', doc: 'Group and group-version discovery (/apis/apps, /apis/apps/v1).' },
  { name: '/openapi/v2', doc: 'The OpenAPI v2 document of the cluster (large responses).' },
  { name: '/openapi/v3', doc: 'The OpenAPI v3 discovery index.' },
  { name: '/openapi/v3/*', doc: 'OpenAPI v3 documents per group version.' },
  { name: '/.well-known/openid-configuration', doc: 'Service account issuer discovery (OIDC).' },
  { name: '/openid/v1/jwks', doc: 'Public keys of the service account issuer.' },
  { name: '/logs', doc: 'kube-apiserver node logs (when enabled).' },
  { name: '/logs/*', doc: 'Individual log files.' },
  { name: '/debug/*', doc: 'Debug handlers (/debug/pprof, /debug/flags/v) when profiling is enabled.' },
  { name: '*', doc: 'Every non-resource URL.' },
];

/** Returns a matcher for a name or template: each `<placeholder>` stands for one or more characters. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/<[^>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`);
}

/** Returns the entry describing `value` (an exact entry first, then a template), or undefined. */
export function findWellKnown(table: readonly WellKnownName[], value: string): WellKnownName | undefined {
  const exact = table.find((entry) => entry.name === value);
  if (exact) {
    return exact;
  }
  const templates = table.filter((entry) => entry.name.includes('<'));
  // The longest template is the most specific (`...:kube-system:<controller>` before `...:<namespace>:<name>`).
  templates.sort((a, b) => b.name.length - a.name.length);
  return templates.find((entry) => templatePattern(entry.name).test(value));
}
