// "Fix all": the preferred fix of every finding that has one, minus those whose edits would touch
// text another chosen fix already changes (they are applied on the next run, against fresh text).
import type { Edit, Finding } from './types';

export interface FixAll {
  edits: Edit[];
  /** How many findings the edits fix. */
  fixed: number;
}

export function fixAll(findings: readonly Finding[]): FixAll {
  const chosen: Edit[] = [];
  let fixed = 0;
  const sorted = [...findings].sort((a, b) => a.span.start - b.span.start);
  for (const finding of sorted) {
    const fix = finding.fixes?.find((f) => f.preferred);
    if (!fix) continue;
    if (fix.edits.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
    chosen.push(...fix.edits);
    fixed++;
  }
  return { edits: chosen.sort((a, b) => a.span.start - b.span.start), fixed };
}

// Touching edits count as overlapping too: an insert right after a removed item (or two inserts at
// one offset) would combine into text neither fix meant, such as `[, RequestReceived]`.
function overlaps(a: Edit, b: Edit): boolean {
  return a.span.start <= b.span.end && b.span.start <= a.span.end;
}
