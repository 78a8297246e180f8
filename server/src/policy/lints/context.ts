// What every lint reads: the policy, its text, the reachability result, the catalogue and version.
import type { Catalog } from '../catalog';
import type { Policy, PolicyRule } from '../model';
import type { ReachResult } from '../reach';
import { formatShorthand } from '../request';
import type { AuditRequest } from '../request';
import type { Span } from '../types';

export interface LintContext {
  policy: Policy;
  text: string;
  reach: ReachResult;
  catalog: Catalog;
  kubernetesVersion: string;
}

export const LOGS_BODIES = new Set(['Request', 'RequestResponse']);

export const ruleName = (rule: number | null) => (rule === null ? 'no rule (not logged)' : `rule ${rule + 1}`);

/** Where a finding about a whole rule points: its `level` value, else the rule. */
export function ruleSpan(rule: PolicyRule): Span {
  return rule.keys.level?.valueSpan ?? { start: rule.span.start, end: rule.span.start };
}

/** Where a finding about the whole policy points: the `rules` key, else the policy start. */
export function policySpan(policy: Policy): Span {
  return policy.keys.rules?.keySpan ?? { start: policy.span.start, end: policy.span.start };
}

export function example(request: AuditRequest): string {
  return `\`${formatShorthand(request)}\``;
}
