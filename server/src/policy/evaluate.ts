// First-match evaluation of a policy for one request, as kube-apiserver's audit policy checker
// does it (k8s.io/apiserver pkg/audit/policy/checker.go; audit-semantics.md, section 4). Function
// names follow checker.go so the two can be read side by side. whyNot and the trace explain the
// first condition that failed, in the checker's own order.
import type { GroupResources, Policy, PolicyRule, Str } from './model';
import type { AuditRequest } from './request';
import type { Span } from './types';
import { SINCE, atLeast } from './version';

export interface EvaluateOptions {
  /** "1.36"; default: the newest behaviour. `group: "*"` is a wildcard only from 1.36. */
  kubernetesVersion?: string;
}

export type TraceField = 'users' | 'userGroups' | 'verbs' | 'namespaces' | 'resources' | 'nonResourceURLs' | 'requestKind';

/** Why one rule did not match: the first failing condition in kube-apiserver's check order. */
export interface TraceStep {
  rule: number;
  field: TraceField;
  /** One sentence, e.g. `user "alice" is not in users [system:kube-proxy]`. */
  reason: string;
  /** Where the failing condition is written in the host text. */
  span: Span;
}

export interface Decision {
  /** 0-based index of the deciding rule in `rules`; null when no rule matches. */
  rule: number | null;
  /** The rule's level as written (the loader reports invalid levels); `None` when no rule matches. */
  level: string;
  /** Sorted, deduplicated union of the policy's and the rule's omitStages. */
  omitStages: string[];
  omitManagedFields: boolean;
  /** One step per earlier rule that did not match. */
  trace: TraceStep[];
}

/** Returns the audit decision for a request: the first matching rule, its level, stages and managed-fields setting, and why earlier rules missed. */
export function evaluate(policy: Policy, request: AuditRequest, options: EvaluateOptions = {}): Decision {
  const trace: TraceStep[] = [];
  for (const rule of policy.rules) {
    const step = whyNot(rule, request, options);
    if (step === null) return { ...decisionFor(policy, rule), trace };
    trace.push(step);
  }
  return { ...noMatchDecision(policy), trace };
}

/** Returns the index of the first rule matching the request, or null (no trace: the fast path for replay). */
export function firstMatchingRule(policy: Policy, request: AuditRequest, options: EvaluateOptions = {}): number | null {
  for (const rule of policy.rules) if (ruleMatches(rule, request, options)) return rule.index;
  return null;
}

/** Returns the decision (without trace) when `rule` matches; kube-apiserver's EvaluatePolicyRule result. */
export function decisionFor(policy: Policy, rule: PolicyRule): Omit<Decision, 'trace'> {
  return {
    rule: rule.index,
    level: rule.level,
    omitStages: sortedUnion(
      policy.omitStages.map((s) => s.value),
      rule.omitStages.map((s) => s.value),
    ),
    omitManagedFields: rule.omitManagedFields ?? policy.omitManagedFields,
  };
}

/**
 * Returns the decision when no rule matches. kube-apiserver returns the policy-level omitStages
 * as written (duplicates included); with level None they have no effect, and the Decision type
 * promises a sorted, deduplicated list, so it is normalised here.
 */
export function noMatchDecision(policy: Policy): Omit<Decision, 'trace'> {
  return {
    rule: null,
    level: 'None',
    omitStages: sortedUnion(policy.omitStages.map((s) => s.value)),
    omitManagedFields: policy.omitManagedFields,
  };
}

function sortedUnion(...lists: string[][]): string[] {
  return [...new Set(lists.flat())].sort();
}

/** Returns the first condition of `rule` that the request fails, or null when the rule matches. */
export function whyNot(rule: PolicyRule, request: AuditRequest, options: EvaluateOptions = {}): TraceStep | null {
  const userStep = whyNotUser(rule, request);
  if (userStep !== null) return userStep;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) return whyNotResource(rule, request, options);
  if (rule.nonResourceURLs.length > 0) return whyNotNonResource(rule, request);
  return null;
}

/** True when the rule matches the request (checker.go ruleMatches). */
export function ruleMatches(rule: PolicyRule, request: AuditRequest, options: EvaluateOptions = {}): boolean {
  if (rule.users.length > 0 && (request.user === undefined || !hasString(rule.users, request.user))) return false;
  if (rule.userGroups.length > 0) {
    if (request.user === undefined) return false;
    if (!request.groups.some((g) => hasString(rule.userGroups, g))) return false;
  }
  if (rule.verbs.length > 0 && !hasString(rule.verbs, request.verb)) return false;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) return ruleMatchesResource(rule, request, options);
  if (rule.nonResourceURLs.length > 0) return ruleMatchesNonResource(rule, request);
  return true;
}

/** True when the request is a non-resource request whose path matches one of the rule's nonResourceURLs. */
export function ruleMatchesNonResource(rule: PolicyRule, request: AuditRequest): boolean {
  if (request.isResourceRequest) return false;
  return rule.nonResourceURLs.some((spec) => pathMatches(spec.value, request.path));
}

/**
 * True when a nonResourceURLs entry matches the path: `*`, an exact match, or a trailing-`*`
 * prefix. Note the argument order: checker.go's pathMatches takes (path, spec).
 */
export function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*' || pattern === path) return true;
  return pattern.endsWith('*') && path.startsWith(pattern.replace(/\*+$/, ''));
}

/** True when the request is a resource request in the rule's namespaces and matching one of its resources entries. */
export function ruleMatchesResource(rule: PolicyRule, request: AuditRequest, options: EvaluateOptions = {}): boolean {
  if (!request.isResourceRequest) return false;
  if (rule.namespaces.length > 0 && !hasString(rule.namespaces, request.namespace)) return false;
  if (rule.resources.length === 0) return true;
  return rule.resources.some((entry) => groupResourcesMatch(entry, request, options));
}

/** True when one GroupResources entry matches the request's group, resource/subresource and name. */
export function groupResourcesMatch(entry: GroupResources, request: AuditRequest, options: EvaluateOptions = {}): boolean {
  if (!groupMatches(entry.group, request.apiGroup, options)) return false;
  if (entry.resources.length === 0) return true;
  if (entry.resourceNames.length > 0 && !hasString(entry.resourceNames, request.name)) return false;
  return entry.resources.some((res) => resourceMatches(res.value, request.resource, request.subresource));
}

/** True when an entry's group covers the request's API group (`*` is a wildcard from Kubernetes 1.36). */
export function groupMatches(entryGroup: string, apiGroup: string, options: EvaluateOptions = {}): boolean {
  return entryGroup === apiGroup || (entryGroup === '*' && groupWildcardSupported(options));
}

/** True when `group: "*"` means every group for the chosen Kubernetes version. */
export function groupWildcardSupported(options: EvaluateOptions = {}): boolean {
  return atLeast(options.kubernetesVersion, SINCE.groupWildcard);
}

/**
 * True when a `resources` string matches: the exact `resource[/subresource]`, a lone star (any
 * resource and subresource), star-slash-SUB (any resource's SUB), or RESOURCE-slash-star (which
 * also matches the bare RESOURCE).
 */
export function resourceMatches(pattern: string, resource: string, subresource: string): boolean {
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  if (pattern === combined || pattern === '*') return true;
  if (subresource !== '' && pattern.startsWith('*/') && subresource === pattern.slice(2)) return true;
  return pattern.endsWith('/*') && resource === pattern.slice(0, -2);
}

/** True when one of the spanned strings equals `value` exactly (checker.go hasString). */
export function hasString(list: readonly { value: string }[], value: string): boolean {
  for (const s of list) if (s.value === value) return true;
  return false;
}

// ---- whyNot: one sentence per failing condition, in ruleMatches' order ----

function whyNotUser(rule: PolicyRule, request: AuditRequest): TraceStep | null {
  const user = request.user;
  if (rule.users.length > 0 && (user === undefined || !hasString(rule.users, user))) {
    const reason =
      user === undefined
        ? `the request has no user (authentication failed), so users ${list(rule.users)} cannot match`
        : `user ${quote(user)} is not in users ${list(rule.users)}${literalStarHint(rule.users, 'users')}`;
    return step(rule, 'users', reason);
  }
  if (rule.userGroups.length > 0 && (user === undefined || !request.groups.some((g) => hasString(rule.userGroups, g)))) {
    const reason =
      user === undefined
        ? `the request has no user (authentication failed), so userGroups ${list(rule.userGroups)} cannot match`
        : request.groups.length === 0
          ? `user ${quote(user)} has no groups, so userGroups ${list(rule.userGroups)} cannot match`
          : `none of the groups ${plainList(request.groups)} of user ${quote(user)} is in userGroups ${list(rule.userGroups)}${literalStarHint(rule.userGroups, 'userGroups')}`;
    return step(rule, 'userGroups', reason);
  }
  if (rule.verbs.length > 0 && !hasString(rule.verbs, request.verb)) {
    return step(rule, 'verbs', `verb ${quote(request.verb)} is not in verbs ${list(rule.verbs)}${literalStarHint(rule.verbs, 'verbs')}`);
  }
  return null;
}

function whyNotResource(rule: PolicyRule, request: AuditRequest, options: EvaluateOptions): TraceStep | null {
  if (!request.isResourceRequest) {
    const field = rule.namespaces.length > 0 ? 'namespaces' : 'resources';
    const reason = `the rule has ${field}, so it matches only resource requests, but ${quote(request.path)} is a non-resource request`;
    return { rule: rule.index, field: 'requestKind', reason, span: fieldSpan(rule, field) };
  }
  if (rule.namespaces.length > 0 && !hasString(rule.namespaces, request.namespace)) {
    const ns =
      request.namespace === '' ? 'the request has no namespace (""), which is not' : `namespace ${quote(request.namespace)} is not`;
    return step(rule, 'namespaces', `${ns} in namespaces ${list(rule.namespaces)}${literalStarHint(rule.namespaces, 'namespaces')}`);
  }
  if (rule.resources.length === 0 || rule.resources.some((e) => groupResourcesMatch(e, request, options))) return null;
  return whyNotResources(rule, request, options);
}

function whyNotResources(rule: PolicyRule, request: AuditRequest, options: EvaluateOptions): TraceStep {
  const target = describeResource(request);
  const sameGroup = rule.resources.filter((e) => groupMatches(e.group, request.apiGroup, options));
  if (sameGroup.length === 0) {
    const groups = plainList([...new Set(rule.resources.map((e) => e.group))]);
    const star = rule.resources.some((e) => e.group === '*')
      ? ` (group "*" is a wildcard only from Kubernetes ${SINCE.groupWildcard})`
      : '';
    return step(
      rule,
      'resources',
      `${target} is in API group ${quote(request.apiGroup)}, and no resources entry is for that group (groups ${groups})${star}`,
    );
  }
  const named = sameGroup.find((e) => e.resources.some((r) => resourceMatches(r.value, request.resource, request.subresource)));
  if (named !== undefined) {
    const name =
      request.name === '' ? 'the request has no name' : `name ${quote(request.name)} is not in resourceNames ${list(named.resourceNames)}`;
    return {
      rule: rule.index,
      field: 'resources',
      reason: `${target} is listed in resources entry ${named.index}, but ${name}`,
      span: named.span,
    };
  }
  const entry = sameGroup[0]!;
  const hint =
    request.subresource !== '' && entry.resources.some((r) => r.value === request.resource)
      ? ` (${quote(request.resource)} does not cover its subresources; add ${quote(`${request.resource}/${request.subresource}`)} or ${quote(`${request.resource}/*`)})`
      : '';
  return {
    rule: rule.index,
    field: 'resources',
    reason: `${target} is not in resources ${list(entry.resources)} of entry ${entry.index}${hint}`,
    span: entry.span,
  };
}

function whyNotNonResource(rule: PolicyRule, request: AuditRequest): TraceStep | null {
  if (request.isResourceRequest) {
    const reason = `the rule has nonResourceURLs, so it matches only non-resource requests, but this is a request for ${describeResource(request)}`;
    return { rule: rule.index, field: 'requestKind', reason, span: fieldSpan(rule, 'nonResourceURLs') };
  }
  if (ruleMatchesNonResource(rule, request)) return null;
  return step(rule, 'nonResourceURLs', `path ${quote(request.path)} matches none of nonResourceURLs ${list(rule.nonResourceURLs)}`);
}

function describeResource(request: AuditRequest): string {
  const combined = request.subresource === '' ? request.resource : `${request.resource}/${request.subresource}`;
  return `resource ${quote(combined)}`;
}

function step(rule: PolicyRule, field: Exclude<TraceField, 'requestKind'>, reason: string): TraceStep {
  return { rule: rule.index, field, reason, span: fieldSpan(rule, field) };
}

/** The whole `key: value` of a rule field, or the rule when the key is not in the text. */
function fieldSpan(rule: PolicyRule, key: string): Span {
  const info = rule.keys[key];
  return info ? { start: info.keySpan.start, end: Math.max(info.keySpan.end, info.valueSpan.end) } : rule.span;
}

function literalStarHint(values: readonly Str[], field: string): string {
  return hasString(values, '*') ? ` ("*" is a literal string in ${field}, not a wildcard)` : '';
}

const MAX_LISTED = 6;

function list(values: readonly Str[]): string {
  return plainList(values.map((s) => s.value));
}

function plainList(values: readonly string[]): string {
  const shown = values.slice(0, MAX_LISTED).map(listItem);
  if (values.length > MAX_LISTED) shown.push(`… ${values.length - MAX_LISTED} more`);
  return `[${shown.join(', ')}]`;
}

function listItem(value: string): string {
  return value === '' || /[\s,\[\]"]/.test(value) ? JSON.stringify(value) : value;
}

function quote(value: string): string {
  return JSON.stringify(value);
}
