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
  /** Work units (rule-value checks) one search may spend before it gives up (the answer is then unknown). */
  budget: number;
  /** Work spent so far by every search of this analysis. */
  spent: number;
  /** Work the whole analysis may spend; a search never runs past it. */
  total: number;
  /** Wall-clock time (Date.now()) after which every search gives up: the editor must stay responsive. */
  deadline: number;
}

export type SearchResult = { found: AbstractRequest } | { found: null; exhausted: boolean };

/** Finds a request that `rule` matches and none of `others` matches. */
export function findWitness(rule: CompiledRule, others: CompiledRule[], vocab: Vocabulary, limits: SearchLimits): SearchResult {
  const state: SearchState = {
    nodes: 0,
    budget: Date.now() > limits.deadline ? 0 : Math.max(0, Math.min(limits.budget, limits.total - limits.spent)),
    failed: new Map(),
    deadline: limits.deadline,
  };
  try {
    return findWitnessWithin(rule, others, vocab, state);
  } finally {
    limits.spent += state.nodes;
  }
}

function findWitnessWithin(rule: CompiledRule, others: CompiledRule[], vocab: Vocabulary, state: SearchState): SearchResult {
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

/** How many earlier failures each value is compared with for the superset pruning. */
const MAX_SUBSET_CHECKS = 16;

interface SearchState {
  nodes: number;
  budget: number;
  deadline: number;
  /** Alive sets (with their future signature) already shown to yield no witness, per level. */
  failed: Map<string, true>;
}

interface Option {
  values: AbstractRequest;
  rest: CompiledRule[];
  ids: Set<number>;
  signature: string;
}

/**
 * Depth-first search with two prunings that keep it exact: values leading to the same alive set
 * are tried once, and a value whose alive set contains one that already failed is skipped,
 * because more rules to avoid can only make a witness harder to find (matching is monotone).
 * The signature keeps apart values whose future differs beyond the alive set.
 */
function search(
  rule: CompiledRule,
  alive: CompiledRule[],
  level: Level,
  req: AbstractRequest,
  vocab: Vocabulary,
  state: SearchState,
): boolean {
  if (alive.some((o) => settled(o, level, req))) return false;
  const options: Option[] = [];
  const seen = new Set<string>();
  for (const assign of candidates(rule, level, req, vocab)) {
    // A unit of work is one rule checked against one value: the real cost of a search node.
    state.nodes += 1 + alive.length;
    if (state.nodes > state.budget || Date.now() > state.deadline) {
      state.nodes = state.budget + 1;
      return false;
    }
    assign();
    const rest = alive.filter((o) => satisfies(o, level, req));
    const signature = futureSignature(rule, rest, level, req);
    const key = `${signature}|${rest.map((o) => o.index).join(',')}`;
    if (seen.has(key) || state.failed.has(`${level}|${key}`)) continue;
    seen.add(key);
    options.push({ values: { ...req }, rest, ids: new Set(rest.map((o) => o.index)), signature });
  }
  options.sort((a, b) => a.rest.length - b.rest.length);
  const failed: Option[] = [];
  for (const option of options) {
    // Subset checks cost failed x alive; beyond a few dozen failures the exact dedupe alone is cheaper.
    state.nodes += Math.min(failed.length, MAX_SUBSET_CHECKS) * (1 + option.rest.length);
    if (
      failed
        .slice(-MAX_SUBSET_CHECKS)
        .some((f) => f.signature === option.signature && f.ids.size <= option.ids.size && [...f.ids].every((i) => option.ids.has(i)))
    ) {
      continue;
    }
    Object.assign(req, option.values);
    const next = nextLevel(level, req);
    if (next === null ? option.rest.length === 0 : search(rule, option.rest, next, req, vocab, state)) return true;
    if (state.nodes > state.budget) return false;
    failed.push(option);
    state.failed.set(`${level}|${option.signature}|${option.rest.map((o) => o.index).join(',')}`, true);
  }
  return false;
}

/**
 * What, besides the alive set, shapes the rest of the search after this value: an absent user
 * (no groups follow), and after a (group, resource, subresource) the entries whose resourceNames
 * the name level will consult, for rule i and for the alive rules.
 */
function futureSignature(rule: CompiledRule, rest: CompiledRule[], level: Level, req: AbstractRequest): string {
  if (level === Level.User) return req.user === NO_USER ? 'no-user' : '';
  if (level !== Level.Tuple) return '';
  const entries = (o: CompiledRule) => (o.entries ?? []).map((e, i) => (entryMatchesTuple(e, req) ? i : -1)).filter((i) => i >= 0);
  const named = rest.filter((o) => o.entries?.some((e) => e.names));
  return [entries(rule).join('.'), ...named.map((o) => `${o.index}:${entries(o).join('.')}`)].join(';');
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
      return tuplesOf(rule, vocab).map(
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

const tupleCache = new WeakMap<CompiledRule, [string, string, string][]>();

/** The tuples of a rule, computed once per compiled rule (they depend on nothing else). */
function tuplesOf(rule: CompiledRule, vocab: Vocabulary): [string, string, string][] {
  let cached = tupleCache.get(rule);
  if (!cached) tupleCache.set(rule, (cached = tuples(rule, vocab)));
  return cached;
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
