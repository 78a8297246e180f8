// The lints that know the consequences (docs/diagnostics.md, "Consequences"): valid policies that
// still log secrets, flood the disk, or match nothing. Each reasons with first-match order and
// groups through evaluate.ts and the reachability search, never by looking for names.
import { Prober } from '../reachProbe';
import type { Finding } from '../types';
import type { LintContext } from './context';
import { planCoverage } from './coverage';
import { planMistakes } from './mistakes';
import { planSensitive } from './sensitive';
import { planVolume } from './volume';

export type { LintContext } from './context';

/** Every code the consequence lints emit (docs/diagnostics.md, "Consequences"). */
export const LINT_CODES = [
  'sensitive-data-logged',
  'cis-audit-coverage',
  'request-received-logged',
  'managed-fields-logged',
  'collection-bodies-logged',
  'noisy-requests-logged',
  'level-without-body',
  'names-on-nameless-verbs',
  'namespaces-on-cluster-scoped',
  'verb-not-supported',
  'no-catch-all',
] as const;
export { withMoveFixes } from './misplaced';

/** Runs every lint; their reachability questions are answered together in one search space. */
export function lintPolicy(ctx: LintContext): Finding[] {
  if (ctx.policy.rules.length === 0) return [];
  const prober = new Prober(ctx.policy, { kubernetesVersion: ctx.kubernetesVersion });
  const pending = [planSensitive, planCoverage, planVolume, planMistakes].map((plan) => plan(ctx, prober));
  prober.run();
  return pending.flatMap((finish) => finish());
}
