// sensitive-data-logged: some request on Secrets, ConfigMaps, service account tokens or token
// reviews is decided by a rule that writes the body holding the secret. Asked exactly, with the
// reachability search (reachProbe.ts): a secrets rule under the wrong group or behind a catch-all
// protects nothing, and this sees that.
import type { Probe, Prober } from '../reachProbe';
import type { Finding } from '../types';
import type { LintContext } from './context';
import { example, ruleSpan } from './context';
import { insertRuleBefore } from './ruleEdits';
import { SENSITIVE_METADATA_RULE } from '../snippets';

interface Sensitive {
  what: string;
  probe: Probe;
  /** Levels at which the secret is in the logged bodies. */
  levels: readonly string[];
}

const BOTH = ['Request', 'RequestResponse'];
const RESPONSE = ['RequestResponse'];
const WRITES = ['create', 'update', 'patch'];
const READS = ['get', 'list', 'delete'];

const SENSITIVE: readonly Sensitive[] = [
  { what: 'Secret values', probe: { verbs: WRITES, target: { group: '', resource: 'secrets' } }, levels: BOTH },
  { what: 'Secret values', probe: { verbs: READS, target: { group: '', resource: 'secrets' } }, levels: RESPONSE },
  { what: 'ConfigMap data', probe: { verbs: WRITES, target: { group: '', resource: 'configmaps' } }, levels: BOTH },
  { what: 'ConfigMap data', probe: { verbs: READS, target: { group: '', resource: 'configmaps' } }, levels: RESPONSE },
  {
    what: 'Service account tokens',
    probe: { verbs: ['create'], target: { group: '', resource: 'serviceaccounts/token' } },
    levels: RESPONSE,
  },
  {
    what: 'Bearer tokens under review',
    probe: { verbs: ['create'], target: { group: 'authentication.k8s.io', resource: 'tokenreviews' } },
    levels: BOTH,
  },
];

export function planSensitive(ctx: LintContext, prober: Prober): () => Finding[] {
  const tickets = SENSITIVE.map((s) => prober.ask({ probe: s.probe, eligible: (rule) => s.levels.includes(rule.level) }));
  return () => sensitiveFindings(ctx, prober, tickets);
}

function sensitiveFindings(ctx: LintContext, prober: Prober, tickets: number[]): Finding[] {
  const byRule = new Map<number, { what: Set<string>; examples: string[] }>();
  for (const [i, s] of SENSITIVE.entries()) {
    const hit = prober.answer(tickets[i]!);
    if (!hit || hit.rule === null) continue;
    const entry = byRule.get(hit.rule) ?? { what: new Set<string>(), examples: [] };
    entry.what.add(s.what);
    if (entry.examples.length < 2) entry.examples.push(example(hit.witness));
    byRule.set(hit.rule, entry);
  }
  return [...byRule].map(([index, found]) => {
    const rule = ctx.policy.rules[index]!;
    const edit = insertRuleBefore(ctx.text, rule, SENSITIVE_METADATA_RULE);
    return {
      code: 'sensitive-data-logged',
      severity: 'warning' as const,
      message:
        `${[...found.what].join(', ')} are written into the audit log: ${found.examples.join(' and ')} ` +
        `${found.examples.length > 1 ? 'are' : 'is'} decided by this rule at ${rule.level}, which logs the body. ` +
        'Log these resources at Metadata in a rule placed before this one.',
      span: ruleSpan(rule),
      path: `rules[${index}].level`,
      fixes: edit
        ? [{ title: `Insert a Metadata rule for secrets, configmaps and tokens before rule ${index + 1}`, edits: [edit], preferred: true }]
        : [],
    };
  });
}
