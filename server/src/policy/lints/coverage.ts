// CIS Kubernetes Benchmark 3.2.2 ("ensure that the audit policy covers key security concerns"),
// computed by evaluation like every other lint: for each concern, is there a request of that kind
// that the policy does not log at all (level None, or no rule)? The witness says which.
import type { Probe, Prober } from '../reachProbe';
import type { Edit, Finding } from '../types';
import type { LintContext } from './context';
import { example, policySpan, ruleName } from './context';
import { appendRule, insertRuleBefore } from './ruleEdits';
import type { RuleLines } from './ruleEdits';

interface Concern {
  label: string;
  probes: Probe[];
  /** The rule that covers it, at Metadata (bodies of these are sensitive or large). */
  rule: RuleLines;
}

const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection'];

const CIS_CONCERNS: readonly Concern[] = [
  {
    label: 'access to Secrets and token reviews',
    probes: [
      { verbs: ['get', 'list', 'watch', ...WRITES], target: { group: '', resource: 'secrets' } },
      { verbs: ['create'], target: { group: 'authentication.k8s.io', resource: 'tokenreviews' } },
    ],
    rule: [
      'level: Metadata',
      'resources:',
      '  - group: ""',
      '    resources: ["secrets"]',
      '  - group: authentication.k8s.io',
      '    resources: ["tokenreviews"]',
    ],
  },
  {
    label: 'changes to Pods and Deployments',
    probes: [
      { verbs: WRITES, target: { group: '', resource: 'pods' } },
      { verbs: WRITES, target: { group: 'apps', resource: 'deployments' } },
    ],
    rule: [
      'level: Metadata',
      `verbs: [${WRITES.map((v) => `"${v}"`).join(', ')}]`,
      'resources:',
      '  - group: ""',
      '    resources: ["pods"]',
      '  - group: apps',
      '    resources: ["deployments"]',
    ],
  },
  {
    label: 'exec, attach, port-forward and proxy',
    probes: ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy']
      .map((resource) => ({ verbs: ['create', 'get'], target: { group: '', resource } }))
      .concat([{ verbs: ['get', 'create', 'update', 'patch', 'delete'], target: { group: '', resource: 'services/proxy' } }]),
    rule: [
      'level: Metadata',
      'resources:',
      '  - group: ""',
      '    resources: ["pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "services/proxy"]',
    ],
  },
  {
    label: 'RBAC changes',
    probes: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'].map((resource) => ({
      verbs: WRITES,
      target: { group: 'rbac.authorization.k8s.io', resource },
    })),
    rule: ['level: Metadata', `verbs: [${WRITES.map((v) => `"${v}"`).join(', ')}]`, 'resources:', '  - group: rbac.authorization.k8s.io'],
  },
];

export function planCoverage(ctx: LintContext, prober: Prober): () => Finding[] {
  const tickets = CIS_CONCERNS.map((c) =>
    c.probes.map((probe) => prober.ask({ probe, eligible: (r) => r.level === 'None', includeUnmatched: true })),
  );
  return () => coverageFindings(ctx, prober, tickets);
}

function coverageFindings(ctx: LintContext, prober: Prober, tickets: number[][]): Finding[] {
  const missing: { concern: Concern; rule: number | null; witness: string }[] = [];
  for (const [c, concern] of CIS_CONCERNS.entries()) {
    for (const ticket of tickets[c]!) {
      const hit = prober.answer(ticket);
      if (hit === undefined || hit === null) continue;
      missing.push({ concern, rule: hit.rule, witness: example(hit.witness) });
      break;
    }
  }
  if (missing.length === 0) return [];
  const edits = insertEdits(ctx, missing);
  return [
    {
      code: 'cis-audit-coverage',
      severity: 'info',
      message: `CIS Kubernetes Benchmark 3.2.2: not logged: ${missing.map((m) => `${m.concern.label} (${m.witness}, decided by ${ruleName(m.rule)})`).join('; ')}.`,
      span: policySpan(ctx.policy),
      path: 'rules',
      fixes: edits ? [{ title: 'Insert the missing CIS 3.2.2 rules', edits }] : [],
    },
  ];
}

/** Each missing concern's rule goes just before the rule that drops it (or at the end). */
function insertEdits(ctx: LintContext, missing: { concern: Concern; rule: number | null }[]): Edit[] | undefined {
  const edits: Edit[] = [];
  for (const m of missing) {
    const edit =
      m.rule === null
        ? appendRule(ctx.text, ctx.policy, m.concern.rule)
        : insertRuleBefore(ctx.text, ctx.policy.rules[m.rule]!, m.concern.rule);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}
