// Per-rule counters of a replay: events, requests, stages, the bytes estimate and the heaviest
// users, verbs and resources, all in memory bounded by the policy, never by the log.
import { LEVELS } from './fields';
import type { AuditRequest } from './request';
import type { ReplayEvent } from './replayEvent';

/**
 * Bytes a policy would write for the events it keeps. `metadata` is exact for logs written by
 * kube-apiserver (the event's own bytes without its bodies, the level renamed). `bodies` are the
 * request and response bodies found in the log. An event whose body the policy would record but
 * the log did not (it was written at a lower level) adds to `unknownBodyEvents` instead: there is
 * nothing to measure, and the total is then only a lower bound.
 */
export interface BytesEstimate {
  metadata: number;
  bodies: number;
  unknownBodyEvents: number;
}

export interface TopEntry {
  name: string;
  requests: number;
  /** False when the name entered the counter after others were evicted: the count may be high. */
  exact: boolean;
}

/** What one rule (or no rule: `rule` null) decides in the replayed log. */
export interface RuleReplay {
  rule: number | null;
  level: string;
  /** Sorted union of the policy's and the rule's omitStages. */
  omitStages: string[];
  /** Log events (lines) of the requests this rule decides. */
  events: number;
  /** Distinct requests (by auditID) among them. */
  requests: number;
  /** Those events by the stage written in the log. */
  eventsByStage: Record<string, number>;
  /** Events the policy would write: level not None and stage not omitted. */
  keptEvents: number;
  bytes: BytesEstimate;
  top: { users: TopEntry[]; verbs: TopEntry[]; resources: TopEntry[] };
}

const LEVEL_RANK = new Map<string, number>(LEVELS.map((level, rank) => [level, rank]));
const REQUEST_RANK = LEVEL_RANK.get('Request')!;
const REQUEST_RESPONSE_RANK = LEVEL_RANK.get('RequestResponse')!;
/** Bodies are attached when the handler finishes, so only these stages can carry them. */
const BODY_STAGES = new Set(['ResponseComplete', 'Panic']);
/** Verbs whose request has a body (as simulate.ts's eventContents). */
const BODY_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
/** Connect subresources log no bodies; a watch streams its response, which is never logged. */
const CONNECT_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

/** The bytes one event would take at `level`, and whether a body had to be left unmeasured. */
export interface EventBytes {
  /** The event without bodies, its level renamed. */
  metadata: number;
  /** The bodies this level records, as found in the log. */
  bodies: number;
  bytes: number;
  unknownBody: boolean;
}

const NOTHING: EventBytes = { metadata: 0, bodies: 0, bytes: 0, unknownBody: false };

/** Estimates the bytes of one event re-written at `level` (see BytesEstimate for the limits). */
export function eventBytesAt(event: ReplayEvent, level: string): EventBytes {
  const rank = LEVEL_RANK.get(level) ?? 0;
  if (rank === 0) return NOTHING;
  const logRank = LEVEL_RANK.get(event.level);
  // The level string itself changes length; an event without a known level is taken as written.
  const renamed = logRank === undefined ? 0 : level.length - event.level.length;
  const metadata = event.bytes - event.requestObjectMember - event.responseObjectMember + renamed;
  let bodies = 0;
  let unknownBody = false;
  if (rank >= REQUEST_RANK) {
    bodies += event.requestObjectMember;
    unknownBody ||= event.requestObjectMember === 0 && (logRank ?? 0) < REQUEST_RANK && mayHaveRequestBody(event);
  }
  if (rank >= REQUEST_RESPONSE_RANK) {
    bodies += event.responseObjectMember;
    unknownBody ||= event.responseObjectMember === 0 && (logRank ?? 0) < REQUEST_RESPONSE_RANK && mayHaveResponseBody(event);
  }
  return { metadata, bodies, bytes: metadata + bodies, unknownBody };
}

function bodiesPossible(event: ReplayEvent): boolean {
  const r = event.request;
  return BODY_STAGES.has(event.stage) && r.isResourceRequest && !CONNECT_SUBRESOURCES.has(r.subresource);
}

function mayHaveRequestBody(event: ReplayEvent): boolean {
  return bodiesPossible(event) && BODY_VERBS.has(event.request.verb);
}

function mayHaveResponseBody(event: ReplayEvent): boolean {
  return bodiesPossible(event) && event.request.verb !== 'watch';
}

/**
 * Counts the most frequent names in bounded memory (the Space-Saving algorithm): exact while
 * fewer than `capacity` names are seen; beyond that, an unseen name takes over the rarest slot.
 */
export class TopCounter {
  private readonly counts = new Map<string, { count: number; error: number }>();

  constructor(private readonly capacity = 64) {}

  add(name: string): void {
    const entry = this.counts.get(name);
    if (entry !== undefined) {
      entry.count++;
      return;
    }
    if (this.counts.size < this.capacity) {
      this.counts.set(name, { count: 1, error: 0 });
      return;
    }
    let rarest: string | undefined;
    let min = Infinity;
    for (const [key, value] of this.counts) {
      if (value.count < min) [rarest, min] = [key, value.count];
    }
    this.counts.delete(rarest!);
    this.counts.set(name, { count: min + 1, error: min });
  }

  /** The `n` most frequent names, ties by name. */
  top(n: number): TopEntry[] {
    return [...this.counts]
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([name, v]) => ({ name, requests: v.count, exact: v.error === 0 }));
  }
}

/** The running counters of one rule; `snapshot` turns them into a RuleReplay. */
export class RuleTally {
  events = 0;
  requests = 0;
  keptEvents = 0;
  readonly eventsByStage: Record<string, number> = {};
  readonly bytes: BytesEstimate = { metadata: 0, bodies: 0, unknownBodyEvents: 0 };
  private readonly users = new TopCounter();
  private readonly verbs = new TopCounter();
  private readonly resources = new TopCounter();
  private readonly omit: ReadonlySet<string>;

  constructor(
    readonly rule: number | null,
    readonly level: string,
    readonly omitStages: string[],
  ) {
    this.omit = new Set(omitStages);
  }

  /** Counts one event; returns the bytes this rule would write for it. */
  add(event: ReplayEvent, firstOfRequest: boolean): EventBytes {
    this.events++;
    this.eventsByStage[event.stage] = (this.eventsByStage[event.stage] ?? 0) + 1;
    if (firstOfRequest) {
      this.requests++;
      this.users.add(event.request.user ?? '(no user)');
      this.verbs.add(event.request.verb);
      this.resources.add(resourceName(event.request));
    }
    if (this.omit.has(event.stage)) return NOTHING;
    const written = eventBytesAt(event, this.level);
    if (written.bytes === 0) return written;
    this.keptEvents++;
    this.bytes.metadata += written.metadata;
    this.bytes.bodies += written.bodies;
    if (written.unknownBody) this.bytes.unknownBodyEvents++;
    return written;
  }

  snapshot(top: number): RuleReplay {
    return {
      rule: this.rule,
      level: this.level,
      omitStages: this.omitStages,
      events: this.events,
      requests: this.requests,
      eventsByStage: { ...this.eventsByStage },
      keptEvents: this.keptEvents,
      bytes: { ...this.bytes },
      top: { users: this.users.top(top), verbs: this.verbs.top(top), resources: this.resources.top(top) },
    };
  }
}

/** `pods`, `apps/deployments/scale`, or the path of a non-resource request. */
export function resourceName(r: AuditRequest): string {
  if (!r.isResourceRequest) return r.path;
  const resource = r.subresource === '' ? r.resource : `${r.resource}/${r.subresource}`;
  return r.apiGroup === '' ? resource : `${r.apiGroup}/${resource}`;
}
