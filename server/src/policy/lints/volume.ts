// Volume: what fills the disk without telling anyone anything. RequestReceived events duplicate
// the later ones, managedFields bloat every logged body, list/watch responses at RequestResponse
// carry whole collections, and a few system actors make most of a cluster's requests.
import { evaluate } from '../evaluate';
import { appendListItem } from '../listEdits';
import { parseRequest } from '../request';
import { atLeast, SINCE } from '../version';
import type { Prober } from '../reachProbe';
import type { Finding } from '../types';
import type { LintContext } from './context';
import { example, LOGS_BODIES, policySpan, ruleSpan } from './context';
import { insertRuleBefore, setPolicyKey } from './ruleEdits';

export function planVolume(ctx: LintContext, prober: Prober): () => Finding[] {
  const lists = prober.ask({ probe: { verbs: ['list'] }, eligible: (r) => r.level === 'RequestResponse' });
  return () => [...receivedStage(ctx), ...managedFields(ctx), ...collectionBodies(ctx, prober, lists), ...noisyActors(ctx)];
}

/** No RequestReceived omission: every logged request writes one more event that adds nothing. */
function receivedStage(ctx: LintContext): Finding[] {
  const { policy } = ctx;
  if (policy.omitStages.some((s) => s.value === 'RequestReceived')) return [];
  const logging = policy.rules.filter(
    (r) => r.level !== 'None' && r.level !== '' && !r.omitStages.some((s) => s.value === 'RequestReceived'),
  );
  if (logging.length === 0) return [];
  const edit =
    policy.omitStages.length === 0
      ? setPolicyKey(ctx.text, policy, 'omitStages', ['  - RequestReceived'])
      : appendListItem(ctx.text, policy.omitStages, 'RequestReceived');
  return [
    {
      code: 'request-received-logged',
      severity: 'info',
      message:
        `RequestReceived is not omitted for ${logging.length === policy.rules.length ? 'any rule' : `${logging.length} logging rules`}: every request they log ` +
        'writes an extra event that the ResponseComplete event repeats, roughly doubling the volume. Omit it at the policy level.',
      span: policySpan(policy),
      path: 'omitStages',
      fixes: edit ? [{ title: 'Omit RequestReceived for the whole policy', edits: [edit], preferred: true }] : [],
    },
  ];
}

/** Bodies logged with their managedFields, which often outweigh the object itself. */
function managedFields(ctx: LintContext): Finding[] {
  const { policy } = ctx;
  if (!atLeast(ctx.kubernetesVersion, SINCE.omitManagedFields)) return [];
  const rules = policy.rules.filter((r) => LOGS_BODIES.has(r.level) && !(r.omitManagedFields ?? policy.omitManagedFields));
  const live = rules.filter((r) => ctx.reach.rules[r.index]?.reachable !== false);
  if (live.length === 0) return [];
  const edit = setPolicyKey(ctx.text, policy, 'omitManagedFields', 'true');
  const first = live[0]!;
  return [
    {
      code: 'managed-fields-logged',
      severity: 'info',
      message:
        `Rule${live.length > 1 ? 's' : ''} ${live.map((r) => r.index + 1).join(', ')} ${live.length > 1 ? 'log' : 'logs'} request or response bodies with their managedFields, ` +
        'which often take more bytes than the object itself. Set omitManagedFields: true.',
      span: ruleSpan(first),
      path: `rules[${first.index}].omitManagedFields`,
      fixes:
        edit && !live.some((r) => r.omitManagedFields === false)
          ? [{ title: 'Set omitManagedFields: true for the whole policy', edits: [edit], preferred: true }]
          : [],
    },
  ];
}

/** list and watch at RequestResponse: each response is a whole collection. */
function collectionBodies(ctx: LintContext, prober: Prober, ticket: number): Finding[] {
  const hit = prober.answer(ticket);
  if (!hit || hit.rule === null) return [];
  const rule = ctx.policy.rules[hit.rule]!;
  return [
    {
      code: 'collection-bodies-logged',
      severity: 'info',
      message:
        `This rule logs list responses at RequestResponse (for example ${example(hit.witness)}): each event holds the whole collection. ` +
        'Log reads at Metadata or Request, and keep RequestResponse for writes.',
      span: ruleSpan(rule),
      path: `rules[${hit.rule}].level`,
    },
  ];
}

interface Noisy {
  label: string;
  request: string;
  /** The rule inserted to silence it. */
  silence: string[];
}

const NOISY: readonly Noisy[] = [
  {
    label: "kube-proxy's watches of endpoints and services",
    request: 'system:kube-proxy@system:authenticated watch endpoints',
    silence: [
      'level: None',
      'users: ["system:kube-proxy"]',
      'verbs: ["watch"]',
      'resources:',
      '  - group: ""',
      '    resources: ["endpoints", "services", "services/status"]',
    ],
  },
  {
    label: 'kubelets reading nodes and updating node status',
    request: 'system:node:worker-1@system:nodes,system:authenticated patch nodes/worker-1/status',
    silence: [
      'level: None',
      'userGroups: ["system:nodes"]',
      'verbs: ["get", "patch"]',
      'resources:',
      '  - group: ""',
      '    resources: ["nodes", "nodes/status"]',
    ],
  },
  {
    label: 'node heartbeat leases',
    request: 'system:node:worker-1@system:nodes,system:authenticated update leases.coordination.k8s.io/worker-1 -n kube-node-lease',
    silence: [
      'level: None',
      'userGroups: ["system:nodes"]',
      'namespaces: ["kube-node-lease"]',
      'resources:',
      '  - group: coordination.k8s.io',
      '    resources: ["leases"]',
    ],
  },
  {
    label: 'health checks',
    request: 'system:anonymous@system:unauthenticated get /readyz',
    silence: ['level: None', 'nonResourceURLs:', '  - "/healthz*"', '  - "/livez*"', '  - "/readyz*"'],
  },
];

/** Well-known constant traffic that a rule logs: one finding per deciding rule. */
function noisyActors(ctx: LintContext): Finding[] {
  const findings: Finding[] = [];
  for (const noisy of NOISY) {
    const parsed = parseRequest(noisy.request);
    if (!parsed.ok) continue;
    const decision = evaluate(ctx.policy, parsed.request, { kubernetesVersion: ctx.kubernetesVersion });
    if (decision.rule === null || decision.level === 'None') continue;
    const rule = ctx.policy.rules[decision.rule]!;
    const edit = insertRuleBefore(ctx.text, rule, noisy.silence);
    findings.push({
      code: 'noisy-requests-logged',
      severity: 'info',
      message: `${noisy.label[0]!.toUpperCase()}${noisy.label.slice(1)} (${example(parsed.request)}) are logged at ${decision.level} by this rule: constant traffic that is rarely worth keeping.`,
      span: ruleSpan(rule),
      path: `rules[${decision.rule}].level`,
      fixes: edit ? [{ title: `Insert a None rule for ${noisy.label} before rule ${decision.rule + 1}`, edits: [edit] }] : [],
    });
  }
  return findings;
}
