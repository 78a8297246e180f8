// User control over findings: `# audit-policy-disable-next-line [CODE...]` comments and per-code
// severity overrides (settings / CLI). Applied last, so every front sees the same result.
import { lineStarts, positionAt } from './text';
import type { Finding, Severity } from './types';

export type SeverityOverride = Severity | 'off';

const DISABLE = /#\s*audit-policy-disable-next-line\b([^\n]*)/g;

/** Drops findings silenced by a disable-next-line comment on the line above their start. */
export function applySuppressions(text: string, findings: Finding[]): Finding[] {
  if (!text.includes('audit-policy-disable-next-line')) return findings;
  const starts = lineStarts(text);
  const silenced = new Map<number, Set<string> | 'all'>();
  for (const match of text.matchAll(DISABLE)) {
    const line = positionAt(starts, match.index ?? 0).line + 1;
    const codes = match[1].split(/[\s,]+/).filter((c) => /^[a-z0-9-]+$/.test(c));
    silenced.set(line, codes.length === 0 ? 'all' : new Set(codes));
  }
  return findings.filter((f) => {
    const rule = silenced.get(positionAt(starts, f.span.start).line);
    return !rule || (rule !== 'all' && !rule.has(f.code));
  });
}

/**
 * Applies per-code severity overrides. Errors stay errors: `error` means kube-apiserver refuses
 * the file, which no setting can change; other findings can be raised, lowered or turned off.
 */
export function applySeverities(findings: Finding[], overrides: Record<string, SeverityOverride> | undefined): Finding[] {
  if (!overrides || Object.keys(overrides).length === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const wanted = overrides[f.code];
    if (!wanted || f.severity === 'error') out.push(f);
    else if (wanted !== 'off') out.push({ ...f, severity: wanted === 'error' ? 'warning' : wanted });
  }
  return out;
}
