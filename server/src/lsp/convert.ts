// The only place where engine offsets become LSP positions, and engine findings LSP diagnostics.
// TextDocument counts UTF-16 code units, as JavaScript strings do, so offsets carry over exactly.
import { CodeActionKind, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix, Severity, Span } from '../policy/types';
import { DIAGNOSTICS_DOCS_URL } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function toOffset(doc: TextDocument, position: { line: number; character: number }): number {
  return doc.offsetAt(position);
}

export function toDiagnostic(doc: TextDocument, finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(doc, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: `${DIAGNOSTICS_DOCS_URL}#${finding.code}` },
    source: 'audit-policy',
    message: finding.message,
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: doc.uri, range: toRange(doc, r.span) },
      message: r.message,
    }));
  }
  if (finding.tags?.length) {
    diagnostic.tags = finding.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  return diagnostic;
}

export function toTextEdits(doc: TextDocument, fix: Fix): TextEdit[] {
  return fix.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText }));
}

/** A quick fix code action for one fix of one finding. */
export function toCodeAction(doc: TextDocument, finding: Finding, fix: Fix): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toDiagnostic(doc, finding)],
    isPreferred: fix.preferred,
    edit: { changes: { [doc.uri]: toTextEdits(doc, fix) } },
  };
}
