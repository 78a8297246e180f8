// Findings as the CLI's JSON contract shapes them (DESIGN.md): 0-based LSP-style ranges.
import type { Finding } from '../policy/types';
import { lineStarts, positionAt } from '../policy/text';
import type { LinePosition } from '../policy/text';

export interface JsonRange {
  start: LinePosition;
  end: LinePosition;
}

export interface JsonDiagnostic {
  code: string;
  severity: Finding['severity'];
  message: string;
  range: JsonRange;
  field?: string;
  related?: { range: JsonRange; message: string }[];
}

export interface FileReport {
  path: string;
  text: string;
  findings: Finding[];
}

/** Converts findings of one file to the JSON contract's diagnostics. */
export function toJsonDiagnostics(text: string, findings: Finding[]): JsonDiagnostic[] {
  const starts = lineStarts(text);
  const range = (s: { start: number; end: number }): JsonRange => ({ start: positionAt(starts, s.start), end: positionAt(starts, s.end) });
  return findings.map((f) => {
    const d: JsonDiagnostic = { code: f.code, severity: f.severity, message: f.message, range: range(f.span) };
    if (f.path && f.severity === 'error') d.field = f.path;
    if (f.related?.length) d.related = f.related.map((r) => ({ range: range(r.span), message: r.message }));
    return d;
  });
}
