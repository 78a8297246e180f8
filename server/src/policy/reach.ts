// First-match reachability: for every rule, either a witness (a concrete request the rule decides)
// or the earlier rules that together take every request it could match; and, inside live rules,
// the list entries no request reaches through the rule. Exact over the policy's vocabulary.
import type { Policy, PolicyRule, Str } from './model';
import { nonResourceRequest } from './request';
import type { AuditRequest } from './request';
import { compilePolicy, NO_USER, vocabulary } from './reachSpace';
import type { AbstractRequest, CompiledRule, Vocabulary } from './reachSpace';
import { findWitness } from './reachSearch';
import type { SearchLimits } from './reachSearch';
import type { CancellationFlag, Span } from './types';

export interface ReachOptions {
  kubernetesVersion?: string;
  cancel?: CancellationFlag;
  /** Work one search may spend (default 2,000,000 rule-value checks); beyond it a verdict is unknown. */
  budget?: number;
  /** Work the whole analysis may spend (default 4,000,000): keeps the editor responsive on huge or adversarial policies. */
  totalBudget?: number;
  /** Wall-clock milliseconds the whole analysis may take (default 1,500); later verdicts are unknown. */
  timeLimitMs?: number;
}

export type DeadEntryField = 'users' | 'userGroups' | 'verbs' | 'namespaces' | 'resources' | 'resourceNames' | 'nonResourceURLs';

export interface DeadEntry {
  field: DeadEntryField;
  value: string;
  span: Span;
  /** Earlier rules that take every request this entry would let the rule match. */
  shadowedBy: number[];
}

export interface RuleReach {
  rule: number;
  /** null: the search ran out of budget or was cancelled, so nothing is claimed. */
  reachable: boolean | null;
  /** For a dead rule: earlier rules (0-based, in order) that together cover it. */
  shadowedBy: number[];
  witness: AuditRequest | null;
  deadEntries: DeadEntry[];
}

export interface ReachResult {
  rules: RuleReach[];
  /** False when cancelled or a search ran out of budget: some verdicts are unknown. */
  complete: boolean;
}

const DEFAULT_BUDGET = 1_000_000;
const DEFAULT_TOTAL_BUDGET = 4_000_000;
const DEFAULT_TIME_LIMIT_MS = 1_500;
/** Covers larger than this are reported as found rather than minimised (each step is a search). */
const MAX_COVER_TO_MINIMISE = 40;

/** Returns the reachability of every rule of `policy`. */
export function analyzeReachability(policy: Policy, options: ReachOptions = {}): ReachResult {
  const compiled = compilePolicy(policy, options.kubernetesVersion);
  const vocab = vocabulary(compiled);
  const total = options.totalBudget ?? DEFAULT_TOTAL_BUDGET;
  const limits: SearchLimits = {
    budget: options.budget ?? DEFAULT_BUDGET,
    spent: 0,
    total,
    deadline: Date.now() + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS),
  };
  const rules: RuleReach[] = [];
  let complete = true;
  for (const rule of compiled) {
    if (options.cancel?.isCancellationRequested || limits.spent > total || Date.now() > limits.deadline) {
      complete = false;
      rules.push({ rule: rule.index, reachable: null, shadowedBy: [], witness: null, deadEntries: [] });
      continue;
    }
    const earlier = compiled.slice(0, rule.index).filter((o) => mayOverlap(rule, o));
    const result = findWitness(rule, earlier, vocab, limits);
    if (result.found) {
      const deadEntries = findDeadEntries(policy.rules[rule.index], rule, earlier, vocab, limits);
      rules.push({ rule: rule.index, reachable: true, shadowedBy: [], witness: concrete(result.found), deadEntries });
    } else if (result.exhausted) {
      complete = false;
      rules.push({ rule: rule.index, reachable: null, shadowedBy: [], witness: null, deadEntries: [] });
    } else {
      rules.push({
        rule: rule.index,
        reachable: false,
        shadowedBy: minimalCover(rule, earlier, vocab, limits),
        witness: null,
        deadEntries: [],
      });
    }
  }
  return { rules, complete };
}

/** A cheap necessary condition for two rules to match a common request. */
export function mayOverlap(a: CompiledRule, b: CompiledRule): boolean {
  if (a.kind !== 'any' && b.kind !== 'any' && a.kind !== b.kind) return false;
  const disjoint = (x: Set<string> | null, y: Set<string> | null) => x !== null && y !== null && ![...x].some((v) => y.has(v));
  if (disjoint(a.users, b.users) || disjoint(a.verbs, b.verbs) || disjoint(a.namespaces, b.namespaces)) return false;
  if (a.entries && b.entries) {
    const groupsA = a.entries.map((e) => e.group);
    const groupsB = b.entries.map((e) => e.group);
    if (!groupsA.some((g) => g === null || groupsB.some((h) => h === null || h === g))) return false;
  }
  return true;
}

/** Shrinks the set of earlier rules that covers `rule` by dropping rules it does not need. */
function minimalCover(rule: CompiledRule, earlier: CompiledRule[], vocab: Vocabulary, limits: SearchLimits): number[] {
  let cover = earlier;
  if (cover.length <= MAX_COVER_TO_MINIMISE) {
    for (let i = cover.length - 1; i >= 0; i--) {
      const without = cover.filter((_, j) => j !== i);
      const test = findWitness(rule, without, vocab, limits);
      if (!test.found && !test.exhausted) cover = without;
    }
  }
  return cover.map((o) => o.index);
}

const LIST_FIELDS = [
  ['users', 'users'],
  ['userGroups', 'groups'],
  ['verbs', 'verbs'],
  ['namespaces', 'namespaces'],
] as const;

/** Entries of a live rule's lists that no request reaches through this rule. */
function findDeadEntries(
  source: PolicyRule,
  rule: CompiledRule,
  earlier: CompiledRule[],
  vocab: Vocabulary,
  limits: SearchLimits,
): DeadEntry[] {
  const dead: DeadEntry[] = [];
  const check = (field: DeadEntryField, entry: Str, restricted: CompiledRule) => {
    const result = findWitness(restricted, earlier, vocab, limits);
    if (!result.found && !result.exhausted) {
      dead.push({ field, value: entry.value, span: entry.span, shadowedBy: minimalCover(restricted, earlier, vocab, limits) });
    }
  };
  for (const [field, key] of LIST_FIELDS) {
    const list = source[field];
    if (list.length > 1) for (const entry of list) check(field, entry, { ...rule, [key]: new Set([entry.value]) });
  }
  if (rule.urls && rule.urls.length > 1) {
    for (const entry of source.nonResourceURLs) check('nonResourceURLs', entry, { ...rule, urls: [entry.value] });
  }
  if (rule.entries) {
    source.resources.forEach((gr, i) => {
      const own = rule.entries![i];
      const total = rule.entries!.reduce((n, e) => n + (e.patterns?.length ?? 1), 0);
      if (total > 1) gr.resources.forEach((res) => check('resources', res, { ...rule, entries: [{ ...own, patterns: [res.value] }] }));
      if (gr.resourceNames.length > 1) {
        gr.resourceNames.forEach((n) => check('resourceNames', n, { ...rule, entries: [{ ...own, names: new Set([n.value]) }] }));
      }
    });
  }
  return dead;
}

/** Turns an abstract witness into a request with plausible paths and versions. */
function concrete(a: AbstractRequest): AuditRequest {
  const user = a.user === NO_USER ? undefined : a.user;
  const groups = a.group === null ? [] : [a.group];
  if (!a.resource) return nonResourceRequest(user, groups, a.verb, a.path);
  const prefix = a.apiGroup === '' ? '/api/v1' : `/apis/${a.apiGroup}/v1`;
  const parts = [prefix, a.namespace ? `namespaces/${a.namespace}` : '', a.res, a.name, a.sub].filter((p) => p !== '');
  return {
    user,
    groups,
    verb: a.verb,
    isResourceRequest: true,
    apiGroup: a.apiGroup,
    apiVersion: 'v1',
    resource: a.res,
    subresource: a.sub,
    namespace: a.namespace,
    name: a.name,
    path: parts.join('/'),
  };
}
