// The finite request space the reachability analysis works in. Each dimension's domain is every
// value the policy mentions plus one fresh "anything else" value; a rule becomes a union of cubes
// over these domains (reachCube.ts). Why this is exact:
//
// 1. Requests are those kube-apiserver builds: resource and subresource are single non-empty path
//    segments (subresource may be absent, ""), names and namespaces are segments too (no "/"),
//    non-resource paths start with "/". Everything else is arbitrary.
// 2. Every rule condition compares a request value with policy strings by equality (users, verbs,
//    namespaces, API group, resource, subresource, names), so two values that equal the same
//    policy strings are interchangeable: all unmentioned values collapse into the fresh one.
//    URL patterns are prefix tests; pathClasses() proves its classes complete below.
// 3. Groups: a request carries a SET of groups and a rule needs one of them in its userGroups.
//    Matching is monotone in that set (more groups never unmatch a rule), so a request matched
//    first by rule i stays matched first by i when its groups shrink to one group of i's list (or
//    to none when i has no userGroups). The group dimension is therefore {each mentioned group,
//    no group}, and the abstract point (group g) stands for the request with groups [g].
// 4. No user (failed authentication) is one more user value; rules with users or userGroups
//    reject it, and since exactly those rules look at groups, its group value is irrelevant.
// Hence a rule is reachable iff its cubes minus the earlier rules' cubes leave a point, and any
// point of what is left is a witness once concretised (reachWitness.ts).
import type { PolicyRule } from './model';
import { SINCE, atLeast } from './version';

/** The dimensions of the space, in the order cubes store them. */
export const enum Dim {
  Kind,
  User,
  Group,
  Verb,
  Namespace,
  ApiGroup,
  Resource,
  Subresource,
  Name,
  Path,
}
export const DIM_COUNT = 10;
export const KIND_RESOURCE = 0;
export const KIND_NON_RESOURCE = 1;

/** One GroupResources entry as the analysis reads it. */
export interface EntryShape {
  /** null: every group (`group: "*"` from Kubernetes 1.36). */
  group: string | null;
  /** null: every resource and subresource of the group. */
  patterns: string[] | null;
  /** null: any name (also when the entry has no resources: kube-apiserver ignores names then). */
  names: string[] | null;
}

/** A rule as plain per-field constraints (null: no constraint). Dead-entry checks narrow one field. */
export interface RuleShape {
  index: number;
  kind: 'resource' | 'nonResource' | 'any';
  users: string[] | null;
  groups: string[] | null;
  verbs: string[] | null;
  namespaces: string[] | null;
  entries: EntryShape[] | null;
  urls: string[] | null;
}

export interface Domain {
  values: string[];
  index: Map<string, number>;
  /** Index of the fresh "anything else" value (-1 for kind and group: none is needed). */
  fresh: number;
}

export interface Space {
  domains: Domain[];
  /** offsets[d]..offsets[d+1]: the 30-bit words of dimension d in a cube. */
  offsets: number[];
  words: number;
  /** The user value "no user" (failed authentication), the last user index. */
  noUser: number;
  /** The group value "no group", the last group index. */
  noGroup: number;
}

const nonEmpty = (list: { value: string }[]) => (list.length > 0 ? list.map((s) => s.value) : null);

/** Returns the constraints of `rule`; `wildcardGroups`: whether `group: "*"` means every group. */
export function shapeOf(rule: PolicyRule, wildcardGroups: boolean): RuleShape {
  const resourceKind = rule.namespaces.length > 0 || rule.resources.length > 0;
  return {
    index: rule.index,
    kind: resourceKind ? 'resource' : rule.nonResourceURLs.length > 0 ? 'nonResource' : 'any',
    users: nonEmpty(rule.users),
    groups: nonEmpty(rule.userGroups),
    verbs: nonEmpty(rule.verbs),
    namespaces: nonEmpty(rule.namespaces),
    entries:
      rule.resources.length === 0
        ? null
        : rule.resources.map((gr) => ({
            group: gr.group === '*' && wildcardGroups ? null : gr.group,
            patterns: nonEmpty(gr.resources),
            names: gr.resources.length > 0 ? nonEmpty(gr.resourceNames) : null,
          })),
    // kube-apiserver never consults nonResourceURLs of a rule with namespaces or resources.
    urls: resourceKind ? null : nonEmpty(rule.nonResourceURLs),
  };
}

/** Returns the shapes of every rule of a policy for a Kubernetes version. */
export function shapesOf(rules: readonly PolicyRule[], kubernetesVersion?: string): RuleShape[] {
  const wildcardGroups = atLeast(kubernetesVersion, SINCE.groupWildcard);
  return rules.map((rule) => shapeOf(rule, wildcardGroups));
}

/** `null` stands for "every value" in a pattern part. */
export interface PatternCube {
  resources: string[] | null;
  subresources: string[] | null;
}

const segment = (s: string) => s !== '' && !s.includes('/');

/**
 * The (resource, subresource) pairs a `resources` string matches (evaluate.ts resourceMatches),
 * restricted to real requests (single path segments), as a union of products.
 */
export function patternCubes(pattern: string): PatternCube[] {
  if (pattern === '*') return [{ resources: null, subresources: null }];
  const parts = pattern.split('/');
  if (parts.length === 1) return segment(pattern) ? [{ resources: [pattern], subresources: [''] }] : [];
  if (parts.length > 2 || !segment(parts[0]!) || !segment(parts[1]!)) return [];
  const [res, sub] = parts as [string, string];
  const cubes: PatternCube[] = [{ resources: [res], subresources: [sub] }];
  if (res === '*') cubes.push({ resources: null, subresources: [sub] });
  if (sub === '*') cubes.push({ resources: [res], subresources: null });
  return cubes;
}

/** A value not in `taken`: the first plausible candidate, else a numbered variant. */
export function fresh(taken: ReadonlySet<string>, candidates: string[]): string {
  for (const c of candidates) if (!taken.has(c)) return c;
  for (let i = 2; ; i++) if (!taken.has(`${candidates[0]}-${i}`)) return `${candidates[0]}-${i}`;
}

function domain(values: Iterable<string>, freshCandidates: string[] | null): Domain {
  const list = [...new Set(values)];
  const taken = new Set(list);
  const freshIndex = freshCandidates ? list.push(fresh(taken, freshCandidates)) - 1 : -1;
  return { values: list, index: new Map(list.map((v, i) => [v, i])), fresh: freshIndex };
}

/** Builds the space of a policy's rules: the vocabulary of each dimension and the cube layout. */
export function buildSpace(shapes: readonly RuleShape[]): Space {
  const v = { users: [] as string[], groups: [] as string[], verbs: [] as string[], namespaces: [''], apiGroups: [] as string[] };
  const res: string[] = [];
  const subs: string[] = [''];
  const names: string[] = [''];
  const urls: string[] = [];
  for (const s of shapes) {
    if (s.users) v.users.push(...s.users);
    if (s.groups) v.groups.push(...s.groups);
    if (s.verbs) v.verbs.push(...s.verbs);
    if (s.namespaces) v.namespaces.push(...s.namespaces.filter((n) => !n.includes('/')));
    if (s.urls) urls.push(...s.urls);
    for (const e of s.entries ?? []) {
      if (e.group !== null) v.apiGroups.push(e.group);
      if (e.names) names.push(...e.names.filter((n) => !n.includes('/')));
      for (const cube of (e.patterns ?? []).flatMap(patternCubes)) {
        if (cube.resources) res.push(...cube.resources);
        if (cube.subresources) subs.push(...cube.subresources);
      }
    }
  }
  const users = domain(v.users, ['someone-else', 'other-user']);
  users.values.push('');
  const groups = domain(v.groups, null);
  groups.values.push('');
  const domains = [
    domain(['resource', 'non-resource'], null),
    users,
    groups,
    domain(v.verbs, ['get', 'list', 'create', 'update', 'patch', 'delete', 'watch', 'other-verb']),
    domain(v.namespaces, ['default', 'other-namespace']),
    domain(v.apiGroups, ['', 'apps', 'batch', 'other.example.com']),
    domain(res, ['pods', 'configmaps', 'services', 'other-resources']),
    domain(subs, ['status', 'other-subresource']),
    domain(names, ['web', 'other-name']),
    domain(pathClasses(urls), null),
  ];
  const offsets = [0];
  for (const d of domains) offsets.push(offsets[offsets.length - 1]! + Math.ceil(d.values.length / 30));
  return { domains, offsets, words: offsets[DIM_COUNT]!, noUser: users.values.length - 1, noGroup: groups.values.length - 1 };
}

/**
 * One path per class of paths the URL patterns cannot tell apart, sorted (so the paths a prefix
 * matches are contiguous). A path x is either an exact entry (its own class) or, if not, its class
 * is fixed by the longest prefix pattern p it starts with (the prefixes of x form a chain, so the
 * ones it matches are exactly those that are prefixes of p); pathFor(p) finds a path starting
 * with p, equal to no exact entry and starting with no longer prefix, which always exists when a
 * real path (starting with "/") does. Classes with no real path are left out.
 */
export function pathClasses(urls: readonly string[]): string[] {
  const exact = new Set(urls.filter((u) => u !== '*' && !u.endsWith('*')));
  const prefixes = [...new Set(urls.filter((u) => u !== '*' && u.endsWith('*')).map((u) => u.replace(/\*+$/, '')))].sort(byCodeUnits);
  const paths = new Set([...exact].filter((e) => e.startsWith('/')));
  const prefixSet = new Set(prefixes);
  for (let k = 0; k <= prefixes.length; k++) {
    const p = prefixes[k] ?? '';
    // In sorted order, the prefixes that extend p follow it directly.
    const longer: string[] = [];
    for (let j = p === '' ? 0 : k + 1; j < prefixes.length && prefixes[j]!.startsWith(p); j++) {
      if (prefixes[j] !== p) longer.push(prefixes[j]!);
    }
    const path = pathFor(p, exact, prefixSet, longer);
    if (path !== undefined) paths.add(path);
  }
  return [...paths].sort(byCodeUnits);
}

/** Orders strings by UTF-16 code units, the order `<` uses (so a prefix's extensions are contiguous). */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const PATH_SUFFIXES = ['', 'other', '/other', '-other', '~other'];
const OUTSIDE_PATHS = ['/version', '/healthz', '/metrics', '/openapi/v2', '/other-path'];

function pathFor(p: string, exact: ReadonlySet<string>, prefixes: ReadonlySet<string>, longer: readonly string[]): string | undefined {
  if (p !== '' && !p.startsWith('/')) return undefined;
  if (p === '' && prefixes.has('/')) return undefined;
  const fits = (y: string) => y.startsWith('/') && !exact.has(y) && !longer.some((q) => y.startsWith(q));
  const tried = p === '' ? OUTSIDE_PATHS : PATH_SUFFIXES.map((s) => p + s);
  const found = tried.find(fits);
  if (found !== undefined) return found;
  // Finitely many strings are excluded, so some one-character extension fits.
  const base = p === '' ? '/' : p;
  for (let c = 33; ; c++) if (fits(base + String.fromCharCode(c))) return base + String.fromCharCode(c);
}
