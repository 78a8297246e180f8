// Builds the Policy model from a plain object shaped like the YAML, without any text: every span
// is {0,0}. Used by tests, property tests and benchmarks that want a policy without YAML.
import type { GroupResources, KeyInfo, Policy, PolicyRule, Str } from './model';
import type { Span } from './types';

export interface PlainGroupResources {
  group?: string;
  resources?: string[];
  resourceNames?: string[];
}

export interface PlainRule {
  level?: string;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  namespaces?: string[];
  nonResourceURLs?: string[];
  resources?: PlainGroupResources[];
  omitStages?: string[];
  omitManagedFields?: boolean;
}

export interface PlainPolicy {
  apiVersion?: string;
  kind?: string;
  rules: PlainRule[];
  omitStages?: string[];
  omitManagedFields?: boolean;
}

const NO_SPAN: Span = { start: 0, end: 0 };

/** Returns the Policy model of a plain YAML-shaped object, with all spans {0,0}. */
export function policyFromPlain(plain: PlainPolicy): Policy {
  return {
    apiVersion: plain.apiVersion ?? 'audit.k8s.io/v1',
    kind: plain.kind ?? 'Policy',
    rules: plain.rules.map(ruleFromPlain),
    omitStages: strs(plain.omitStages),
    omitManagedFields: plain.omitManagedFields ?? false,
    span: NO_SPAN,
    keys: keysOf(plain),
  };
}

/** Returns the PolicyRule model of one plain rule at position `index`. */
export function ruleFromPlain(plain: PlainRule, index: number): PolicyRule {
  const rule: PolicyRule = {
    index,
    level: plain.level ?? '',
    users: strs(plain.users),
    userGroups: strs(plain.userGroups),
    verbs: strs(plain.verbs),
    namespaces: strs(plain.namespaces),
    nonResourceURLs: strs(plain.nonResourceURLs),
    resources: (plain.resources ?? []).map(groupResourcesFromPlain),
    omitStages: strs(plain.omitStages),
    span: NO_SPAN,
    keys: keysOf(plain),
  };
  if (plain.omitManagedFields !== undefined) rule.omitManagedFields = plain.omitManagedFields;
  return rule;
}

function groupResourcesFromPlain(plain: PlainGroupResources, index: number): GroupResources {
  return {
    index,
    group: plain.group ?? '',
    groupSpan: NO_SPAN,
    resources: strs(plain.resources),
    resourceNames: strs(plain.resourceNames),
    span: NO_SPAN,
    keys: keysOf(plain),
  };
}

function strs(values: readonly string[] | undefined): Str[] {
  return (values ?? []).map((value) => ({ value, span: NO_SPAN }));
}

/** Every key written in the plain object, as if written at offset 0. */
function keysOf(plain: object): Record<string, KeyInfo> {
  const keys: Record<string, KeyInfo> = {};
  for (const [key, value] of Object.entries(plain)) {
    if (value !== undefined) keys[key] = { keySpan: NO_SPAN, valueSpan: NO_SPAN };
  }
  return keys;
}
