// Snippets offered by completion: new rules at an item position under `rules:`, and whole starter
// policies for an empty file. Bodies use LSP snippet syntax (`${1:placeholder}`, `${1|a,b|}`);
// lines are relative to the insertion column (completion re-indents them).

export interface Snippet {
  label: string;
  /** One line, shown beside the label. */
  detail: string;
  /** Markdown shown in the completion details. */
  doc: string;
  body: string;
}

/** Secrets, ConfigMaps and tokens at Metadata: a rule snippet, and what sensitive-data-logged inserts. */
export const SENSITIVE_METADATA_RULE: readonly string[] = [
  'level: Metadata',
  'resources:',
  '  - group: ""',
  '    resources: ["secrets", "configmaps", "serviceaccounts/token"]',
  '  - group: authentication.k8s.io',
  '    resources: ["tokenreviews"]',
];

export const RULE_SNIPPETS: readonly Snippet[] = [
  {
    label: 'rule: resources',
    detail: 'A rule for resources of one API group',
    doc: 'A rule matching resources of one API group. Remember: `pods` does not match `pods/log`; use `pods/*` for both.',
    body: 'level: ${1|Metadata,None,Request,RequestResponse|}\nresources:\n  - group: "${2}"\n    resources: ["${3}"]',
  },
  {
    label: 'rule: silence a user',
    detail: 'Do not log a noisy system user (level None)',
    doc: 'Drops the requests of a noisy component, such as kube-proxy watching endpoints. Place it **before** broader rules: the first matching rule wins.',
    body: 'level: None\nusers: ["${1:system:kube-proxy}"]\nverbs: ["watch"]',
  },
  {
    label: 'rule: non-resource URLs',
    detail: 'Health checks, metrics, discovery',
    doc: 'A rule for non-resource URLs. A trailing `*` is a prefix match.',
    body: 'level: ${1|None,Metadata|}\nnonResourceURLs:\n  - "/healthz*"\n  - "/livez*"\n  - "/readyz*"\n  - "/version"',
  },
  {
    label: 'rule: secrets at Metadata',
    detail: 'Never log Secret, ConfigMap and token contents',
    doc: '`Request` or `RequestResponse` on these would write credentials into the log. Place this rule before any rule that logs bodies.',
    body: SENSITIVE_METADATA_RULE.join('\n'),
  },
  {
    label: 'rule: catch-all',
    detail: 'Metadata for everything else (the last rule)',
    doc: 'Without a catch-all, requests no rule matches are not logged at all. Keep it last: every rule after it would be dead.',
    body: 'level: ${1|Metadata,Request,None|}\nomitStages:\n  - RequestReceived',
  },
];

export const STARTER_HEADER = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';

export const STARTER_POLICIES: readonly Snippet[] = [
  {
    label: 'audit policy: CIS minimal',
    detail: 'Starter: metadata for everything, CIS 1.2.x / 3.2.x friendly',
    doc:
      'A small policy that satisfies the CIS Kubernetes Benchmark 3.2.1/3.2.2 intent: every request is logged at ' +
      '`Metadata` (so exec, secrets, RBAC changes and token reviews are recorded without bodies), `RequestReceived` is ' +
      'omitted to halve the volume, and health checks are dropped.',
    body:
      STARTER_HEADER +
      'omitStages:\n  - RequestReceived\nrules:\n  - level: None\n    nonResourceURLs:\n      - "/healthz*"\n      - "/livez*"\n      - "/readyz*"\n' +
      '  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets", "configmaps", "serviceaccounts/token"]\n' +
      '      - group: authentication.k8s.io\n        resources: ["tokenreviews"]\n  - level: Metadata$0\n',
  },
  {
    label: 'audit policy: GKE-style',
    detail: 'Starter: bodies for writes, metadata for reads, noise dropped',
    doc:
      'Modelled on the policy Google Kubernetes Engine uses: noisy system actors are dropped, Secrets, ConfigMaps and ' +
      'token reviews stay at `Metadata`, reads are logged at `Request`, writes at `RequestResponse` for the known ' +
      'API groups, and everything else at `Metadata`.',
    body:
      STARTER_HEADER +
      'omitStages:\n  - RequestReceived\nomitManagedFields: true\nrules:\n' +
      '  - level: None\n    users: ["system:kube-proxy"]\n    verbs: ["watch"]\n    resources:\n      - group: ""\n        resources: ["endpoints", "services", "services/status"]\n' +
      '  - level: None\n    userGroups: ["system:nodes"]\n    verbs: ["get"]\n    resources:\n      - group: ""\n        resources: ["nodes", "nodes/status"]\n' +
      '  - level: None\n    users: ["system:kube-controller-manager", "system:kube-scheduler", "system:serviceaccount:kube-system:endpoint-controller"]\n' +
      '    verbs: ["get", "update"]\n    namespaces: ["kube-system"]\n    resources:\n      - group: ""\n        resources: ["endpoints"]\n' +
      '      - group: coordination.k8s.io\n        resources: ["leases"]\n' +
      '  - level: None\n    nonResourceURLs:\n      - "/healthz*"\n      - "/livez*"\n      - "/readyz*"\n      - "/version"\n      - "/swagger*"\n' +
      '  - level: None\n    resources:\n      - group: ""\n        resources: ["events"]\n' +
      '  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets", "configmaps", "serviceaccounts/token"]\n' +
      '      - group: authentication.k8s.io\n        resources: ["tokenreviews"]\n' +
      '  - level: Request\n    verbs: ["get", "list", "watch"]\n    resources:\n      - group: ""\n      - group: apps\n      - group: batch\n' +
      '      - group: networking.k8s.io\n      - group: rbac.authorization.k8s.io\n      - group: policy\n' +
      '  - level: RequestResponse\n    resources:\n      - group: ""\n      - group: apps\n      - group: batch\n' +
      '      - group: networking.k8s.io\n      - group: rbac.authorization.k8s.io\n      - group: policy\n' +
      '  - level: Metadata$0\n',
  },
  {
    label: 'audit policy: low volume',
    detail: 'Starter: writes only, no reads, no bodies',
    doc:
      'For clusters where log volume matters most: reads (`get`, `list`, `watch`) and health checks are not logged, ' +
      'writes are logged at `Metadata`, `RequestReceived` is omitted. You still see who changed what and when, but ' +
      'not who read Secrets.',
    body:
      STARTER_HEADER +
      'omitStages:\n  - RequestReceived\nrules:\n  - level: None\n    verbs: ["get", "list", "watch"]\n' +
      '  - level: None\n    resources:\n      - group: ""\n        resources: ["events"]\n      - group: coordination.k8s.io\n        resources: ["leases"]\n' +
      '  - level: Metadata$0\n',
  },
];
