// What to show when hovering a policy: field docs from the field table for every key, level and
// stage docs for their values, and on a rule's `level` a one-sentence summary of the rule with its
// witness (a request it decides) or the rules that shadow it.
import type { DocumentAnalysis, PolicyAnalysis } from './analyze';
import type { Catalog } from './catalog';
import { groupDoc, namespaceDoc, resourceDoc, urlDoc, userDoc, verbDoc } from './hoverValues';
import { FIELDS, LEVEL_DOCS, STAGE_DOCS, isLevel, isStage } from './fields';
import type { FieldSpec, ObjectKind } from './fields';
import type { GroupResources, KeyInfo, PolicyRule, Str } from './model';
import { formatShorthand } from './request';
import type { Span } from './types';

export interface Hover {
  markdown: string;
  span: Span;
}

const within = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

/** Returns the hover at a host offset, or undefined when there is nothing to say there. */
export function hoverAt(analysis: DocumentAnalysis, offset: number): Hover | undefined {
  for (const policy of analysis.policies) {
    if (!within(policy.document.span, offset) && policy.document.host !== 'file') continue;
    const found = hoverInPolicy(policy, offset, analysis.catalog);
    if (found) return found;
  }
  return undefined;
}

function hoverInPolicy(analysis: PolicyAnalysis, offset: number, catalog: Catalog): Hover | undefined {
  const { policy } = analysis;
  for (const rule of policy.rules) {
    if (!within(rule.span, offset)) continue;
    const level = rule.keys.level;
    if (level && (within(level.keySpan, offset) || within(level.valueSpan, offset))) {
      return { markdown: ruleSummary(analysis, rule), span: { start: level.keySpan.start, end: level.valueSpan.end } };
    }
    return (
      stageHover(rule.omitStages, offset) ??
      keyHover(rule.keys, 'PolicyRule', offset) ??
      resourcesHover(rule, offset, catalog) ??
      valueHover(rule.verbs, offset, verbDoc) ??
      valueHover(rule.users, offset, (v) => userDoc(v, false)) ??
      valueHover(rule.userGroups, offset, (v) => userDoc(v, true)) ??
      valueHover(rule.namespaces, offset, namespaceDoc) ??
      valueHover(rule.nonResourceURLs, offset, urlDoc)
    );
  }
  return stageHover(policy.omitStages, offset) ?? keyHover(policy.keys, 'Policy', offset);
}

function resourcesHover(rule: PolicyRule, offset: number, catalog: Catalog): Hover | undefined {
  for (const entry of rule.resources) {
    if (!within(entry.span, offset)) continue;
    const groupValue = entry.keys.group?.valueSpan;
    if (groupValue && within(groupValue, offset)) return { markdown: groupDoc(catalog, entry.group), span: groupValue };
    return (
      keyHover(entry.keys, 'GroupResources', offset) ?? valueHover(entry.resources, offset, (v) => resourceDoc(catalog, entry.group, v))
    );
  }
  return undefined;
}

function valueHover(values: Str[], offset: number, doc: (value: string) => string): Hover | undefined {
  const found = values.find((v) => within(v.span, offset));
  return found ? { markdown: doc(found.value), span: found.span } : undefined;
}

function keyHover(keys: Record<string, KeyInfo>, kind: ObjectKind, offset: number): Hover | undefined {
  for (const [name, info] of Object.entries(keys)) {
    const spec = FIELDS[kind].find((f) => f.name === name);
    if (spec && within(info.keySpan, offset)) return { markdown: fieldDoc(spec, kind), span: info.keySpan };
  }
  return undefined;
}

function stageHover(stages: Str[], offset: number): Hover | undefined {
  const stage = stages.find((s) => within(s.span, offset));
  if (!stage || !isStage(stage.value)) return undefined;
  return { markdown: `**Stage \`${stage.value}\`**\n\n${STAGE_DOCS[stage.value].doc}`, span: stage.span };
}

/** Markdown for a field: what it does, its type, an example. */
export function fieldDoc(spec: FieldSpec, kind: ObjectKind): string {
  const since = spec.since ? ` · since Kubernetes ${spec.since}` : '';
  const required = spec.required ? ' · required' : '';
  return `**\`${spec.name}\`** (${kind})${required}${since}\n\n${spec.doc}\n\n\`\`\`yaml\n${spec.example}\n\`\`\``;
}

/** The rule in one sentence, the level's meaning, and the reachability verdict with its witness. */
export function ruleSummary(analysis: PolicyAnalysis, rule: PolicyRule): string {
  const { policy, reach } = analysis;
  const stages = [...new Set([...policy.omitStages, ...rule.omitStages].map((s) => s.value))].sort();
  const omitManaged = rule.omitManagedFields ?? policy.omitManagedFields;
  const head =
    `**Rule ${rule.index + 1}**: ${matchesSentence(rule)} are logged at **${rule.level || '(no level)'}**` +
    (stages.length ? `, omitting ${stages.join(', ')}` : '') +
    `; omitManagedFields ${omitManaged}${rule.omitManagedFields === undefined ? ' (from the policy)' : ''}.`;
  const level = isLevel(rule.level) ? `\n\n**${rule.level}**: ${LEVEL_DOCS[rule.level].doc}` : '';
  const verdict = reach.rules[rule.index];
  const reachLine =
    !verdict || verdict.reachable === null
      ? ''
      : verdict.reachable
        ? `\n\nFor example, this rule decides \`${formatShorthand(verdict.witness!)}\`.`
        : `\n\nThis rule never decides a request: ${verdict.shadowedBy.length ? `rule${verdict.shadowedBy.length > 1 ? 's' : ''} ${verdict.shadowedBy.map((i) => i + 1).join(', ')} match every request it could match first` : 'no request can match it'}.`;
  return head + level + reachLine;
}

function describeEntry(entry: GroupResources): string {
  const group = `group \`${entry.group || 'core'}\``;
  return entry.resources.length ? `${list(entry.resources, '')} in ${group}` : `every resource of ${group}`;
}

function list(values: Str[], fallback: string): string {
  return values.length ? values.map((v) => `\`${v.value || '""'}\``).join(', ') : fallback;
}

/** "Requests by users a, b with verbs get on pods in kube-system". */
export function matchesSentence(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.users.length) parts.push(`by ${list(rule.users, '')}`);
  if (rule.userGroups.length) parts.push(`by members of ${list(rule.userGroups, '')}`);
  if (rule.verbs.length) parts.push(`with verb ${list(rule.verbs, '')}`);
  if (rule.resources.length) parts.push(`on ${rule.resources.map(describeEntry).join('; ')}`);
  if (rule.namespaces.length) parts.push(`in namespace ${list(rule.namespaces, '')}`);
  if (rule.nonResourceURLs.length) parts.push(`to ${list(rule.nonResourceURLs, '')}`);
  const kind =
    rule.resources.length || rule.namespaces.length
      ? 'Resource requests'
      : rule.nonResourceURLs.length
        ? 'Non-resource requests'
        : 'All requests';
  return parts.length ? `${kind} ${parts.join(' ')}` : `${kind} (resource or not)`;
}
