// Hover: the engine says what (markdown) and where (span); this adapter converts.
import { MarkupKind } from 'vscode-languageserver';
import type { Hover, HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../policy/analyze';
import { hoverAt } from '../policy/hover';
import { toOffset, toRange } from '../lsp/convert';

export function doHover(document: TextDocument, analysis: DocumentAnalysis, params: HoverParams): Hover | null {
  const found = hoverAt(analysis, toOffset(document, params.position));
  return found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: toRange(document, found.span) } : null;
}
