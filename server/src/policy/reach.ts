// First-match reachability: for every rule, either a witness (a concrete request the rule decides)
// or the earlier rules that together take every request it could match; and, inside live rules,
// the list entries no request reaches through the rule. Exact over the policy's vocabulary
// (reachSpace.ts says why); the search is cube subtraction (reachSearch.ts) over the earlier rules
// an index says can meet the rule (reachIndex.ts).
import type { Policy } from './model';
import { ruleMatches } from './evaluate';
import type { AuditRequest } from './request';
import { cubesOf } from './reachCube';
import type { Cube } from './reachCube';
import { findDeadEntries } from './reachEntries';
import { OverlapIndex } from './reachIndex';
import { explainCover, Meter, searchLeftover } from './reachSearch';
import { buildSpace, shapesOf } from './reachSpace';
import type { RuleShape, Space } from './reachSpace';
import { concreteWitness } from './reachWitness';
import type { CancellationFlag, Span } from './types';

export interface ReachOptions {
  kubernetesVersion?: string;
  cancel?: CancellationFlag;
  /** Work (cube comparisons) one search may spend (default 2,000,000); beyond it that verdict is unknown. */
  budget?: number;
  /** Work the whole analysis may spend (default 20,000,000). */
  totalBudget?: number;
  /** Wall-clock milliseconds the whole analysis may take (default 1,500); later verdicts are unknown. */
  timeLimitMs?: number;
}

export type DeadEntryField = 'users' | 'userGroups' | 'verbs' | 'namespaces' | 'resources' | 'resourceNames' | 'nonResourceURLs' | 'group';

export interface DeadEntry {
  /** `group`: a whole `resources` entry (its group and every resource listed under it). */
  field: DeadEntryField;
  value: string;
  span: Span;
  /** Earlier rules (0-based, in order) that take every request this entry would let the rule match. */
  shadowedBy: number[];
}

export interface RuleReach {
  rule: number;
  /** null: the search ran out of budget or was cancelled, so nothing is claimed. */
  reachable: boolean | null;
  /** For a dead rule: earlier rules (0-based, in order) that together cover it; none when it matches no request at all. */
  shadowedBy: number[];
  witness: AuditRequest | null;
  deadEntries: DeadEntry[];
}

export interface ReachResult {
  rules: RuleReach[];
  /** False when cancelled or out of budget: some verdicts are unknown (null) or dead entries unchecked. */
  complete: boolean;
}

/** A policy compiled for the search; built once per policy and version. */
export interface ReachContext {
  shapes: RuleShape[];
  space: Space;
  cubes: Cube[][];
  index: OverlapIndex;
}

const DEFAULT_BUDGET = 2_000_000;
const DEFAULT_TOTAL_BUDGET = 20_000_000;
const DEFAULT_TIME_LIMIT_MS = 1_500;

const contexts = new WeakMap<Policy, Map<string, ReachContext>>();

/** Returns the compiled form of `policy` (cached per policy object and version). */
export function reachContext(policy: Policy, kubernetesVersion?: string): ReachContext {
  let byVersion = contexts.get(policy);
  if (!byVersion) contexts.set(policy, (byVersion = new Map()));
  let context = byVersion.get(kubernetesVersion ?? '');
  if (!context) {
    const shapes = shapesOf(policy.rules, kubernetesVersion);
    const space = buildSpace(shapes);
    const cubes = shapes.map((shape) => cubesOf(shape, space));
    context = { shapes, space, cubes, index: new OverlapIndex(space, cubes) };
    byVersion.set(kubernetesVersion ?? '', context);
  }
  return context;
}

/** A meter for one analysis from the options' limits. */
export function meterFor(options: ReachOptions, timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS): Meter {
  return new Meter(options.totalBudget ?? DEFAULT_TOTAL_BUDGET, Date.now() + timeLimitMs, options.budget ?? DEFAULT_BUDGET, options.cancel);
}

/** Returns the reachability of every rule of `policy`. */
export function analyzeReachability(policy: Policy, options: ReachOptions = {}): ReachResult {
  const context = reachContext(policy, options.kubernetesVersion);
  const meter = meterFor(options);
  const rules: RuleReach[] = [];
  let complete = true;
  for (let i = 0; i < policy.rules.length; i++) {
    const verdict = meter.exhausted ? unknown(i) : judgeRule(policy, context, i, meter);
    if (verdict.reachable === null) complete = false;
    rules.push(verdict);
  }
  return { rules, complete: complete && !meter.exhausted };
}

function unknown(rule: number): RuleReach {
  return { rule, reachable: null, shadowedBy: [], witness: null, deadEntries: [] };
}

function judgeRule(policy: Policy, context: ReachContext, i: number, meter: Meter): RuleReach {
  const targets = context.cubes[i]!;
  if (targets.length === 0) return { rule: i, reachable: false, shadowedBy: [], witness: null, deadEntries: [] };
  const blockers = context.index.blockers(i, i, targets);
  const outcome = searchLeftover(targets, blockers, context.space.offsets, meter);
  if (outcome.live === undefined) return unknown(i);
  if (outcome.live === null) {
    const shadowedBy = explainCover(targets, blockers, outcome.used, context.space.offsets, meter);
    return { rule: i, reachable: false, shadowedBy, witness: null, deadEntries: [] };
  }
  const shape = context.shapes[i]!;
  const deadEntries = findDeadEntries(policy.rules[i]!, shape, targets, outcome.live, blockers, context.space, meter);
  return { rule: i, reachable: true, shadowedBy: [], witness: concreteWitness(outcome.live, shape, context.space), deadEntries };
}

/**
 * True when moving dead rule `from` just above rule `to` makes it decide requests while every
 * rule it passes that decided some requests still decides some. Rules before `to` and after `from`
 * see the same earlier requests either way, so only the passed rules need checking: a passed rule
 * whose witness the moved rule does not match keeps it; otherwise it is searched again with the
 * moved rule's cubes as one more blocker.
 */
export function moveKeepsRulesLive(policy: Policy, result: ReachResult, from: number, to: number, options: ReachOptions = {}): boolean {
  const context = reachContext(policy, options.kubernetesVersion);
  const meter = meterFor(options, MOVE_CHECK_TIME_MS);
  const moved = context.cubes[from]!;
  const offsets = context.space.offsets;
  // Unknown (out of budget) counts as no: a fix is offered only when it is known to be safe.
  if (!searchLeftover(moved, context.index.blockers(from, to, moved), offsets, meter).live) return false;
  const movedRule = policy.rules[from]!;
  for (let k = to; k < from; k++) {
    const verdict = result.rules[k];
    if (!verdict || verdict.reachable === null) return false;
    if (!verdict.reachable || !ruleMatches(movedRule, verdict.witness!, options)) continue;
    const targets = context.cubes[k]!;
    const blockers = [...context.index.blockers(k, k, targets), ...moved.map((cube) => ({ rule: from, cube }))];
    if (!searchLeftover(targets, blockers, offsets, meter).live) return false;
  }
  return true;
}

const MOVE_CHECK_TIME_MS = 50;
