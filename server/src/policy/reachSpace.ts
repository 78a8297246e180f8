// The finite request space the reachability analysis searches: every value the policy mentions in
// each dimension plus one fresh "anything else" value, and each rule compiled to per-dimension
// constraints over it. Exactness rests on one fact: two requests that agree on which mentioned
// values they equal (and, for URLs, on which patterns they match) are matched by the same rules.
import type { GroupResources, Policy, PolicyRule } from './model';
import { SINCE, atLeast } from './version';

/** A request as the search builds it: one value per dimension (NO_USER: authentication failed). */
export interface AbstractRequest {
  user: string | typeof NO_USER;
  /** At most one group: adding groups never makes a rule stop matching, so one is enough. */
  group: string | null;
  verb: string;
  resource: boolean;
  namespace: string;
  apiGroup: string;
  res: string;
  sub: string;
  name: string;
  path: string;
}

export const NO_USER = Symbol('no user');

export interface CompiledEntry {
  /** null: every group (`*`, 1.36+). */
  group: string | null;
  // The resources patterns as written (pods, pods/*, */scale, *); null: every resource.
  patterns: string[] | null;
  names: Set<string> | null;
}

export interface CompiledRule {
  index: number;
  users: Set<string> | null;
  groups: Set<string> | null;
  verbs: Set<string> | null;
  kind: 'resource' | 'nonResource' | 'any';
  namespaces: Set<string> | null;
  entries: CompiledEntry[] | null;
  urls: string[] | null;
}

export interface Vocabulary {
  users: string[];
  groups: string[];
  verbs: string[];
  namespaces: string[];
  apiGroups: string[];
  resources: string[];
  subresources: string[];
  names: string[];
  paths: string[];
}

const setOrNull = (values: { value: string }[]): Set<string> | null => (values.length > 0 ? new Set(values.map((v) => v.value)) : null);

/** Splits a resources pattern into its resource and subresource parts (`pods/*` -> [pods, *]). */
export function splitPattern(pattern: string): [string, string] {
  const slash = pattern.indexOf('/');
  return slash < 0 ? [pattern, ''] : [pattern.slice(0, slash), pattern.slice(slash + 1)];
}

/** Compiles a rule to constraints; `wildcardGroups` is whether `group: "*"` means every group. */
export function compileRule(rule: PolicyRule, wildcardGroups: boolean): CompiledRule {
  const resourceKind = rule.namespaces.length > 0 || rule.resources.length > 0;
  return {
    index: rule.index,
    users: setOrNull(rule.users),
    groups: setOrNull(rule.userGroups),
    verbs: setOrNull(rule.verbs),
    kind: resourceKind ? 'resource' : rule.nonResourceURLs.length > 0 ? 'nonResource' : 'any',
    namespaces: setOrNull(rule.namespaces),
    entries: rule.resources.length > 0 ? rule.resources.map((gr) => compileEntry(gr, wildcardGroups)) : null,
    urls: !resourceKind && rule.nonResourceURLs.length > 0 ? rule.nonResourceURLs.map((u) => u.value) : null,
  };
}

function compileEntry(gr: GroupResources, wildcardGroups: boolean): CompiledEntry {
  return {
    group: gr.group === '*' && wildcardGroups ? null : gr.group,
    patterns: gr.resources.length > 0 ? gr.resources.map((r) => r.value) : null,
    // checker.go ignores resourceNames when the entry lists no resources (validation refuses it).
    names: gr.resources.length > 0 ? setOrNull(gr.resourceNames) : null,
  };
}

export function compilePolicy(policy: Policy, kubernetesVersion?: string): CompiledRule[] {
  const wildcardGroups = atLeast(kubernetesVersion, SINCE.groupWildcard);
  return policy.rules.map((rule) => compileRule(rule, wildcardGroups));
}

/** A value not in `taken`: the first plausible candidate, else a numbered variant. */
export function fresh(taken: Iterable<string>, candidates: string[]): string {
  const used = new Set(taken);
  for (const c of candidates) if (!used.has(c)) return c;
  for (let i = 2; ; i++) if (!used.has(`${candidates[0]}-${i}`)) return `${candidates[0]}-${i}`;
}

/** Collects the policy's vocabulary, each dimension closed with a fresh "anything else" value. */
export function vocabulary(rules: CompiledRule[]): Vocabulary {
  const users = new Set<string>();
  const groups = new Set<string>();
  const verbs = new Set<string>();
  const namespaces = new Set<string>(['']);
  const apiGroups = new Set<string>();
  const resources = new Set<string>();
  const subresources = new Set<string>(['']);
  const names = new Set<string>(['']);
  const urls: string[] = [];
  for (const r of rules) {
    r.users?.forEach((u) => users.add(u));
    r.groups?.forEach((g) => groups.add(g));
    r.verbs?.forEach((v) => verbs.add(v));
    r.namespaces?.forEach((n) => namespaces.add(n));
    r.urls?.forEach((u) => urls.push(u));
    for (const e of r.entries ?? []) {
      if (e.group !== null) apiGroups.add(e.group);
      e.names?.forEach((n) => names.add(n));
      // Literal `*` parts are values too: `*/*` matches only resource `*` with subresource `*`.
      for (const [res, sub] of (e.patterns ?? []).map(splitPattern)) {
        resources.add(res);
        if (sub !== '') subresources.add(sub);
      }
    }
  }
  return {
    users: [...users, fresh(users, ['someone-else'])],
    groups: [...groups],
    verbs: [...verbs, fresh(verbs, ['get', 'list', 'create', 'update', 'patch', 'delete', 'watch', 'other-verb'])],
    namespaces: [...namespaces, fresh(namespaces, ['default', 'other-namespace'])],
    apiGroups: [...apiGroups, fresh(apiGroups, ['', 'apps', 'batch', 'other.example.com'])],
    resources: [...resources, fresh(resources, ['pods', 'configmaps', 'services', 'other-resources'])],
    subresources: [...subresources, fresh(subresources, ['status', 'other-subresource'])],
    names: [...names, fresh(names, ['web', 'other-name'])],
    paths: pathClasses(urls),
  };
}

/**
 * One path per class of paths that the URL patterns cannot tell apart: every exact URL, every
 * prefix itself (or the prefix plus a suffix starting no longer prefix, when the prefix is also
 * an exact URL), and a path matching no prefix at all.
 */
export function pathClasses(urls: string[]): string[] {
  const exact = new Set(urls.filter((u) => u !== '*' && !u.endsWith('*')));
  const prefixes = [...new Set(urls.filter((u) => u !== '*' && u.endsWith('*')).map((u) => u.replace(/\*+$/, '')))];
  const paths = new Set<string>(exact);
  for (const p of prefixes) paths.add(exact.has(p) ? safeExtension(p, prefixes, exact) : p);
  const outside = fresh([], ['/version', '/healthz', '/metrics', '/other-path']);
  const unmatched = [outside, '/other-path', '/z-other'].find((c) => !exact.has(c) && !prefixes.some((p) => c.startsWith(p)));
  if (unmatched) paths.add(unmatched);
  return [...paths];
}

function safeExtension(prefix: string, prefixes: string[], exact: Set<string>): string {
  for (const suffix of ['other', 'x-other', 'y-other', 'z-other', '~other']) {
    const candidate = prefix + suffix;
    if (!exact.has(candidate) && !prefixes.some((q) => q.length > prefix.length && candidate.startsWith(q))) return candidate;
  }
  return `${prefix}\u007f`;
}
