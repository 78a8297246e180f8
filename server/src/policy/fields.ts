// THE table of the audit.k8s.io/v1 Policy format: every field of Policy, PolicyRule and
// GroupResources, and every level and stage. Validation, hover, completion and the TextMate
// grammar all read this file; there is no second list of levels or stages anywhere.

export type FieldType = 'string' | 'stringList' | 'stageList' | 'level' | 'bool' | 'ruleList' | 'groupResourcesList' | 'object';

/** The three object kinds of the format. */
export type ObjectKind = 'Policy' | 'PolicyRule' | 'GroupResources';

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** Markdown: what it does and how it matches. */
  doc: string;
  /** A YAML example of the field in use. */
  example: string;
  /** Kubernetes minor version the field appeared in (omitted: since audit.k8s.io/v1 existed). */
  since?: string;
  required?: boolean;
}

export const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type Level = (typeof LEVELS)[number];
export const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export type Stage = (typeof STAGES)[number];

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

export interface ValueDoc {
  /** One line, used in completion details. */
  summary: string;
  /** Markdown, used in hovers and completion documentation. */
  doc: string;
}

export const LEVEL_DOCS: Record<Level, ValueDoc> = {
  None: {
    summary: 'Do not log requests that match this rule.',
    doc: 'No audit event is produced at all for requests that match this rule, whatever the stage.',
  },
  Metadata: {
    summary: 'Log request metadata only: user, verb, resource, timestamps; no bodies.',
    doc:
      'Each event records who, what and when: user and groups, impersonated user, source IPs, user agent, ' +
      'verb, request URI, `objectRef` (group, version, resource, namespace, name, subresource), response status ' +
      'code, timestamps and annotations. Neither the request body nor the response body is recorded.',
  },
  Request: {
    summary: 'Log metadata and the request body, not the response body.',
    doc:
      'Everything `Metadata` records, plus `requestObject`: the body sent by the client (the object on ' +
      'create/update, the patch on patch, DeleteOptions on delete). Bodies exist only for **resource** requests: ' +
      'for non-resource URLs (`/healthz`, `/metrics`, discovery) and connect subresources (`pods/exec`, ' +
      '`pods/attach`, `pods/portforward`, `*/proxy`) this level records exactly what `Metadata` records.',
  },
  RequestResponse: {
    summary: 'Log metadata, the request body and the response body.',
    doc:
      'Everything `Request` records, plus `responseObject`: the object the API server returned (for a `list` ' +
      'or `watch`, the whole list or every watch event object). The largest level: on reads of large resources ' +
      'it can dominate the log. Bodies exist only for resource requests; on non-resource URLs and connect ' +
      'subresources this level records what `Metadata` records.',
  },
};

export const STAGE_DOCS: Record<Stage, ValueDoc> = {
  RequestReceived: {
    summary: 'Emitted as soon as the audit handler receives the request, before any response.',
    doc:
      'The first stage of every request: emitted as soon as the audit handler receives the request, before it ' +
      'is delegated down the handler chain. It duplicates the information of the later event, so omitting it ' +
      'roughly halves the number of events.',
  },
  ResponseStarted: {
    summary: 'Only for long-running requests (watch, exec, logs follow): once the response headers are sent.',
    doc:
      'Emitted once the response headers are sent, but before the response body is complete. Only produced by ' +
      'long-running requests such as `watch`, `exec`, `attach`, `portforward` and `proxy`.',
  },
  ResponseComplete: {
    summary: 'Emitted when the response body has been completed.',
    doc: 'Emitted when the response has been completed and no more bytes will be sent. Every request that completes has it.',
  },
  Panic: {
    summary: 'Emitted when a panic occurred while handling the request.',
    doc: 'Emitted when the API server panicked while handling the request. Omitting it hides crashes from the log.',
  },
};

const POLICY_FIELDS: FieldSpec[] = [
  {
    name: 'apiVersion',
    type: 'string',
    required: true,
    doc: 'Must be `audit.k8s.io/v1`. `audit.k8s.io/v1beta1` and `v1alpha1` were removed in Kubernetes 1.24: kube-apiserver refuses them.',
    example: 'apiVersion: audit.k8s.io/v1',
  },
  {
    name: 'kind',
    type: 'string',
    doc: 'Must be `Policy`. When it is missing kube-apiserver still loads the file, but other tools will not recognise it.',
    example: 'kind: Policy',
  },
  {
    name: 'metadata',
    type: 'object',
    doc: 'Ordinary object metadata. kube-apiserver ignores it for audit purposes.',
    example: 'metadata:\n  name: audit-policy',
  },
  {
    name: 'rules',
    type: 'ruleList',
    required: true,
    doc:
      'The rules, tried **in order**: the first rule that matches a request sets its audit level and stages, ' +
      'and later rules are never consulted. A request no rule matches is not logged (level `None`). ' +
      'A policy with no rules is refused by kube-apiserver.',
    example: 'rules:\n  - level: Metadata',
  },
  {
    name: 'omitStages',
    type: 'stageList',
    doc:
      "Stages for which no event is generated, for every rule. Each rule's own `omitStages` is **added** to this " +
      'list (a union): a rule cannot bring back a stage omitted here. Only stage names are allowed.',
    example: 'omitStages:\n  - RequestReceived',
  },
  {
    name: 'omitManagedFields',
    type: 'bool',
    since: '1.23',
    doc:
      'When true, `managedFields` are removed from the request and response bodies written to the log. A rule ' +
      'that sets `omitManagedFields` (true or false) overrides this value. Only matters at `Request` and ' +
      '`RequestResponse`, where bodies are logged.',
    example: 'omitManagedFields: true',
  },
];

const RULE_FIELDS: FieldSpec[] = [
  {
    name: 'level',
    type: 'level',
    required: true,
    doc: 'The audit level for requests matching this rule: `None`, `Metadata`, `Request` or `RequestResponse`.',
    example: 'level: Metadata',
  },
  {
    name: 'users',
    type: 'stringList',
    doc:
      'User names this rule applies to (exact, case-sensitive; `*` is not a wildcard). The user is the ' +
      'authenticated one, never the impersonated one. Requests that failed authentication have no user and never ' +
      'match a rule with `users`. Empty or absent: every user.',
    example: 'users: ["system:kube-proxy"]',
  },
  {
    name: 'userGroups',
    type: 'stringList',
    doc:
      'Groups this rule applies to: the rule matches when the user is in **at least one** of them. Exact strings; ' +
      'empty or absent: every group.',
    example: 'userGroups: ["system:nodes"]',
  },
  {
    name: 'verbs',
    type: 'stringList',
    doc:
      'Verbs this rule applies to, exact and lower-case (`get`, `list`, `watch`, `create`, `update`, `patch`, ' +
      '`delete`, `deletecollection`; for non-resource URLs the lower-cased HTTP method). `*` is **not** a ' +
      'wildcard here. Empty or absent: every verb.',
    example: 'verbs: ["get", "list", "watch"]',
  },
  {
    name: 'resources',
    type: 'groupResourcesList',
    doc:
      'API groups and resources this rule applies to; a request matches when it matches **one** entry. A rule ' +
      'with `resources` only matches resource requests. Empty or absent: every resource and non-resource request.',
    example: 'resources:\n  - group: ""\n    resources: ["pods"]',
  },
  {
    name: 'namespaces',
    type: 'stringList',
    doc:
      'Namespaces this rule applies to. `""` stands for requests without a namespace: cluster-scoped resources, ' +
      'and lists/watches/creates across all namespaces. A rule with `namespaces` only matches resource requests. ' +
      'Empty or absent: every namespace.',
    example: 'namespaces: ["kube-system"]',
  },
  {
    name: 'nonResourceURLs',
    type: 'stringList',
    doc:
      'URL paths of non-resource requests (`/healthz`, `/metrics`, `/version`, discovery). A trailing `*` is a ' +
      'prefix match (`/healthz*` matches `/healthz/etcd`); `*` alone matches every path. Cannot be combined with ' +
      '`resources` or `namespaces`.',
    example: 'nonResourceURLs: ["/healthz*", "/version"]',
  },
  {
    name: 'omitStages',
    type: 'stageList',
    doc:
      'Stages for which no event is generated for requests matching this rule, **in addition to** the ' +
      'policy-level `omitStages` (the two lists are united).',
    example: 'omitStages: ["RequestReceived"]',
  },
  {
    name: 'omitManagedFields',
    type: 'bool',
    since: '1.23',
    doc:
      'Removes `managedFields` from the logged request and response bodies. When set (true **or** false) it ' +
      'overrides the policy-level value; when absent, the policy-level value applies.',
    example: 'omitManagedFields: true',
  },
];

const GROUP_RESOURCES_FIELDS: FieldSpec[] = [
  {
    name: 'group',
    type: 'string',
    doc:
      'The API group, without a version: `""` is the core group (pods, secrets, configmaps...), `apps` holds ' +
      'deployments, `rbac.authorization.k8s.io` roles. Since Kubernetes 1.36, `"*"` matches every group.',
    example: 'group: apps',
  },
  {
    name: 'resources',
    type: 'stringList',
    doc:
      'Resources of the group: `pods` matches pods but **not** their subresources; `pods/log` only that ' +
      'subresource; `pods/*` pods and all their subresources; `*/scale` the scale subresource of every ' +
      'resource; `*` every resource and subresource of the group. Empty or absent: all of them.',
    example: 'resources: ["pods", "pods/log"]',
  },
  {
    name: 'resourceNames',
    type: 'stringList',
    doc:
      'Object names to match. Requests without a name (create, list, watch of a collection, ' +
      'deletecollection) never match a non-empty `resourceNames`. Requires `resources`.',
    example: 'resourceNames: ["controller-leader"]',
  },
];

export const FIELDS: Record<ObjectKind, readonly FieldSpec[]> = {
  Policy: POLICY_FIELDS,
  PolicyRule: RULE_FIELDS,
  GroupResources: GROUP_RESOURCES_FIELDS,
};

/** Returns the spec of `name` in `kind`, or undefined when kube-apiserver does not know the field. */
export function fieldSpec(kind: ObjectKind, name: string): FieldSpec | undefined {
  return FIELDS[kind].find((f) => f.name === name);
}

/** The only apiVersion kube-apiserver accepts for policy files since 1.24. */
export const API_VERSION = 'audit.k8s.io/v1';
export const REMOVED_API_VERSIONS = ['audit.k8s.io/v1beta1', 'audit.k8s.io/v1alpha1'] as const;
export const API_GROUP = 'audit.k8s.io';

/** Request verbs as an audit policy's `verbs` sees them, resource verbs first. */
export const VERB_DOCS: Record<string, ValueDoc & { nonResource?: boolean; resource?: boolean }> = {
  get: {
    resource: true,
    nonResource: true,
    summary: 'Read one object (GET/HEAD with a name); on a non-resource URL, a GET.',
    doc:
      'Resource requests: `GET` (or `HEAD`) of one named object or subresource (`pods/log`, and the websocket form of ' +
      '`pods/exec`). Non-resource URLs: an HTTP `GET` (`/healthz`, `/metrics`, discovery).',
  },
  list: {
    resource: true,
    summary: 'Read a collection (GET without a name).',
    doc: 'A `GET` of a collection (`/api/v1/namespaces/ns/pods`, or across all namespaces `/api/v1/pods`). No name, so `resourceNames` never matches it.',
  },
  watch: {
    resource: true,
    summary: 'Stream changes of a collection or object (GET ?watch=true).',
    doc:
      'A `GET` with `watch=true` (or the legacy `/watch/` path): a long-running request, with a `ResponseStarted` event when ' +
      'the stream opens and a `ResponseComplete` event when it ends (often minutes later).',
  },
  create: {
    resource: true,
    summary: 'Create an object (POST), also exec/attach/portforward and token requests.',
    doc: 'A `POST`: creating an object, and POST subresources (`pods/exec`, `pods/eviction`, `serviceaccounts/token`, `pods/binding`). The name is not known, so `resourceNames` never matches it.',
  },
  update: {
    resource: true,
    summary: 'Replace an object (PUT).',
    doc: 'A `PUT` of a whole object or subresource (`deployments/scale`, `*/status`).',
  },
  patch: {
    resource: true,
    nonResource: true,
    summary: 'Modify an object partially (PATCH).',
    doc: 'A `PATCH` (JSON, merge, strategic merge or server-side apply).',
  },
  delete: {
    resource: true,
    nonResource: true,
    summary: 'Delete one object (DELETE with a name).',
    doc: 'A `DELETE` of one named object. On a non-resource URL, an HTTP `DELETE`.',
  },
  deletecollection: {
    resource: true,
    summary: 'Delete a collection (DELETE without a name).',
    doc: 'A `DELETE` of a whole collection (`kubectl delete pods --all`). No name, so `resourceNames` never matches it.',
  },
  post: {
    nonResource: true,
    summary: 'HTTP POST to a non-resource URL.',
    doc: 'Non-resource URLs only: the lower-cased HTTP method. A POST on a resource is `create`.',
  },
  put: {
    nonResource: true,
    summary: 'HTTP PUT to a non-resource URL.',
    doc: 'Non-resource URLs only: the lower-cased HTTP method. A PUT on a resource is `update`.',
  },
  head: {
    nonResource: true,
    summary: 'HTTP HEAD to a non-resource URL (not `get`).',
    doc: 'Non-resource URLs only: a `HEAD` has verb `head`, so `verbs: ["get"]` misses it. A HEAD on a resource is `get`.',
  },
  options: {
    nonResource: true,
    summary: 'HTTP OPTIONS to a non-resource URL.',
    doc: 'Non-resource URLs only: the lower-cased HTTP method.',
  },
  proxy: {
    resource: true,
    summary: 'Legacy /proxy/ path prefix (deprecated API proxy).',
    doc: 'Set by the legacy `/api/v1/proxy/...` path form only. The `pods/proxy`, `services/proxy` and `nodes/proxy` subresources use the ordinary verbs.',
  },
};
