// Low-level decoding of YAML nodes the way kube-apiserver's JSON decoder sees them after
// YAML->JSON conversion: typed scalars, bounded alias expansion, last-key-wins mappings.
import { isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { rangeSpan } from './document';
import type { KeyInfo, Str } from './model';
import type { Finding, Span } from './types';

/** The most nodes one policy may expand to through aliases; beyond it decoding stops (alias bombs). */
export const MAX_EXPANDED_NODES = 50_000;

export interface DecodeContext {
  yaml: Document;
  /** Anchors of the document in text order, collected once on the first alias. */
  anchors?: Map<string, Node[]>;
  toHost(offset: number): number;
  findings: Finding[];
  /** Nodes visited so far, aliases expanded; bounded by MAX_EXPANDED_NODES. */
  visited: number;
  exhausted: boolean;
}

/** A mapping entry after alias and merge-key resolution. */
export interface Entry {
  key: string;
  keyNode: Node;
  value: Node | null;
  /** Where the value is written (the alias, when it came through one). */
  valueSpan: Span;
  keySpan: Span;
}

export function spanOf(ctx: DecodeContext, node: Node | null | undefined, fallback: Span): Span {
  return node?.range ? rangeSpan(node, ctx.toHost) : fallback;
}

/** Resolves aliases (counting against the expansion budget); undefined when the budget is spent. */
export function resolve(ctx: DecodeContext, node: unknown): Node | null | undefined {
  ctx.visited++;
  if (ctx.visited > MAX_EXPANDED_NODES) {
    ctx.exhausted = true;
    return undefined;
  }
  if (isAlias(node)) {
    const target = anchorBefore(ctx, node.source, node.range?.[0] ?? 0);
    if (!target) {
      ctx.findings.push({
        code: 'yaml-syntax',
        severity: 'error',
        message: `YAML: unknown anchor \`${node.source}\` (no \`&${node.source}\` before this alias). kube-apiserver cannot decode the file.`,
        span: spanOf(ctx, node, { start: 0, end: 0 }),
      });
    }
    return (target as Node | undefined) ?? null;
  }
  return (node as Node | null | undefined) ?? null;
}

/**
 * The node an alias refers to: the last anchor of that name before it (anchors may be redefined).
 * The `yaml` package's own Alias.resolve walks the whole document per alias, which is quadratic
 * in policies that share lists through anchors.
 */
function anchorBefore(ctx: DecodeContext, name: string, offset: number): Node | undefined {
  if (!ctx.anchors) {
    const anchors = new Map<string, Node[]>();
    visit(ctx.yaml, (_key, node) => {
      const anchor = (node as { anchor?: string } | null)?.anchor;
      if (anchor && (isMap(node) || isSeq(node) || isScalar(node))) anchors.set(anchor, [...(anchors.get(anchor) ?? []), node]);
    });
    ctx.anchors = anchors;
  }
  const candidates = ctx.anchors.get(name) ?? [];
  let found: Node | undefined;
  for (const candidate of candidates) if ((candidate.range?.[0] ?? 0) < offset) found = candidate;
  return found;
}

/** True for an absent value, `~`, `null` or an empty value: Go decodes them as the zero value. */
export function isNull(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === undefined));
}

/** Describes a node's JSON type the way Go's decoder names it in errors. */
export function jsonType(node: Node | null): string {
  if (node === null) return 'null';
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'number' || typeof v === 'bigint') return 'number';
    return 'string';
  }
  return 'value';
}

/** The JSON object key a YAML key becomes (YAMLToJSON stringifies booleans and numbers). */
function keyString(node: Node | null): string {
  // The `yaml` package reads a YAML 1.1 merge key as a symbol.
  if (isScalar(node)) return node.value === null ? 'null' : typeof node.value === 'symbol' ? '<<' : String(node.value);
  return '';
}

/**
 * Lists a mapping's entries in order, expanding `<<` merge keys: merged entries come first and
 * explicit keys override them, as go-yaml v2 does.
 */
export function mapEntries(ctx: DecodeContext, map: YAMLMap): Entry[] {
  const merged: Entry[] = [];
  const explicit: Entry[] = [];
  for (const item of map.items as Pair<Node, Node | null>[]) {
    if (!isPair(item)) continue;
    const keyNode = item.key as Node;
    const key = keyString(keyNode);
    const keySpan = spanOf(ctx, keyNode, { start: 0, end: 0 });
    if (key === '<<' && isScalar(keyNode) && keyNode.type === 'PLAIN') {
      merged.push(...mergeSources(ctx, item.value, keySpan));
      continue;
    }
    const value = resolve(ctx, item.value);
    if (value === undefined) break;
    explicit.push({ key, keyNode, value, keySpan, valueSpan: spanOf(ctx, item.value, keySpan) });
  }
  return [...merged, ...explicit];
}

function mergeSources(ctx: DecodeContext, value: Node | null, keySpan: Span): Entry[] {
  const resolved = resolve(ctx, value);
  if (!resolved) return [];
  const sources = isSeq(resolved) ? resolved.items.map((i) => resolve(ctx, i)) : [resolved];
  const entries: Entry[] = [];
  for (const source of sources) {
    if (isMap(source)) {
      // Merged values are reported at the `<<` key: that is where the user wrote them in this map.
      for (const e of mapEntries(ctx, source)) entries.push({ ...e, keySpan, valueSpan: keySpan });
    }
  }
  return entries;
}

/** Groups entries by key: the last one wins (lenient decoding), earlier ones are duplicates. */
export function lastWins(entries: Entry[]): { kept: Map<string, Entry>; duplicates: { dropped: Entry; kept: Entry }[] } {
  const kept = new Map<string, Entry>();
  const duplicates: { dropped: Entry; kept: Entry }[] = [];
  for (const entry of entries) kept.set(entry.key, entry);
  for (const entry of entries) {
    const winner = kept.get(entry.key)!;
    if (winner !== entry) duplicates.push({ dropped: entry, kept: winner });
  }
  return { kept, duplicates };
}

export function keyInfo(entry: Entry): KeyInfo {
  return { keySpan: entry.keySpan, valueSpan: entry.valueSpan };
}

/** Decodes a string scalar; reports `invalid-type` and returns undefined for anything else. */
export function decodeString(ctx: DecodeContext, node: Node | null, span: Span, path: string): string | undefined {
  if (isNull(node)) return '';
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  if (isScalar(node) && node.value instanceof Date) return String(node.source ?? node.value.toISOString());
  typeError(ctx, span, path, 'string', node);
  return undefined;
}

/** Decodes a list of strings (null list = empty; null item = ""), reporting type errors per item. */
export function decodeStringList(ctx: DecodeContext, node: Node | null, span: Span, path: string): Str[] {
  if (isNull(node)) return [];
  if (!isSeq(node)) {
    typeError(ctx, span, path, 'list of strings', node);
    return [];
  }
  const out: Str[] = [];
  node.items.forEach((raw, i) => {
    const item = resolve(ctx, raw);
    if (item === undefined) return;
    const itemSpan = spanOf(ctx, raw as Node, span);
    const value = decodeString(ctx, item, itemSpan, `${path}[${i}]`);
    if (value !== undefined) out.push({ value, span: itemSpan });
  });
  return out;
}

/** Decodes a boolean; null means unset. */
export function decodeBool(ctx: DecodeContext, node: Node | null, span: Span, path: string): boolean | undefined {
  if (isNull(node)) return undefined;
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  typeError(ctx, span, path, 'boolean (true or false)', node);
  return undefined;
}

export function typeError(ctx: DecodeContext, span: Span, path: string, expected: string, node: Node | null): void {
  const found = jsonType(node);
  const written = isScalar(node) && node.source !== undefined ? ` \`${String(node.source)}\`` : '';
  const hint =
    found === 'bool' && expected.includes('string')
      ? ' YAML 1.1 reads unquoted yes/no/on/off/y/n as booleans: quote the value.'
      : found === 'number' && expected.includes('string')
        ? ' Quote the value to make it a string.'
        : '';
  ctx.findings.push({
    code: 'invalid-type',
    severity: 'error',
    message: `${path} must be ${article(expected)}, but this is ${article(found)}${written}: kube-apiserver fails to decode the file.${hint}`,
    span,
    path,
  });
}

function article(noun: string): string {
  return `${/^[aeio]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
