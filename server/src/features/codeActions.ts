// Quick fixes: every fix that travels with a finding overlapping the requested range.
import type { CodeAction, CodeActionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../policy/analyze';
import { toCodeAction, toOffset } from '../lsp/convert';

export function getCodeActions(document: TextDocument, analysis: DocumentAnalysis, params: CodeActionParams): CodeAction[] {
  const start = toOffset(document, params.range.start);
  const end = toOffset(document, params.range.end);
  const only = params.context.only;
  if (only && !only.some((kind) => kind === 'quickfix' || kind.startsWith('quickfix.'))) return [];
  const actions: CodeAction[] = [];
  for (const finding of analysis.findings) {
    if (finding.span.start > end || finding.span.end < start) continue;
    for (const fix of finding.fixes ?? []) actions.push(toCodeAction(document, finding, fix));
  }
  return actions;
}
