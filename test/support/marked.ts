// Test texts with a cursor written as `|`: returns the text without it and the cursor offset.
export function marked(source: string, marker = '|'): { text: string; offset: number } {
  const offset = source.indexOf(marker);
  if (offset < 0) throw new Error(`no ${marker} cursor marker in the test text`);
  return { text: source.slice(0, offset) + source.slice(offset + marker.length), offset };
}

/** Applies non-overlapping edits (host offsets) to a text. */
export function applyEdits(text: string, edits: readonly { span: { start: number; end: number }; newText: string }[]): string {
  return [...edits]
    .sort((a, b) => b.span.start - a.span.start)
    .reduce((acc, e) => acc.slice(0, e.span.start) + e.newText + acc.slice(e.span.end), text);
}
