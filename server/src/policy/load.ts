// PolicyDocument -> Policy, decoded the way kube-apiserver decodes the file: strictly first
// (unknown and duplicated keys are strict errors), then leniently (those keys are dropped or the
// last one wins). Type errors are fatal in both passes. Dropped keys become warnings here.
import { isMap, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { isNull, decodeBool, decodeString, decodeStringList, keyInfo, lastWins, mapEntries, resolve, spanOf, typeError } from './decode';
import type { DecodeContext, Entry } from './decode';
import type { PolicyDocument } from './document';
import { FIELDS } from './fields';
import type { ObjectKind } from './fields';
import { droppedKeyFinding, duplicateKeyFinding } from './dropped';
import { emptyRule } from './model';
import type { GroupResources, KeyInfo, Policy, PolicyRule } from './model';
import type { Finding, Span } from './types';

export interface LoadResult {
  policy: Policy;
  findings: Finding[];
}

/** Field names kube-apiserver knows per object, from the one field table. */
const KNOWN: Record<ObjectKind, readonly string[]> = {
  Policy: FIELDS.Policy.map((f) => f.name),
  PolicyRule: FIELDS.PolicyRule.map((f) => f.name),
  GroupResources: FIELDS.GroupResources.map((f) => f.name),
};

/** Decodes a recognised policy document into the model kube-apiserver would use, with findings. */
export function loadPolicy(doc: PolicyDocument): LoadResult {
  const ctx: DecodeContext = { yaml: doc.yaml, toHost: doc.toHost, findings: [], visited: 0, exhausted: false };
  const entries = checkedEntries(ctx, mapEntries(ctx, doc.root), 'Policy', '');
  const keys = keysOf(entries);
  const policy: Policy = {
    apiVersion: headerValue(ctx, entries, 'apiVersion'),
    kind: headerValue(ctx, entries, 'kind'),
    rules: [],
    omitStages: [],
    omitManagedFields: false,
    span: doc.span,
    keys,
  };
  for (const [key, entry] of entries) {
    if (key === 'rules') policy.rules = decodeRules(ctx, entry);
    else if (key === 'omitStages') policy.omitStages = decodeStringList(ctx, entry.value, entry.valueSpan, 'omitStages');
    else if (key === 'omitManagedFields') {
      policy.omitManagedFields = decodeBool(ctx, entry.value, entry.valueSpan, 'omitManagedFields') ?? false;
    } else if (key === 'metadata' && !isNull(entry.value) && !isMap(entry.value)) {
      typeError(ctx, entry.valueSpan, 'metadata', 'mapping', entry.value);
    }
  }
  if (ctx.exhausted) {
    ctx.findings.push({
      code: 'yaml-alias-limit',
      severity: 'error',
      message: `YAML aliases expand this policy to more than the limit of nodes; the rest was not read. kube-apiserver rejects excessive aliasing too.`,
      span: doc.span,
    });
  }
  return { policy, findings: ctx.findings };
}

/**
 * apiVersion and kind are sniffed case-insensitively by kube-apiserver before decoding, so
 * `ApiVersion:` still selects the version (and is also flagged as an unknown field).
 */
function headerValue(ctx: DecodeContext, entries: Map<string, Entry>, name: 'apiVersion' | 'kind'): string {
  const exact = entries.get(name);
  const entry = exact ?? [...entries.values()].find((e) => e.key.toLowerCase() === name.toLowerCase());
  if (!entry) return '';
  return decodeString(ctx, entry.value, entry.valueSpan, name) ?? '';
}

/** Reports dropped (unknown, misplaced) and duplicated keys, and returns the keys kube-apiserver keeps. */
function checkedEntries(ctx: DecodeContext, raw: Entry[], kind: ObjectKind, path: string, outer: string[] = []): Map<string, Entry> {
  const { kept, duplicates } = lastWins(raw);
  for (const { dropped, kept: winner } of duplicates) ctx.findings.push(duplicateKeyFinding(dropped, winner, kind, path));
  const known = new Map<string, Entry>();
  for (const [key, entry] of kept) {
    if (KNOWN[kind].includes(key)) known.set(key, entry);
    else {
      // apiVersion/kind in another case are still sniffed; keep them reachable for headerValue.
      if (kind === 'Policy' && ['apiversion', 'kind'].includes(key.toLowerCase())) known.set(key, entry);
      ctx.findings.push(droppedKeyFinding(entry, kind, path, [...kept.keys()], outer));
    }
  }
  return known;
}

function keysOf(entries: Map<string, Entry>): Record<string, KeyInfo> {
  const keys: Record<string, KeyInfo> = {};
  for (const [key, entry] of entries) keys[key] = keyInfo(entry);
  return keys;
}

function decodeRules(ctx: DecodeContext, entry: Entry): PolicyRule[] {
  const node = entry.value;
  if (isNull(node)) return [];
  if (!isSeq(node)) {
    typeError(ctx, entry.valueSpan, 'rules', 'list of rules', node);
    return [];
  }
  const rules: PolicyRule[] = [];
  node.items.forEach((raw) => {
    const item = resolve(ctx, raw);
    if (item === undefined) return;
    rules.push(decodeRule(ctx, item, spanOf(ctx, raw as Node, entry.valueSpan), rules.length));
  });
  return rules;
}

function decodeRule(ctx: DecodeContext, node: Node | null, span: Span, index: number): PolicyRule {
  const rule = emptyRule(index, span);
  const path = `rules[${index}]`;
  if (node === null || isNull(node)) return rule;
  if (!isMap(node)) {
    typeError(ctx, span, path, 'rule (a mapping)', node);
    return rule;
  }
  const entries = checkedEntries(ctx, mapEntries(ctx, node), 'PolicyRule', path);
  rule.keys = keysOf(entries);
  for (const [key, e] of entries) {
    const at = `${path}.${key}`;
    switch (key) {
      case 'level':
        rule.level = decodeString(ctx, e.value, e.valueSpan, at) ?? '';
        break;
      case 'users':
      case 'userGroups':
      case 'verbs':
      case 'namespaces':
      case 'nonResourceURLs':
      case 'omitStages':
        rule[key] = decodeStringList(ctx, e.value, e.valueSpan, at);
        break;
      case 'omitManagedFields':
        rule.omitManagedFields = decodeBool(ctx, e.value, e.valueSpan, at);
        break;
      case 'resources':
        rule.resources = decodeGroupResourcesList(ctx, e, at, [...entries.keys()]);
        break;
    }
  }
  return rule;
}

function decodeGroupResourcesList(ctx: DecodeContext, entry: Entry, path: string, ruleKeys: string[]): GroupResources[] {
  const node = entry.value;
  if (isNull(node)) return [];
  if (!isSeq(node)) {
    typeError(ctx, entry.valueSpan, path, 'list of {group, resources, resourceNames} entries', node);
    return [];
  }
  const list: GroupResources[] = [];
  node.items.forEach((raw, i) => {
    const item = resolve(ctx, raw);
    if (item === undefined) return;
    const span = spanOf(ctx, raw as Node, entry.valueSpan);
    const decoded = decodeGroupResources(ctx, item, span, `${path}[${i}]`, list.length, ruleKeys);
    if (decoded) list.push(decoded);
  });
  return list;
}

function decodeGroupResources(
  ctx: DecodeContext,
  node: Node | null,
  span: Span,
  path: string,
  index: number,
  ruleKeys: string[],
): GroupResources | undefined {
  const gr: GroupResources = { index, group: '', groupSpan: span, resources: [], resourceNames: [], span, keys: {} };
  if (node === null || isNull(node)) return gr;
  if (!isMap(node)) {
    typeError(ctx, span, path, 'mapping with group and resources', node);
    return undefined;
  }
  const entries = checkedEntries(ctx, mapEntries(ctx, node), 'GroupResources', path, ruleKeys);
  gr.keys = keysOf(entries);
  for (const [key, e] of entries) {
    if (key === 'group') {
      gr.group = decodeString(ctx, e.value, e.valueSpan, `${path}.group`) ?? '';
      gr.groupSpan = e.valueSpan;
    } else if (key === 'resources' || key === 'resourceNames') {
      gr[key] = decodeStringList(ctx, e.value, e.valueSpan, `${path}.${key}`);
    }
  }
  return gr;
}
