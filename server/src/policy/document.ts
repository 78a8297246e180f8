// YAML text (one or many documents) -> the audit policies it holds, with exact spans.
// Parsing is the `yaml` package's (YAML 1.1, as go-yaml v2 in kube-apiserver reads it); this file
// only finds the policies: top-level documents, an RKE cluster.yml's embedded policy, and a
// ConfigMap's policy block scalar, whose offsets it maps back into the host file.
import { isMap, isScalar, parseAllDocuments, Scalar, YAMLMap } from 'yaml';
import type { Document, Node } from 'yaml';
import { API_GROUP } from './fields';
import type { Finding, Span } from './types';

export type HostKind = 'file' | 'rke' | 'configmap';

/** One recognised audit policy. Node ranges index `source`; `toHost` maps them into the host file. */
export interface PolicyDocument {
  host: HostKind;
  /** Index of the YAML document of the host file that holds the policy. */
  documentIndex: number;
  /** The policy mapping, parsed from `source`. */
  root: YAMLMap;
  /** The parsed YAML document `root` belongs to (aliases resolve against it). */
  yaml: Document;
  /** The text `root`'s ranges index: the host text, or the value of a ConfigMap block scalar. */
  source: string;
  /** Maps an offset in `source` to an offset in the host text. */
  toHost(offset: number): number;
  /** Maps a host offset into `source`, or undefined when it lies outside the embedded text. */
  fromHost(offset: number): number | undefined;
  /** Indentation the host adds to each line of `source` (non-empty for embedded block scalars). */
  indent: string;
  /** The policy in the host file. */
  span: Span;
  /** YAML-level findings of the text the policy was parsed from (host offsets). */
  findings: Finding[];
}

export interface ParsedFile {
  text: string;
  policies: PolicyDocument[];
  /** How many YAML documents the file holds. */
  documentCount: number;
}

const PARSE_OPTIONS = { version: '1.1', uniqueKeys: false, keepSourceTokens: true, strict: false } as const;

/** Parses `text` and returns every audit policy it holds, in file order. */
export function parsePolicyFile(text: string): ParsedFile {
  const identity = (offset: number) => offset;
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  const list = Array.isArray(docs) ? docs : [];
  const policies: PolicyDocument[] = [];
  list.forEach((doc, documentIndex) => {
    const root = doc.contents;
    if (!isMap(root)) {
      // A policy whose YAML is too broken to yield a mapping still deserves its syntax errors.
      if (doc.errors.length > 0 && mentionsPolicy(text, doc)) policies.push(topLevel(doc, new YAMLMap(), text, documentIndex, identity));
      return;
    }
    if (looksLikePolicy(root) || (doc.errors.length > 0 && mentionsPolicy(text, doc))) {
      policies.push(topLevel(doc, root, text, documentIndex, identity));
      return;
    }
    const rke = rkePolicy(root);
    if (rke) {
      policies.push({ ...topLevel(doc, rke, text, documentIndex, identity), host: 'rke' });
      return;
    }
    for (const scalar of configMapPolicyScalars(root)) {
      const embedded = embeddedPolicy(scalar, text, documentIndex);
      if (embedded) policies.push(embedded);
    }
  });
  return { text, policies, documentCount: list.length };
}

function topLevel(doc: Document, root: YAMLMap, text: string, documentIndex: number, toHost: (o: number) => number): PolicyDocument {
  return {
    host: 'file',
    documentIndex,
    root,
    yaml: doc,
    source: text,
    toHost,
    fromHost: (offset) => offset,
    indent: '',
    span: root.range ? rangeSpan(root, toHost) : { start: doc.range?.[0] ?? 0, end: doc.range?.[1] ?? 0 },
    findings: yamlFindings(doc, toHost, text.length, text),
  };
}

/** Returns the value of `key` in a map, the key compared case-insensitively (as kube sniffs apiVersion/kind). */
export function getCaseInsensitive(map: YAMLMap, key: string): unknown {
  const lower = key.toLowerCase();
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value).toLowerCase() === lower) {
      return isScalar(pair.value) ? pair.value.value : pair.value;
    }
  }
  return undefined;
}

/** A policy is a mapping whose apiVersion is in audit.k8s.io and whose kind is Policy (or absent). */
export function looksLikePolicy(map: YAMLMap): boolean {
  const apiVersion = getCaseInsensitive(map, 'apiVersion');
  // `kind: Policy` with rules but no apiVersion is a policy whose author forgot the header:
  // recognise it so the fatal "missing apiVersion" reaches them.
  if (apiVersion === undefined) return getCaseInsensitive(map, 'kind') === 'Policy' && map.has('rules');
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith(`${API_GROUP}/`)) return false;
  const kind = getCaseInsensitive(map, 'kind');
  if (kind === undefined || kind === null) return true;
  return typeof kind === 'string' && kind.toLowerCase() === 'policy';
}

/** True when the raw text of a document declares an audit policy, whatever its YAML errors. */
function mentionsPolicy(text: string, doc: Document): boolean {
  const [start, , end] = doc.range ?? [0, 0, text.length];
  const raw = text.slice(start, end);
  return /^\s*apiVersion\s*:\s*["']?audit\.k8s\.io\//m.test(raw) && !/^\s*kind\s*:\s*["']?(?!Policy\b)\w/m.test(raw);
}

function childMap(map: YAMLMap, key: string): YAMLMap | undefined {
  const value = map.get(key, true);
  return isMap(value) ? value : undefined;
}

/** RKE keeps the policy object at services.kube-api.audit_log.configuration.policy. */
function rkePolicy(root: YAMLMap): YAMLMap | undefined {
  let node: YAMLMap | undefined = root;
  for (const key of ['services', 'kube-api', 'audit_log', 'configuration', 'policy']) {
    node = node && childMap(node, key);
  }
  return node && (looksLikePolicy(node) || node.has('rules')) ? node : undefined;
}

/** ConfigMap data entries that may hold a policy: `policy` and `*.yaml`/`*.yml` keys with string values. */
function configMapPolicyScalars(root: YAMLMap): Scalar[] {
  if (getCaseInsensitive(root, 'kind') !== 'ConfigMap') return [];
  const data = childMap(root, 'data');
  if (!data) return [];
  const found: Scalar[] = [];
  for (const pair of data.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if ((key === 'policy' || /\.ya?ml$/.test(key)) && isScalar(pair.value) && typeof pair.value.value === 'string') {
      found.push(pair.value);
    }
  }
  return found;
}

/** Parses a ConfigMap string value as a policy and maps its offsets back into the host text. */
function embeddedPolicy(scalar: Scalar, host: string, documentIndex: number): PolicyDocument | undefined {
  const map = scalar.type === Scalar.BLOCK_LITERAL ? blockLiteralMap(scalar, host) : undefined;
  const source = map ? map.source : String(scalar.value);
  const docs = parseAllDocuments(source, PARSE_OPTIONS);
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (!first || !isMap(first.contents) || !looksLikePolicy(first.contents)) return undefined;
  const valueStart = scalar.range?.[0] ?? 0;
  // Quoted or folded scalars do not keep a line-for-line image of the value, so everything maps
  // to the scalar's start: still in the right place, just not to the character.
  const toHost = map ? map.toHost : () => valueStart;
  const fromHost = map ? map.fromHost : () => undefined;
  return {
    host: 'configmap',
    documentIndex,
    root: first.contents,
    yaml: first,
    source,
    toHost,
    fromHost,
    indent: map ? ' '.repeat(map.indent) : '',
    span: rangeSpan(scalar, (o) => o),
    findings: yamlFindings(first, toHost, source.length, source),
  };
}

interface LineMap {
  source: string;
  indent: number;
  toHost(offset: number): number;
  fromHost(offset: number): number | undefined;
}

/** Rebuilds a literal block scalar's text line by line, remembering where each line sits in the host. */
function blockLiteralMap(scalar: Scalar, host: string): LineMap | undefined {
  const [start, , end] = scalar.range ?? [0, 0, 0];
  const headerEnd = host.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return undefined;
  const rawLines = host.slice(headerEnd + 1, end).split('\n');
  const explicit = /^[|][-+]?([1-9])|^[|]([1-9])/.exec(host.slice(start, headerEnd));
  const firstText = rawLines.find((l) => l.trim() !== '');
  const indent = explicit
    ? Number(explicit[1] ?? explicit[2]) + parentIndent(host, start)
    : firstText
      ? firstText.length - firstText.trimStart().length
      : 0;
  const hostLineStarts: number[] = [];
  const sourceLineStarts: number[] = [];
  let hostOffset = headerEnd + 1;
  let source = '';
  for (const raw of rawLines) {
    const lineStart = hostOffset + Math.min(indent, leadingSpaces(raw));
    sourceLineStarts.push(source.length);
    hostLineStarts.push(lineStart);
    source += raw.slice(Math.min(indent, leadingSpaces(raw))).replace(/\r$/, '') + '\n';
    hostOffset += raw.length + 1;
  }
  const toHost = (offset: number) => {
    const line = lastAtOrBelow(sourceLineStarts, offset);
    return Math.min(hostLineStarts[line] + (offset - sourceLineStarts[line]), end);
  };
  const fromHost = (offset: number) => {
    if (offset < headerEnd + 1 || offset > end) return undefined;
    const line = lastAtOrBelow(hostLineStarts, offset);
    return sourceLineStarts[line] + Math.max(0, offset - hostLineStarts[line]);
  };
  return { source, indent, toHost, fromHost };
}

function leadingSpaces(line: string): number {
  return line.length - line.replace(/^ +/, '').length;
}

function parentIndent(host: string, offset: number): number {
  const lineStart = host.lastIndexOf('\n', offset - 1) + 1;
  return leadingSpaces(host.slice(lineStart, offset));
}

/** Index of the last element <= value in an ascending array (0 when none). */
function lastAtOrBelow(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The span of a node's value (without trailing comments), mapped to host offsets. */
export function rangeSpan(node: Node, toHost: (o: number) => number): Span {
  const [start, valueEnd] = node.range ?? [0, 0];
  return { start: toHost(start), end: toHost(valueEnd) };
}

/** YAML syntax errors of one parsed document, and tab indentation, as findings. */
function yamlFindings(doc: Document, toHost: (o: number) => number, length: number, source: string): Finding[] {
  const findings: Finding[] = tabFindings(doc, toHost, source);
  const tabbed = new Set(findings.map((f) => f.span.start));
  for (const error of doc.errors) {
    const [start, end] = error.pos;
    // Our own tab finding says the same with a fix; keep one message per tab.
    if (error.code === 'TAB_AS_INDENT' && tabbed.has(toHost(start))) continue;
    findings.push({
      code: 'yaml-syntax',
      severity: 'error',
      message: `YAML: ${firstLine(error.message)} kube-apiserver cannot decode the file.`,
      span: { start: toHost(Math.min(start, length)), end: toHost(Math.min(Math.max(end, start + 1), length)) },
    });
  }
  return findings;
}

function firstLine(message: string): string {
  const line = message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

/**
 * go-yaml (kube-apiserver) refuses tabs in indentation, while the `yaml` package sometimes
 * reads `\t- item` as a plain scalar without an error; so tabs get a finding of their own.
 */
function tabFindings(doc: Document, toHost: (o: number) => number, source: string): Finding[] {
  const [start, , end] = doc.range ?? [0, 0, source.length];
  const findings: Finding[] = [];
  const pattern = /^( *)(\t+)/gm;
  const region = source.slice(start, end);
  for (const match of region.matchAll(pattern)) {
    const at = start + (match.index ?? 0) + match[1].length;
    findings.push({
      code: 'yaml-tab-indentation',
      severity: 'error',
      message: 'A tab is used for indentation: YAML allows only spaces there, and kube-apiserver cannot decode the file.',
      span: { start: toHost(at), end: toHost(at + match[2].length) },
      fixes: [
        {
          title: 'Replace tabs with spaces',
          edits: [{ span: { start: toHost(at), end: toHost(at + match[2].length) }, newText: '  '.repeat(match[2].length) }],
          preferred: true,
        },
      ],
    });
  }
  return findings;
}
