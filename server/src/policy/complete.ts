// Completion: what may be written at the cursor, from the field table (keys, levels, stages, verbs),
// the API catalogue (groups, and the resources of the entry's group) and the well-known names
// (users, groups, namespaces, URLs), plus snippets. The LSP adapter only converts the result.
import {
  groupNames,
  resourcesOf,
  WELL_KNOWN_GROUPS,
  WELL_KNOWN_NAMESPACES,
  WELL_KNOWN_NON_RESOURCE_URLS,
  WELL_KNOWN_USERS,
} from './catalog';
import type { Catalog, WellKnownName } from './catalog';
import type { DocumentAnalysis } from './analyze';
import { cursorContext } from './cursor';
import type { CursorContext } from './cursor';
import { API_VERSION, FIELDS, LEVEL_DOCS, LEVELS, STAGE_DOCS, STAGES, VERB_DOCS, fieldSpec } from './fields';
import type { FieldSpec, ObjectKind } from './fields';
import { RULE_SNIPPETS, STARTER_HEADER, STARTER_POLICIES } from './snippets';
import type { Snippet } from './snippets';
import type { Span } from './types';
import { atLeast } from './version';
import { quoteIfNeeded } from './quote';

export type CompletionKind = 'field' | 'value' | 'enum' | 'snippet' | 'module' | 'class' | 'user' | 'folder' | 'keyword';

export interface Completion {
  label: string;
  kind: CompletionKind;
  /** One line beside the label. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces `span`; LSP snippet syntax when `snippet` is set. */
  newText: string;
  snippet?: boolean;
  span: Span;
  /** What the client filters the typed text against (defaults to the label). */
  filterText?: string;
  sortText?: string;
  deprecated?: boolean;
}

export interface CompletionOptions {
  kubernetesVersion?: string;
}

/**
 * Completions at an offset of `text`. The analysis gives the catalogue and where policies start;
 * it may be of an earlier version of the text: completion must not wait for a re-analysis.
 */
export function completeAt(analysis: DocumentAnalysis, offset: number, text = analysis.text): Completion[] {
  const policy = [...analysis.policies].reverse().find((p) => p.document.span.start <= offset) ?? analysis.policies[0];
  if (!policy) return [];
  const first = Math.min(text.lastIndexOf('\n', policy.document.span.start - 1) + 1, text.lastIndexOf('\n', offset - 1) + 1);
  const context = cursorContext(text, offset, first);
  if (!context) return [];
  const onlyRoot = policy.policy.rules.length === 0 && policy.document.host === 'file';
  const items = complete(context, analysis.catalog, analysis.kubernetesVersion);
  if (onlyRoot && context.slot.kind === 'key' && context.slot.object === 'Policy' && context.column === 0) {
    const header = !context.presentKeys.includes('apiVersion') && !context.presentKeys.includes('kind');
    items.push(...starterPolicies(context.word, header));
  }
  return items;
}

/** Starter policies for a file with nothing in it yet (the server offers them before it is a policy). */
export function starterPolicies(span: Span, withHeader = true): Completion[] {
  return STARTER_POLICIES.map((s, i) =>
    snippetCompletion(withHeader ? s : { ...s, body: s.body.slice(STARTER_HEADER.length) }, span, 0, `9${i}`),
  );
}

export function complete(context: CursorContext, catalog: Catalog, kubernetesVersion: string): Completion[] {
  const slot = context.slot;
  if (slot.kind === 'key') return keyCompletions(context, slot.object, slot.newItem, kubernetesVersion);
  const spec = fieldSpec(slot.object, slot.field);
  if (!spec) return [];
  const values = valuesFor(slot.object, spec, context, catalog).filter((v) => !context.presentValues.includes(v.value));
  const listWithoutBrackets = !slot.inList && isList(spec);
  return values.map((v, i) => {
    const scalar = quoteIfNeeded(v.value, context.inFlow || listWithoutBrackets, context.quote);
    const text = listWithoutBrackets ? `[${scalar}]` : scalar;
    return {
      label: v.label ?? (v.value === '' ? '""' : v.value),
      kind: v.kind,
      detail: v.detail,
      documentation: v.doc,
      newText: v.snippet ? v.snippet(text) : text,
      snippet: v.snippet !== undefined,
      span: context.word,
      filterText: context.quote ? `${context.quote}${v.value}` : v.value,
      sortText: `${v.rank ?? 5}${String(i).padStart(4, '0')}`,
      deprecated: v.deprecated,
    };
  });
}

function isList(spec: FieldSpec): boolean {
  return spec.type === 'stringList' || spec.type === 'stageList';
}

interface ValueChoice {
  value: string;
  label?: string;
  kind: CompletionKind;
  detail?: string;
  doc?: string;
  rank?: number;
  deprecated?: boolean;
  /** Turns the quoted text into a snippet (for templates with placeholders). */
  snippet?: (text: string) => string;
}

function valuesFor(object: ObjectKind, spec: FieldSpec, context: CursorContext, catalog: Catalog): ValueChoice[] {
  switch (spec.type) {
    case 'level':
      return LEVELS.map((level) => ({ value: level, kind: 'enum', detail: LEVEL_DOCS[level].summary, doc: LEVEL_DOCS[level].doc }));
    case 'stageList':
      return STAGES.map((stage) => ({ value: stage, kind: 'enum', detail: STAGE_DOCS[stage].summary, doc: STAGE_DOCS[stage].doc }));
    case 'bool':
      return ['true', 'false'].map((value) => ({ value, kind: 'keyword' }));
    default:
      break;
  }
  if (object === 'Policy' && spec.name === 'apiVersion') {
    return [{ value: API_VERSION, kind: 'keyword', detail: 'The only apiVersion accepted since 1.24' }];
  }
  if (object === 'Policy' && spec.name === 'kind') return [{ value: 'Policy', kind: 'keyword' }];
  if (object === 'GroupResources' && spec.name === 'group') return groupChoices(catalog);
  if (object === 'GroupResources' && spec.name === 'resources') return resourceChoices(catalog, context.group ?? '');
  if (object !== 'PolicyRule') return [];
  switch (spec.name) {
    case 'verbs':
      return Object.entries(VERB_DOCS).map(([verb, doc]) => ({
        value: verb,
        kind: 'enum',
        detail: doc.resource ? doc.summary : `(non-resource URLs) ${doc.summary}`,
        doc: doc.doc,
        rank: doc.resource ? 1 : 2,
      }));
    case 'users':
      return wellKnown(WELL_KNOWN_USERS, 'user');
    case 'userGroups':
      return wellKnown(WELL_KNOWN_GROUPS, 'user');
    case 'namespaces':
      return wellKnown(WELL_KNOWN_NAMESPACES, 'module');
    case 'nonResourceURLs':
      return wellKnown(WELL_KNOWN_NON_RESOURCE_URLS, 'folder');
    default:
      return [];
  }
}

function groupChoices(catalog: Catalog): ValueChoice[] {
  return groupNames(catalog).map((name) => {
    const resources = resourcesOf(catalog, name);
    const listed = resources
      .slice(0, 12)
      .map((r) => `\`${r.name}\``)
      .join(', ');
    return {
      value: name,
      label: name === '' ? '"" (core)' : name,
      kind: 'module',
      detail: name === '' ? 'The core group: pods, secrets, configmaps, nodes...' : `${resources.length} resources`,
      doc: `**${name === '' ? 'core group `""`' : `\`${name}\``}** (Kubernetes ${catalog.version}): ${listed}${resources.length > 12 ? ', ...' : ''}`,
      rank: name === '' || name === 'apps' ? 1 : 3,
    };
  });
}

function resourceChoices(catalog: Catalog, group: string): ValueChoice[] {
  const resources = resourcesOf(catalog, group);
  if (resources.length === 0) return [];
  const choices: ValueChoice[] = [];
  const subNames = new Set<string>();
  for (const resource of resources) {
    const kind = resource.kind ? `${resource.kind}, ` : '';
    const scope = resource.namespaced ? 'namespaced' : 'cluster-scoped';
    choices.push({
      value: resource.name,
      kind: 'class',
      detail: `${kind}${scope}`,
      doc: `Matches \`${resource.name}\` itself, **not** its subresources.`,
      rank: 1,
    });
    for (const sub of resource.subresources ?? []) {
      subNames.add(sub.name);
      choices.push({
        value: `${resource.name}/${sub.name}`,
        kind: 'class',
        detail: `subresource${sub.kind ? ` (${sub.kind})` : ''}`,
        rank: 2,
      });
    }
    if (resource.subresources?.length) {
      choices.push({
        value: `${resource.name}/*`,
        kind: 'class',
        detail: `${resource.name} and all its subresources`,
        doc: `Matches \`${resource.name}\` and every subresource of it (${resource.subresources.map((s) => `\`${s.name}\``).join(', ')}).`,
        rank: 3,
      });
    }
  }
  choices.push({ value: '*', kind: 'class', detail: 'every resource and subresource of the group', rank: 4 });
  for (const sub of [...subNames].sort()) {
    choices.push({ value: `*/${sub}`, kind: 'class', detail: `the ${sub} subresource of every resource of the group`, rank: 4 });
  }
  return choices;
}

function wellKnown(table: readonly WellKnownName[], kind: CompletionKind): ValueChoice[] {
  return table.map((entry) => {
    const template = entry.name.includes('<');
    let n = 0;
    return {
      value: entry.name,
      label: entry.name === '' ? '""' : entry.name,
      kind,
      detail: entry.legacy ? `(legacy) ${entry.doc}` : entry.doc,
      doc: entry.doc,
      rank: entry.legacy ? 3 : template ? 2 : 1,
      snippet: template ? (text: string) => text.replace(/<([^>]+)>/g, (_m, name: string) => `\${${++n}:${name}}`) : undefined,
    };
  });
}

function keyCompletions(context: CursorContext, object: ObjectKind, newItem: boolean, kubernetesVersion: string): Completion[] {
  const indent = ' '.repeat(context.column);
  const dash = context.needsDash ? '- ' : '';
  const items: Completion[] = [];
  FIELDS[object].forEach((spec, i) => {
    if (context.presentKeys.includes(spec.name)) return;
    if (spec.since && !atLeast(kubernetesVersion, spec.since)) return;
    items.push({
      label: spec.name,
      kind: 'field',
      detail: `${object}${spec.required ? ' (required)' : ''}`,
      documentation: `${spec.doc}\n\n\`\`\`yaml\n${spec.example}\n\`\`\``,
      newText: dash + keySnippet(spec, context.inFlow, indent),
      snippet: true,
      span: context.word,
      filterText: spec.name,
      sortText: `${spec.required ? 0 : 1}${String(i).padStart(4, '0')}`,
    });
  });
  if (object === 'PolicyRule' && newItem && !context.inFlow) {
    RULE_SNIPPETS.forEach((s, i) => items.push(snippetCompletion(s, context.word, context.column, `8${i}`, dash)));
  }
  return items;
}

/** `key: ` with the value's shape: a placeholder list, a nested entry, a choice of levels. */
function keySnippet(spec: FieldSpec, inFlow: boolean, indent: string): string {
  if (inFlow) return `${spec.name}: $0`;
  switch (spec.type) {
    case 'level':
      return `${spec.name}: \${1|${LEVELS.join(',')}|}`;
    case 'stageList':
      return `${spec.name}:\n${indent}  - \${1|${STAGES.join(',')}|}`;
    case 'stringList':
      return `${spec.name}: ["$1"]`;
    case 'bool':
      return `${spec.name}: \${1|true,false|}`;
    case 'ruleList':
      return `${spec.name}:\n${indent}  - level: \${1|${LEVELS.join(',')}|}`;
    case 'groupResourcesList':
      return `${spec.name}:\n${indent}  - group: "$1"\n${indent}    resources: ["$2"]`;
    case 'object':
      return `${spec.name}:\n${indent}  $0`;
    default:
      return `${spec.name}: $0`;
  }
}

function snippetCompletion(snippet: Snippet, span: Span, column: number, rank: string, dash = ''): Completion {
  const indent = ' '.repeat(column);
  return {
    label: snippet.label,
    kind: 'snippet',
    detail: snippet.detail,
    documentation: `${snippet.doc}\n\n\`\`\`yaml\n${dash}${snippet.body.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:?([^}]*)\}|\$\d/g, '$1')}\n\`\`\``,
    newText: dash + snippet.body.replace(/\n/g, `\n${indent}`),
    snippet: true,
    span,
    filterText: snippet.label,
    sortText: rank,
  };
}
