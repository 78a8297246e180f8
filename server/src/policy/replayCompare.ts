// The per-policy side of a replay: one RuleTally per rule plus one for "no rule", and, for the
// compared policy, how requests move between the two policies' rules and levels.
import { decisionFor, firstMatchingRule, noMatchDecision } from './evaluate';
import type { EvaluateOptions } from './evaluate';
import type { Policy } from './model';
import type { AuditRequest } from './request';
import type { ReplayEvent } from './replayEvent';
import { RuleTally } from './replayTally';
import type { BytesEstimate, EventBytes, RuleReplay } from './replayTally';

export interface PolicyReplay {
  /** One entry per rule, in policy order (`rule` is the 0-based index, as in `eval`). */
  rules: RuleReplay[];
  /** Requests no rule matches (level None). */
  unmatched: RuleReplay;
  keptEvents: number;
  bytes: BytesEstimate;
}

/** Requests that the compared policy decides at another level. */
export interface LevelChange {
  from: { rule: number | null; level: string };
  to: { rule: number | null; level: string };
  events: number;
  requests: number;
  /** Bytes the compared policy writes for these events minus what the replayed one writes. */
  bytesDelta: number;
  /** Events whose bodies one of the two policies would record but the log does not hold. */
  unknownBodyEvents: number;
  /** The first few requests seen, to show what moves. */
  examples: AuditRequest[];
}

/** What the main policy decided for one event, handed to the compared policy. */
export interface Decided {
  rule: number | null;
  written: EventBytes;
}

const MAX_EXAMPLES = 3;

interface Transition extends LevelChange {
  seen: Set<string>;
}

/** Tallies of one policy over a replay. */
export class PolicyTallies {
  private readonly tallies: RuleTally[];
  /** The deciding rule per request object (-1: none); requests are shared across a request's events. */
  private readonly decided = new WeakMap<AuditRequest, number>();
  readonly transitions = new Map<string, Transition>();

  constructor(
    private readonly policy: Policy,
    private readonly options: EvaluateOptions,
  ) {
    const rules: Array<number | null> = [...policy.rules.map((r) => r.index), null];
    this.tallies = rules.map((index) => {
      const d = index === null ? noMatchDecision(policy) : decisionFor(policy, policy.rules[index]!);
      return new RuleTally(index, d.level, d.omitStages);
    });
  }

  /** Counts one event under this policy. */
  add(event: ReplayEvent, firstOfRequest: boolean): Decided {
    const rule = this.ruleFor(event.request);
    const tally = this.tallies[rule ?? this.tallies.length - 1]!;
    return { rule, written: tally.add(event, firstOfRequest) };
  }

  /** Counts one event under this (compared) policy and records how it moved from `main`. */
  addCompared(event: ReplayEvent, firstOfRequest: boolean, main: Decided): void {
    const mine = this.add(event, firstOfRequest);
    const key = `${main.rule}:${mine.rule}`;
    let t = this.transitions.get(key);
    if (t === undefined) {
      t = {
        ...this.endpoints(main.rule, mine.rule),
        events: 0,
        requests: 0,
        bytesDelta: 0,
        unknownBodyEvents: 0,
        examples: [],
        seen: new Set(),
      };
      this.transitions.set(key, t);
    }
    t.events++;
    t.bytesDelta += mine.written.bytes - main.written.bytes;
    if (mine.written.unknownBody || main.written.unknownBody) t.unknownBodyEvents++;
    if (!firstOfRequest) return;
    t.requests++;
    if (t.examples.length < MAX_EXAMPLES && !t.seen.has(JSON.stringify(event.request))) {
      t.seen.add(JSON.stringify(event.request));
      t.examples.push(event.request);
    }
  }

  private endpoints(from: number | null, to: number | null): Pick<LevelChange, 'from' | 'to'> {
    return { from: { rule: from, level: '' }, to: { rule: to, level: this.tallies[to ?? this.tallies.length - 1]!.level } };
  }

  private ruleFor(request: AuditRequest): number | null {
    const cached = this.decided.get(request);
    if (cached !== undefined) return cached < 0 ? null : cached;
    const rule = firstMatchingRule(this.policy, request, this.options);
    this.decided.set(request, rule ?? -1);
    return rule;
  }

  /** The level the rule `index` (null: no rule) decides. */
  levelOf(index: number | null): string {
    return this.tallies[index ?? this.tallies.length - 1]!.level;
  }

  snapshot(top: number): PolicyReplay {
    const all = this.tallies.map((t) => t.snapshot(top));
    const bytes: BytesEstimate = { metadata: 0, bodies: 0, unknownBodyEvents: 0 };
    for (const r of all) {
      bytes.metadata += r.bytes.metadata;
      bytes.bodies += r.bytes.bodies;
      bytes.unknownBodyEvents += r.bytes.unknownBodyEvents;
    }
    return { rules: all.slice(0, -1), unmatched: all[all.length - 1]!, keptEvents: all.reduce((n, r) => n + r.keptEvents, 0), bytes };
  }
}

/**
 * The transitions recorded by the compared policy where the level changes, the biggest first.
 * `main` supplies the levels of the replayed policy's rules.
 */
export function compareChanges(compared: PolicyTallies, main: PolicyTallies): LevelChange[] {
  const changes: LevelChange[] = [];
  for (const t of compared.transitions.values()) {
    const from = { rule: t.from.rule, level: main.levelOf(t.from.rule) };
    if (from.level === t.to.level) continue;
    changes.push({
      from,
      to: t.to,
      events: t.events,
      requests: t.requests,
      bytesDelta: t.bytesDelta,
      unknownBodyEvents: t.unknownBodyEvents,
      examples: t.examples,
    });
  }
  return changes.sort((a, b) => b.requests - a.requests || b.events - a.events);
}
