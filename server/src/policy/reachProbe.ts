// "Which rule first decides a request of this kind?" asked exactly, with the reachability search:
// a probe (verbs, a group and resource, or any resource) is intersected with each candidate rule,
// and the intersection is searched against the rules before that candidate. The first candidate
// with a leftover decides some probe request, and the leftover gives a concrete witness. Lints use
// it to reason about order and groups as kube-apiserver does instead of looking for names.
import { resourceMatches, groupMatches } from './evaluate';
import { emptyRule } from './model';
import type { GroupResources, Policy, PolicyRule, Str } from './model';
import { meterFor, reachContext } from './reach';
import type { ReachOptions } from './reach';
import type { AuditRequest } from './request';
import { searchLeftover } from './reachSearch';
import { concreteWitness } from './reachWitness';

export interface Probe {
  /** Verbs of the requests asked about; empty: any verb. */
  verbs: readonly string[];
  /** A resource request on this group and `resource` or `resource/subresource`; absent: whatever the rule matches. */
  target?: { group: string; resource: string };
}

export interface ProbeHit {
  /** The deciding rule, or null when no rule matches (the request is not logged). */
  rule: number | null;
  witness: AuditRequest;
}

/** Candidate rules checked per probe at most: beyond it the answer is "unknown" (undefined). */
const MAX_CANDIDATES = 64;

export interface ProbeQuery {
  probe: Probe;
  /** Rules whose decision counts (e.g. those logging bodies). */
  eligible: (rule: PolicyRule) => boolean;
  /** A request no rule matches counts as decided by `null`. */
  includeUnmatched?: boolean;
}

/** One probe's answer: the first eligible decider with a witness, null for none, undefined for unknown (budget). */
export type ProbeAnswer = ProbeHit | null | undefined;

/**
 * Answers probes over one policy: ask first, then `run()`, then read the answers (lints plan
 * their questions, then read them, so the answering strategy can change in one place).
 */
export class Prober {
  private readonly queries: ProbeQuery[] = [];
  private answers: ProbeAnswer[] = [];

  constructor(
    private readonly policy: Policy,
    private readonly options: ReachOptions = {},
  ) {}

  /** Registers a query; returns its ticket for `answer`. */
  ask(query: ProbeQuery): number {
    return this.queries.push(query) - 1;
  }

  answer(ticket: number): ProbeAnswer {
    return this.answers[ticket];
  }

  run(): void {
    this.answers = this.queries.map((query) => this.solve(query));
  }

  /**
   * A request of the probe matches rule r exactly when it matches r's intersection with the probe,
   * so the question is asked on a small policy: the intersections of the rules that share any
   * request with the probe, in order. Targeted probes (one resource) touch few rules.
   */
  private solve(query: ProbeQuery): ProbeAnswer {
    const { policy, options } = this;
    const relevant: { rule: number | null; eligible: boolean; intersection: PolicyRule }[] = [];
    let eligibleCount = 0;
    for (const rule of policy.rules) {
      const intersection = intersect(rule, query.probe, relevant.length, options);
      if (!intersection) continue;
      const eligible = query.eligible(rule);
      if (eligible && ++eligibleCount > MAX_CANDIDATES) return undefined;
      relevant.push({ rule: rule.index, eligible, intersection });
      // A rule without conditions takes every remaining probe request: nothing after it decides any.
      if (unconditional(rule)) break;
    }
    const last = relevant[relevant.length - 1];
    if (query.includeUnmatched && !(last && unconditional(policy.rules[last.rule!]!))) {
      const intersection = intersect(emptyRule(relevant.length, policy.span, 'None'), query.probe, relevant.length, options);
      if (intersection) relevant.push({ rule: null, eligible: true, intersection });
    }
    if (!relevant.some((r) => r.eligible)) return null;
    const small: Policy = { ...policy, rules: relevant.map((r) => r.intersection) };
    const context = reachContext(small, options.kubernetesVersion);
    const meter = meterFor(options, 200);
    for (let at = 0; at < relevant.length; at++) {
      if (!relevant[at]!.eligible) continue;
      const targets = context.cubes[at]!;
      if (targets.length === 0) continue;
      const outcome = searchLeftover(targets, context.index.blockers(at, at, targets), context.space.offsets, meter);
      if (outcome.live === undefined) return undefined;
      if (outcome.live) return { rule: relevant[at]!.rule, witness: concreteWitness(outcome.live, context.shapes[at]!, context.space) };
    }
    return null;
  }
}

/** One probe on its own (tests, one-off questions). */
export function firstDecider(policy: Policy, query: ProbeQuery, options: ReachOptions = {}): ProbeAnswer {
  const prober = new Prober(policy, options);
  const ticket = prober.ask(query);
  prober.run();
  return prober.answer(ticket);
}

function unconditional(rule: PolicyRule): boolean {
  return (
    rule.users.length +
      rule.userGroups.length +
      rule.verbs.length +
      rule.namespaces.length +
      rule.resources.length +
      rule.nonResourceURLs.length ===
    0
  );
}

/** The requests both `rule` and `probe` match, as a rule (null when there are none). */
function intersect(rule: PolicyRule, probe: Probe, index: number, options: ReachOptions): PolicyRule | null {
  const str = (value: string): Str => ({ value, span: rule.span });
  let verbs = rule.verbs;
  if (probe.verbs.length > 0) {
    verbs = rule.verbs.length === 0 ? probe.verbs.map(str) : rule.verbs.filter((v) => probe.verbs.includes(v.value));
    if (verbs.length === 0) return null;
  }
  const resourceRule = rule.resources.length > 0 || rule.namespaces.length > 0;
  if (!resourceRule && rule.nonResourceURLs.length > 0) return null;
  let resources: GroupResources[] = rule.resources;
  if (probe.target) {
    const { group, resource } = probe.target;
    const [base, sub = ''] = resource.split('/') as [string, string?];
    const entry = (names: Str[], i: number): GroupResources => ({
      index: i,
      group,
      groupSpan: rule.span,
      resources: [str(resource)],
      resourceNames: names,
      span: rule.span,
      keys: {},
    });
    if (rule.resources.length === 0) {
      resources = [entry([], 0)];
    } else {
      resources = rule.resources
        .filter(
          (gr) =>
            groupMatches(gr.group, group, options) &&
            (gr.resources.length === 0 || gr.resources.some((p) => resourceMatches(p.value, base, sub))),
        )
        .map((gr, i) => entry(gr.resources.length === 0 ? [] : gr.resourceNames, i));
      if (resources.length === 0) return null;
    }
  }
  return { ...rule, index, verbs, resources, nonResourceURLs: [] };
}
