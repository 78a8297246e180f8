// The search behind the reachability analysis: is there a request that rule i matches and no
// rule of a given set matches? Depth-first over the dimensions of reachSpace.ts, trying only
// values rule i accepts, dropping earlier rules as soon as an assigned value excludes them, and
// cutting a branch as soon as an earlier rule is sure to match whatever comes next.
import { NO_USER } from './reachSpace';
import type { AbstractRequest, CompiledEntry, CompiledRule, Vocabulary } from './reachSpace';
import { pathMatches, resourceMatches } from './evaluate';

/** Levels of the search, in kube-apiserver's check order. */
const enum Level {
  Kind,
  User,
  Group,
  Verb,
  Namespace,
  Tuple,
  Name,
  Path,
}

export interface SearchLimits {
  /** Nodes one search may visit before it gives up (the answer is then unknown). */
  budget: number;
}

export type SearchResult = { found: AbstractRequest } | { found: null; exhausted: boolean };

/** Finds a request that `rule` matches and none of `others` matches. */
export function findWitness(rule: CompiledRule, others: CompiledRule[], vocab: Vocabulary, limits: SearchLimits): SearchResult {
  const state = { nodes: 0, budget: limits.budget };
  const req: AbstractRequest = {
    user: '',
    group: null,
    verb: '',
    resource: true,
    namespace: '',
    apiGroup: '',
    res: '',
    sub: '',
    name: '',
    path: '',
  };
  const kinds = rule.kind === 'any' ? [true, false] : [rule.kind === 'resource'];
  for (const resource of kinds) {
    req.resource = resource;
    const alive = others.filter((o) => satisfies(o, Level.Kind, req));
    if (search(rule, alive, Level.User, req, vocab, state)) return { found: { ...req } };
    if (state.nodes > state.budget) return { found: null, exhausted: true };
  }
  return { found: null, exhausted: false };
}

function nextLevel(level: Level, req: AbstractRequest): Level | null {
  if (level === Level.Verb) return req.resource ? Level.Namespace : Level.Path;
  if (level === Level.Name || level === Level.Path) return null;
  return level + 1;
}

function search(
  rule: CompiledRule,
  alive: CompiledRule[],
  level: Level,
  req: AbstractRequest,
  vocab: Vocabulary,
  state: { nodes: number; budget: number },
): boolean {
  if (alive.some((o) => settled(o, level, req))) return false;
  for (const assign of candidates(rule, level, req, vocab)) {
    if (++state.nodes > state.budget) return false;
    assign();
    const rest = alive.filter((o) => satisfies(o, level, req));
    const next = nextLevel(level, req);
    if (next === null ? rest.length === 0 : search(rule, rest, next, req, vocab, state)) return true;
  }
  return false;
}

/**
 * True when `o` has no constraint left at or after `level`: it matches every completion of the
 * request assigned so far, so the branch cannot yield a witness.
 */
function settled(o: CompiledRule, level: Level, req: AbstractRequest): boolean {
  if (level <= Level.User && (o.users || o.groups)) return false;
  if (level <= Level.Group && o.groups) return false;
  if (level <= Level.Verb && o.verbs) return false;
  if (req.resource) {
    if (level <= Level.Namespace && o.namespaces) return false;
    if (level <= Level.Tuple && o.entries) return false;
    if (level <= Level.Name && o.entries?.some((e) => e.names)) return false;
    return true;
  }
  return level > Level.Path || !o.urls;
}

/** True when the values assigned at `level` do not exclude rule `o`. */
function satisfies(o: CompiledRule, level: Level, req: AbstractRequest): boolean {
  switch (level) {
    case Level.Kind:
      return o.kind === 'any' || (o.kind === 'resource') === req.resource;
    case Level.User:
      if (req.user === NO_USER) return !o.users && !o.groups;
      return !o.users || o.users.has(req.user);
    case Level.Group:
      return !o.groups || (req.group !== null && o.groups.has(req.group));
    case Level.Verb:
      return !o.verbs || o.verbs.has(req.verb);
    case Level.Namespace:
      return !o.namespaces || o.namespaces.has(req.namespace);
    case Level.Tuple:
      return !o.entries || o.entries.some((e) => entryMatchesTuple(e, req));
    case Level.Name:
      return !o.entries || o.entries.some((e) => entryMatchesTuple(e, req) && (!e.names || e.names.has(req.name)));
    case Level.Path:
      return !o.urls || o.urls.some((u) => pathMatches(u, req.path));
  }
}

export function entryMatchesTuple(e: CompiledEntry, req: AbstractRequest): boolean {
  if (e.group !== null && e.group !== req.apiGroup) return false;
  return !e.patterns || e.patterns.some((pattern) => resourceMatches(pattern, req.res, req.sub));
}

type Assign = () => void;

/** The values rule `rule` accepts at `level`, each as a setter; unconstrained dimensions try "anything else" first. */
function candidates(rule: CompiledRule, level: Level, req: AbstractRequest, vocab: Vocabulary): Assign[] {
  const set = <K extends keyof AbstractRequest>(key: K, values: AbstractRequest[K][]): Assign[] =>
    values.map((v) => () => void (req[key] = v));
  switch (level) {
    case Level.User: {
      if (rule.users) return set('user', [...rule.users]);
      const users: AbstractRequest['user'][] = [...vocab.users].reverse();
      if (!rule.groups) users.push(NO_USER);
      return set('user', users);
    }
    case Level.Group:
      return set('group', req.user === NO_USER ? [null] : rule.groups ? [...rule.groups] : [null]);
    case Level.Verb:
      return set('verb', rule.verbs ? [...rule.verbs] : [...vocab.verbs].reverse());
    case Level.Namespace:
      return set('namespace', rule.namespaces ? [...rule.namespaces] : [...vocab.namespaces].reverse());
    case Level.Tuple:
      return tuples(rule, vocab).map(
        ([g, r, s]) =>
          () =>
            Object.assign(req, { apiGroup: g, res: r, sub: s }),
      );
    case Level.Name:
      return set('name', nameCandidates(rule, req, vocab));
    case Level.Path:
      return set('path', rule.urls ? vocab.paths.filter((p) => rule.urls!.some((u) => pathMatches(u, p))) : [...vocab.paths].reverse());
    default:
      return [];
  }
}

/** The (group, resource, subresource) values rule `rule` accepts, "anything else" first. */
function tuples(rule: CompiledRule, vocab: Vocabulary): [string, string, string][] {
  const out = new Map<string, [string, string, string]>();
  const add = (g: string, r: string, s: string) => out.set(`${g}\u0000${r}\u0000${s}`, [g, r, s]);
  const groups = (e: CompiledEntry | null) => (e && e.group !== null ? [e.group] : [...vocab.apiGroups].reverse());
  const resources = [...vocab.resources].reverse();
  const subs = [...vocab.subresources].reverse();
  for (const e of rule.entries ?? [null]) {
    for (const g of groups(e)) {
      for (const r of resources) {
        for (const s of subs) if (!e?.patterns || e.patterns.some((p) => resourceMatches(p, r, s))) add(g, r, s);
      }
    }
  }
  return [...out.values()];
}

function nameCandidates(rule: CompiledRule, req: AbstractRequest, vocab: Vocabulary): string[] {
  if (!rule.entries) return [...vocab.names].reverse();
  const names = new Set<string>();
  for (const e of rule.entries) {
    if (!entryMatchesTuple(e, req)) continue;
    if (!e.names) return [...vocab.names].reverse();
    e.names.forEach((n) => names.add(n));
  }
  return [...names];
}
