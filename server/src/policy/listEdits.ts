// Edits on YAML lists of scalars, flow (`["a", "b"]`) or block (`- a`), as fixes need them:
// remove one item, append one. They keep the list's own style and indentation.
import type { Str } from './model';
import { quoteIfNeeded } from './quote';
import type { Edit, Span } from './types';

/** Whether the item at `span.start` sits in a flow sequence (after `[` or `,`) rather than after `- `. */
export function inFlowList(text: string, item: Str): boolean {
  let i = item.span.start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i--;
  return text[i] === '[' || text[i] === ',';
}

/** Removes `items[index]` with its separator; undefined when the layout is not recognised. */
export function removeListItem(text: string, items: readonly Str[], index: number): Edit | undefined {
  const item = items[index];
  if (!item) return undefined;
  if (inFlowList(text, item)) {
    const prev = items[index - 1];
    const next = items[index + 1];
    if (prev) return { span: { start: prev.span.end, end: item.span.end }, newText: '' };
    if (next) return { span: { start: item.span.start, end: next.span.start }, newText: '' };
    return { span: item.span, newText: '' };
  }
  const lineStart = text.lastIndexOf('\n', item.span.start - 1) + 1;
  if (!/^\s*-\s*$/.test(text.slice(lineStart, item.span.start))) return undefined;
  const nl = text.indexOf('\n', item.span.end);
  return { span: { start: lineStart, end: nl < 0 ? text.length : nl + 1 }, newText: '' };
}

/** Appends `value` after the last item, in the list's style; undefined for an empty list. */
export function appendListItem(text: string, items: readonly Str[], value: string): Edit | undefined {
  const last = items[items.length - 1];
  if (!last) return undefined;
  const at = last.span.end;
  if (inFlowList(text, last)) return { span: { start: at, end: at }, newText: `, ${quoteIfNeeded(value, true, '"')}` };
  const lineStart = text.lastIndexOf('\n', last.span.start - 1) + 1;
  const prefix = text.slice(lineStart, last.span.start);
  if (!/^\s*-\s*$/.test(prefix)) return undefined;
  const nl = text.indexOf('\n', at);
  const end = nl < 0 ? text.length : nl;
  const lineEnd = text[end - 1] === '\r' ? end - 1 : end;
  return { span: { start: lineEnd, end: lineEnd }, newText: `\n${prefix}${quoteIfNeeded(value, false, '')}` };
}

/** Replaces a scalar with `value`, keeping the quote style it was written in. */
export function replaceScalar(text: string, span: Span, value: string): Edit {
  const quote = text[span.start];
  if (quote === '"' || quote === "'") return { span, newText: quoteIfNeeded(value, false, quote) };
  const flow = inFlowList(text, { value: '', span });
  return { span, newText: quoteIfNeeded(value, flow, '') };
}
