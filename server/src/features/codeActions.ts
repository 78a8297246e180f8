// Code actions: every quick fix that travels with a finding overlapping the requested range; the
// "fix all" source action (opt-in on save through editor.codeActionsOnSave); and the CIS rules
// insertion as a source action, so it is found in the Source Action menu too.
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, CodeActionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../policy/analyze';
import { fixAll } from '../policy/fixAll';
import { toCodeAction, toOffset, toTextEdits } from '../lsp/convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.auditPolicy`;
export const INSERT_CIS_KIND = `${CodeActionKind.Source}.auditPolicy.insertCisRules`;

const wants = (only: string[] | undefined, kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));

export function getCodeActions(document: TextDocument, analysis: DocumentAnalysis, params: CodeActionParams): CodeAction[] {
  const start = toOffset(document, params.range.start);
  const end = toOffset(document, params.range.end);
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const finding of analysis.findings) {
      if (finding.span.start > end || finding.span.end < start) continue;
      for (const fix of finding.fixes ?? []) actions.push(toCodeAction(document, finding, fix));
    }
  }
  // Source actions are whole-document: offered only when asked for (the Source Action menu, on save).
  if (only && wants(only, FIX_ALL_KIND)) {
    const all = fixAll(analysis.findings);
    if (all.fixed > 0) {
      actions.push({
        title: `Fix all audit policy problems (${all.fixed})`,
        kind: FIX_ALL_KIND,
        edit: { changes: { [document.uri]: toTextEdits(document, { title: '', edits: all.edits }) } },
      });
    }
  }
  if (only && wants(only, INSERT_CIS_KIND)) {
    const cis = analysis.findings.find((f) => f.code === 'cis-audit-coverage')?.fixes?.[0];
    if (cis) actions.push({ title: cis.title, kind: INSERT_CIS_KIND, edit: { changes: { [document.uri]: toTextEdits(document, cis) } } });
  }
  return actions;
}
