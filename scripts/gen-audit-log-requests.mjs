// The requests of gen-audit-log.mjs: who calls kube-apiserver, how often, and with which bodies.
// Weights are loosely those of a small production cluster: kubelets and controllers dominate,
// watches are few but long, humans are rare but write.

/** A seeded PRNG (mulberry32): the same seed gives the same log on every machine. */
export function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NODES = 40;
const NAMESPACES = ['default', 'kube-system', 'shop', 'payments', 'monitoring', 'ci'];
const OK = { metadata: {}, code: 200 };
const CREATED = { metadata: {}, code: 201 };
const SA_GROUPS = (ns) => ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'];

const pick = (random, list) => list[Math.floor(random() * list.length)];
const node = (random) => `node-${String(Math.floor(random() * NODES)).padStart(2, '0')}`;
const podName = (random) => `${pick(random, ['web', 'api', 'worker', 'cart', 'checkout'])}-${Math.floor(random() * 1e6).toString(36)}`;

function user(username, groups, extra) {
  return extra ? { username, uid: extra, groups } : { username, groups };
}

function objectRef(resource, namespace, name, apiGroup, subresource) {
  const ref = { resource };
  if (namespace) ref.namespace = namespace;
  if (name) ref.name = name;
  if (apiGroup) ref.apiGroup = apiGroup;
  ref.apiVersion = 'v1';
  if (subresource) ref.subresource = subresource;
  return ref;
}

function uri(group, resource, namespace, name, subresource, query) {
  const base = group ? `/apis/${group}/v1` : '/api/v1';
  const path = [base, namespace ? `namespaces/${namespace}` : '', resource, name, subresource].filter(Boolean).join('/');
  return query ? `${path}?${query}` : path;
}

/** A Kubernetes object body with the parts that make real bodies big: labels, annotations, managedFields. */
function body(random, kind, namespace, name, extraSize) {
  const labels = { app: name.split('-')[0], 'pod-template-hash': Math.floor(random() * 1e9).toString(16) };
  const applied = JSON.stringify({ apiVersion: 'v1', kind, metadata: { name, namespace, labels }, spec: { note: 'a <b> & "quoted"' } });
  return {
    kind,
    apiVersion: 'v1',
    metadata: {
      name,
      namespace,
      uid: `${Math.floor(random() * 1e12).toString(16)}-0000-4000-8000-000000000000`,
      resourceVersion: String(Math.floor(random() * 1e8)),
      labels,
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': applied, description: 'zoë’s service ✓' },
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } } }],
    },
    spec: { containers: [{ name: 'main', image: `registry.example/${name.split('-')[0]}:1.${Math.floor(random() * 40)}`, args: Array.from({ length: extraSize }, (_, i) => `--flag-${i}=${i}`) }] },
  };
}

function list(random, kind, namespace, items) {
  return { kind: `${kind}List`, apiVersion: 'v1', metadata: { resourceVersion: String(Math.floor(random() * 1e8)) }, items: Array.from({ length: items }, () => body(random, kind, namespace, podName(random), 2)) };
}

const allow = (reason) => ({ 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': reason });

/** Resource request scaffolding: fills uri, objectRef, status and annotations from a few facts. */
function resourceRequest(r) {
  const q = r.query;
  return {
    verb: r.verb,
    uri: uri(r.group, r.resource, r.namespace, r.name, r.subresource, q),
    user: r.user,
    sourceIP: r.sourceIP ?? '10.0.0.1',
    userAgent: r.userAgent,
    objectRef: objectRef(r.resource, r.namespace, r.name, r.group, r.subresource),
    status: r.verb === 'create' ? CREATED : OK,
    requestObject: r.requestObject,
    responseObject: r.responseObject,
    annotations: allow(r.reason ?? 'RBAC: allowed by ClusterRoleBinding "system:basic-user"'),
    longRunning: r.verb === 'watch' || ['exec', 'attach', 'log', 'portforward', 'proxy'].includes(r.subresource) && r.follow !== false,
    sensitive: ['secrets', 'events'].includes(r.resource) || r.subresource === 'token',
  };
}

const KUBELET_UA = 'kubelet/v1.30.2 (linux/amd64) kubernetes/3c57d4c';

const SCENARIOS = [
  [30, (random) => {
    const n = node(random);
    const u = user(`system:node:${n}`, ['system:nodes', 'system:authenticated']);
    const lease = { kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', metadata: { name: n, namespace: 'kube-node-lease' }, spec: { holderIdentity: n, renewTime: '2026-01-01T00:00:00.000000Z' } };
    return random() < 0.5
      ? resourceRequest({ verb: 'get', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: n, user: u, userAgent: KUBELET_UA, responseObject: lease })
      : resourceRequest({ verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: n, user: u, userAgent: KUBELET_UA, requestObject: lease, responseObject: lease });
  }],
  [12, (random) => {
    const n = node(random);
    const patch = { status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:00Z' }] } };
    return resourceRequest({ verb: 'patch', resource: 'nodes', name: n, subresource: 'status', user: user(`system:node:${n}`, ['system:nodes', 'system:authenticated']), userAgent: KUBELET_UA, requestObject: patch, responseObject: { kind: 'Node', metadata: { name: n }, status: patch.status } });
  }],
  [6, (random) => {
    const n = node(random);
    const ns = pick(random, NAMESPACES);
    const kind = random() < 0.5 ? 'configmaps' : 'secrets';
    const name = `${pick(random, ['app-config', 'tls', 'kube-root-ca.crt'])}`;
    return resourceRequest({ verb: 'watch', resource: kind, namespace: ns, user: user(`system:node:${n}`, ['system:nodes', 'system:authenticated']), userAgent: KUBELET_UA, query: `allowWatchBookmarks=true&fieldSelector=metadata.name%3D${name}&resourceVersion=${Math.floor(random() * 1e7)}&timeout=7m&watch=true` });
  }],
  [8, (random) => {
    const ns = pick(random, NAMESPACES);
    const n = node(random);
    const pod = podName(random);
    return resourceRequest({ verb: 'patch', resource: 'pods', namespace: ns, name: pod, subresource: 'status', user: user(`system:node:${n}`, ['system:nodes', 'system:authenticated']), userAgent: KUBELET_UA, requestObject: { status: { phase: 'Running' } }, responseObject: body(random, 'Pod', ns, pod, 3) });
  }],
  [14, (random) => {
    const ctl = pick(random, ['deployment-controller', 'replicaset-controller', 'endpointslice-controller', 'namespace-controller', 'generic-garbage-collector']);
    const ns = pick(random, NAMESPACES);
    const u = user(`system:serviceaccount:kube-system:${ctl}`, SA_GROUPS('kube-system'));
    const ua = `kube-controller-manager/v1.30.2 (linux/amd64) kubernetes/3c57d4c/system:serviceaccount:kube-system:${ctl}`;
    const roll = random();
    if (roll < 0.3) return resourceRequest({ verb: 'update', group: 'apps', resource: 'replicasets', namespace: ns, name: podName(random), subresource: 'status', user: u, userAgent: ua, requestObject: body(random, 'ReplicaSet', ns, 'rs', 2), responseObject: body(random, 'ReplicaSet', ns, 'rs', 2) });
    if (roll < 0.6) return resourceRequest({ verb: 'update', group: 'discovery.k8s.io', resource: 'endpointslices', namespace: ns, name: `${podName(random)}-abc`, user: u, userAgent: ua, requestObject: body(random, 'EndpointSlice', ns, 'es', 4), responseObject: body(random, 'EndpointSlice', ns, 'es', 4) });
    if (roll < 0.8) return resourceRequest({ verb: 'list', group: 'apps', resource: 'deployments', user: u, userAgent: ua, query: 'limit=500&resourceVersion=0', responseObject: list(random, 'Deployment', ns, 3) });
    return resourceRequest({ verb: 'watch', group: 'apps', resource: 'deployments', user: u, userAgent: ua, query: 'allowWatchBookmarks=true&resourceVersion=123&watch=true' });
  }],
  [6, (random) => {
    const holder = random() < 0.5 ? 'kube-controller-manager' : 'kube-scheduler';
    const lease = { kind: 'Lease', metadata: { name: holder, namespace: 'kube-system' }, spec: { holderIdentity: `${holder}_x` } };
    return resourceRequest({ verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system', name: holder, user: user(`system:${holder}`, ['system:authenticated']), userAgent: `${holder}/v1.30.2 leader-election`, requestObject: lease, responseObject: lease });
  }],
  [4, (random) => {
    const ns = pick(random, NAMESPACES);
    const pod = podName(random);
    const binding = { kind: 'Binding', apiVersion: 'v1', metadata: { name: pod, namespace: ns }, target: { kind: 'Node', name: node(random) } };
    return resourceRequest({ verb: 'create', resource: 'pods', namespace: ns, name: pod, subresource: 'binding', user: user('system:kube-scheduler', ['system:authenticated']), userAgent: 'kube-scheduler/v1.30.2', requestObject: binding, responseObject: { kind: 'Status', status: 'Success', code: 201 } });
  }],
  [3, (random) => resourceRequest({ verb: 'watch', group: random() < 0.5 ? 'discovery.k8s.io' : '', resource: random() < 0.5 ? 'endpointslices' : 'services', user: user('system:kube-proxy', ['system:authenticated']), userAgent: 'kube-proxy/v1.30.2', query: 'labelSelector=%21service.kubernetes.io%2Fheadless&resourceVersion=1&watch=true' })],
  [3, (random) => {
    const ns = pick(random, NAMESPACES);
    const event = { kind: 'Event', apiVersion: 'v1', metadata: { name: `${podName(random)}.17a`, namespace: ns }, reason: 'Pulled', message: 'Successfully pulled image "registry.example/web:1.2"' };
    return resourceRequest({ verb: 'create', resource: 'events', namespace: ns, user: user(`system:node:${node(random)}`, ['system:nodes', 'system:authenticated']), userAgent: KUBELET_UA, requestObject: event, responseObject: event });
  }],
  [2, (random) => {
    const ns = pick(random, NAMESPACES);
    const sa = pick(random, ['default', 'builder', 'prometheus']);
    const token = { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', spec: { audiences: ['https://kubernetes.default.svc'], expirationSeconds: 3607 } };
    return resourceRequest({ verb: 'create', resource: 'serviceaccounts', namespace: ns, name: sa, subresource: 'token', user: user(`system:node:${node(random)}`, ['system:nodes', 'system:authenticated']), userAgent: KUBELET_UA, requestObject: token, responseObject: { ...token, status: { token: 'eyJhbGciOiJSUzI1NiJ9.redacted', expirationTimestamp: '2026-01-01T01:00:00Z' } } });
  }],
  [5, kubectl],
  [2, (random) => {
    const ns = pick(random, ['shop', 'payments']);
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: ns }, spec: { size: Math.floor(random() * 10) } };
    const verb = random() < 0.7 ? 'get' : 'update';
    return resourceRequest({ verb, group: 'example.com', resource: 'widgets', namespace: ns, name: 'w1', user: user(`system:serviceaccount:${ns}:widget-operator`, SA_GROUPS(ns)), userAgent: 'widget-operator/0.4', requestObject: verb === 'update' ? widget : undefined, responseObject: widget });
  }],
  [6, nonResource],
  [1, (random) => ({
    verb: 'get',
    uri: pick(random, ['/api/v1/namespaces/kube-system/secrets', '/apis/apps/v1/deployments', '/version']),
    user: {},
    sourceIP: `203.0.113.${Math.floor(random() * 255)}`,
    userAgent: 'curl/8.5.0',
    status: { metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 },
    annotations: {},
    longRunning: false,
    sensitive: false,
  })],
];

function kubectl(random) {
  const who = pick(random, [
    ['alice', ['devs', 'system:authenticated']],
    ['bob', ['devs', 'system:authenticated']],
    ['zoë', ['sre', 'system:authenticated']],
    ['admin', ['system:masters', 'system:authenticated']],
  ]);
  const u = user(who[0], who[1], `uid-${who[0]}`);
  const ns = pick(random, NAMESPACES);
  const pod = podName(random);
  const ua = 'kubectl/v1.30.2 (linux/amd64) kubernetes/3c57d4c';
  const base = { user: u, userAgent: ua, namespace: ns, sourceIP: '192.0.2.10', reason: 'RBAC: allowed by RoleBinding "devs/' + ns + '"' };
  switch (pick(random, ['get', 'list', 'create', 'patch', 'delete', 'exec', 'log', 'secret', 'scale', 'namespace'])) {
    case 'get': return resourceRequest({ ...base, verb: 'get', resource: 'pods', name: pod, responseObject: body(random, 'Pod', ns, pod, 5) });
    case 'list': return resourceRequest({ ...base, verb: 'list', resource: 'pods', query: 'limit=500', responseObject: list(random, 'Pod', ns, 1 + Math.floor(random() * 8)) });
    case 'create': return resourceRequest({ ...base, verb: 'create', group: 'apps', resource: 'deployments', requestObject: body(random, 'Deployment', ns, pod, 8), responseObject: body(random, 'Deployment', ns, pod, 8) });
    case 'patch': return resourceRequest({ ...base, verb: 'patch', group: 'apps', resource: 'deployments', name: pod, query: 'fieldManager=kubectl-client-side-apply', requestObject: { spec: { replicas: 3 } }, responseObject: body(random, 'Deployment', ns, pod, 8) });
    case 'delete': return resourceRequest({ ...base, verb: 'delete', resource: 'pods', name: pod, requestObject: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' }, responseObject: body(random, 'Pod', ns, pod, 5) });
    case 'exec': return { ...resourceRequest({ ...base, verb: random() < 0.5 ? 'create' : 'get', resource: 'pods', name: pod, subresource: 'exec', query: 'command=sh&container=main&stdin=true&stdout=true&tty=true' }), status: { metadata: {}, code: 101 } };
    case 'log': return resourceRequest({ ...base, verb: 'get', resource: 'pods', name: pod, subresource: 'log', query: 'follow=true&container=main' });
    case 'secret': return resourceRequest({ ...base, verb: 'get', resource: 'secrets', name: 'db-password', responseObject: { kind: 'Secret', metadata: { name: 'db-password', namespace: ns }, data: { password: 'c2VjcmV0' } } });
    case 'scale': return resourceRequest({ ...base, verb: 'patch', group: 'apps', resource: 'deployments', name: pod, subresource: 'scale', requestObject: { spec: { replicas: 5 } }, responseObject: { kind: 'Scale', spec: { replicas: 5 } } });
    default: return resourceRequest({ ...base, verb: 'get', resource: 'namespaces', name: ns, namespace: undefined, responseObject: { kind: 'Namespace', metadata: { name: ns } } });
  }
}

function nonResource(random) {
  const [path, verb, who] = pick(random, [
    ['/healthz', 'get', 'probe'],
    ['/livez', 'get', 'probe'],
    ['/readyz?verbose', 'get', 'probe'],
    ['/metrics', 'get', 'prometheus'],
    ['/version', 'get', 'kubectl'],
    ['/api', 'get', 'kubectl'],
    ['/apis', 'get', 'kubectl'],
    ['/apis/apps/v1', 'get', 'kubectl'],
    ['/openapi/v2', 'get', 'kubectl'],
    ['/healthz', 'head', 'probe'],
  ]);
  const u =
    who === 'probe'
      ? user('system:anonymous', ['system:unauthenticated'])
      : who === 'prometheus'
        ? user('system:serviceaccount:monitoring:prometheus', SA_GROUPS('monitoring'))
        : user('alice', ['devs', 'system:authenticated'], 'uid-alice');
  return { verb, uri: path, user: u, sourceIP: '10.0.0.5', userAgent: who === 'probe' ? 'kube-probe/1.30' : 'Go-http-client/2.0', status: OK, annotations: allow('RBAC: allowed by ClusterRoleBinding "system:public-info-viewer"'), longRunning: false, sensitive: false };
}

const TOTAL = SCENARIOS.reduce((sum, [w]) => sum + w, 0);

/** Draws the next request: its attributes, bodies and whether it is long-running or sensitive. */
export function requestFor(random) {
  let roll = random() * TOTAL;
  for (const [weight, make] of SCENARIOS) {
    roll -= weight;
    if (roll < 0) return make(random);
  }
  return SCENARIOS[0][1](random);
}
