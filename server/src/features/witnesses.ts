// The witnesses of the first policy's live rules, in shorthand, for the simulator's quick pick.
import type { DocumentAnalysis } from '../policy/analyze';
import { formatShorthand } from '../policy/request';

export function witnessesOf(analysis: DocumentAnalysis): { rule: number; shorthand: string }[] {
  const [first] = analysis.policies;
  if (!first) return [];
  return first.reach.rules.flatMap((r) => (r.witness ? [{ rule: r.rule, shorthand: formatShorthand(r.witness) }] : []));
}
