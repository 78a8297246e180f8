// The policy as kube-apiserver decodes it (after strict-then-lenient decoding), with the span of
// every value so analyses can point back at the text. Produced by load.ts, read by every analysis.
import type { Span } from './types';

/** A decoded string scalar and where it was written. */
export interface Str {
  value: string;
  span: Span;
}

/** Where a key and its value were written inside a mapping (the key kube-apiserver kept). */
export interface KeyInfo {
  keySpan: Span;
  valueSpan: Span;
}

/** One entry of a rule's `resources` list (GroupResources). */
export interface GroupResources {
  /** 0-based position in the rule's `resources` list. */
  index: number;
  /** The API group; `""` is the core group. Absent `group` decodes as `""`. */
  group: string;
  /** Span of the group value, or of the entry when `group` is not written. */
  groupSpan: Span;
  resources: Str[];
  resourceNames: Str[];
  span: Span;
  keys: Record<string, KeyInfo>;
}

/** One PolicyRule. Absent and empty lists are the same thing: no constraint. */
export interface PolicyRule {
  /** 0-based index in `rules` (the number kube-apiserver's field paths use). */
  index: number;
  /** The level as written (may be invalid; validate.ts reports that). `""` when absent. */
  level: string;
  users: Str[];
  userGroups: Str[];
  verbs: Str[];
  namespaces: Str[];
  nonResourceURLs: Str[];
  resources: GroupResources[];
  omitStages: Str[];
  /** Unset is distinct from false: unset defers to the policy's value. */
  omitManagedFields?: boolean;
  /** The whole rule (the sequence item). */
  span: Span;
  keys: Record<string, KeyInfo>;
}

export interface Policy {
  apiVersion: string;
  kind: string;
  rules: PolicyRule[];
  omitStages: Str[];
  omitManagedFields: boolean;
  /** The policy mapping in the host file. */
  span: Span;
  keys: Record<string, KeyInfo>;
}

/** Returns the plain string values of a spanned list. */
export function values(list: readonly Str[]): string[] {
  return list.map((s) => s.value);
}

/** A rule with no conditions (it matches every request) and the given level. */
export function emptyRule(index: number, span: Span, level = ''): PolicyRule {
  return {
    index,
    level,
    users: [],
    userGroups: [],
    verbs: [],
    namespaces: [],
    nonResourceURLs: [],
    resources: [],
    omitStages: [],
    span,
    keys: {},
  };
}
