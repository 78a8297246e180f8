// Completion: the engine says what and where; this adapter converts to LSP items. Edits replace
// the typed word, and multi-line snippets are indented by the engine (insertTextMode asIs).
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind } from 'vscode-languageserver';
import type { CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../policy/analyze';
import { completeAt, starterPolicies } from '../policy/complete';
import type { Completion, CompletionKind } from '../policy/complete';
import { toOffset, toRange } from '../lsp/convert';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  field: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
  module: CompletionItemKind.Module,
  class: CompletionItemKind.Class,
  user: CompletionItemKind.Reference,
  folder: CompletionItemKind.Folder,
  keyword: CompletionItemKind.Keyword,
};

export function getCompletions(document: TextDocument, analysis: DocumentAnalysis, params: CompletionParams): CompletionList {
  return toList(document, completeAt(analysis, toOffset(document, params.position), document.getText()));
}

/** A YAML file with nothing in it yet: offer the starter policies. */
export function getStarterCompletions(document: TextDocument, params: CompletionParams): CompletionList {
  const text = document.getText();
  if (text.replace(/#.*$/gm, '').trim() !== '') return { isIncomplete: false, items: [] };
  const offset = toOffset(document, params.position);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (text.slice(lineStart, offset).trim() !== '' || offset !== lineStart) return { isIncomplete: false, items: [] };
  return toList(document, starterPolicies({ start: offset, end: offset }));
}

function toList(document: TextDocument, completions: Completion[]): CompletionList {
  const items = completions.map((c): CompletionItem => {
    const item: CompletionItem = {
      label: c.label,
      kind: KINDS[c.kind],
      detail: c.detail,
      documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
      textEdit: { range: toRange(document, c.span), newText: c.newText },
      filterText: c.filterText,
      sortText: c.sortText,
    };
    if (c.snippet) {
      item.insertTextFormat = InsertTextFormat.Snippet;
      item.insertTextMode = InsertTextMode.asIs;
    }
    if (c.deprecated) item.tags = [1];
    return item;
  });
  return { isIncomplete: false, items };
}
