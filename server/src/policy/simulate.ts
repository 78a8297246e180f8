// The simulator's answer to "what happens to THIS request?": the decision of evaluate.ts plus
// what the event will contain and which stages it will actually produce, in words.
import { evaluate } from './evaluate';
import type { Decision, EvaluateOptions } from './evaluate';
import { STAGES } from './fields';
import type { Policy } from './model';
import { formatShorthand } from './request';
import type { AuditRequest } from './request';
import type { Span } from './types';

export interface Simulation {
  request: AuditRequest;
  /** The request in the simulator's one-line shorthand. */
  shorthand: string;
  decision: Decision;
  /** What each event for this request records: "nothing", "metadata only", ... */
  contains: string;
  /** Stages this request produces that the decision keeps, in emission order. */
  stages: string[];
  /** One sentence for the editor's inline message. */
  summary: string;
  /** The deciding rule in the host text; undefined when no rule matches. */
  ruleSpan?: Span;
}

/** Verbs whose request carries a body kube-apiserver logs at Request level and above. */
const BODY_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
/** Connect subresources go through no body-logging handler (audit-semantics.md, section 1). */
const CONNECT_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

/** Evaluates a request and describes the outcome. */
export function simulate(policy: Policy, request: AuditRequest, options: EvaluateOptions = {}): Simulation {
  const decision = evaluate(policy, request, options);
  const stages = producedStages(request).filter((s) => !decision.omitStages.includes(s));
  const contains = eventContents(decision.level, request);
  const ruleSpan = decision.rule === null ? undefined : policy.rules[decision.rule]?.span;
  return {
    request,
    shorthand: formatShorthand(request),
    decision,
    contains,
    stages,
    summary: summarize(decision, contains, stages),
    ruleSpan,
  };
}

/** Describes what an event at `level` records for this request, bodies only where they exist. */
export function eventContents(level: string, request: AuditRequest): string {
  if (level === 'None' || level === '') return 'nothing: the request is not logged';
  if (level === 'Metadata') return 'metadata only (user, verb, resource, status, timestamps)';
  if (!request.isResourceRequest) return 'metadata only: a non-resource request has no bodies to log';
  if (CONNECT_SUBRESOURCES.has(request.subresource)) return `metadata only: the ${request.subresource} subresource logs no bodies`;
  const requestBody = BODY_VERBS.has(request.verb);
  if (level === 'Request') {
    return requestBody
      ? 'metadata and the request body'
      : `metadata only: a ${request.verb || 'request without verb'} carries no request body, and Request does not log responses`;
  }
  return requestBody ? 'metadata, the request body and the response body' : 'metadata and the response body';
}

/** kube-apiserver's default long-running check (BasicLongRunningRequestCheck in its server config). */
const LONG_RUNNING_VERBS = new Set(['watch', 'proxy']);
const LONG_RUNNING_SUBRESOURCES = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);

/** Stages kube-apiserver emits for this request (Panic aside): ResponseStarted only for long-running ones. */
export function producedStages(request: AuditRequest): string[] {
  const longRunning =
    LONG_RUNNING_VERBS.has(request.verb) || (request.isResourceRequest && LONG_RUNNING_SUBRESOURCES.has(request.subresource));
  return STAGES.filter((s) => s !== 'Panic' && (s !== 'ResponseStarted' || longRunning));
}

function summarize(decision: Decision, contains: string, stages: string[]): string {
  if (decision.rule === null) return 'No rule matches: the request is not logged at all (level None).';
  const where = `rule ${decision.rule + 1}`;
  if (decision.level === 'None') return `Matched by ${where}: level None, the request is not logged.`;
  const kept =
    stages.length > 0 ? `stages ${stages.join(', ')}` : 'no stage left (every stage it produces is omitted), so nothing is logged';
  return `Matched by ${where}: level ${decision.level}, ${kept}; omitManagedFields ${decision.omitManagedFields}; each event records ${contains}.`;
}
