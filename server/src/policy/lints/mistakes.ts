// Mistakes kube-apiserver loads without complaint: a body level where no body exists, names on
// verbs that carry none, namespaces on cluster-scoped resources, verbs the resources never see,
// and no catch-all at the end.
import { isNamespaced, verbsOf } from '../catalog';
import type { PolicyRule } from '../model';
import type { ProbeAnswer, Prober } from '../reachProbe';
import { appendListItem, replaceScalar } from '../listEdits';
import type { Finding } from '../types';
import type { LintContext } from './context';
import { example, LOGS_BODIES, policySpan, ruleSpan } from './context';
import { appendRule } from './ruleEdits';

export function planMistakes(ctx: LintContext, prober: Prober): () => Finding[] {
  const unmatched = prober.ask({ probe: { verbs: [] }, eligible: () => false, includeUnmatched: true });
  return () => mistakeFindings(ctx, prober, unmatched);
}

function mistakeFindings(ctx: LintContext, prober: Prober, unmatched: number): Finding[] {
  const findings: Finding[] = [];
  for (const rule of ctx.policy.rules) {
    const found = [bodyWithoutBody(ctx, rule), namesWithoutNames(rule), clusterScopedNamespaces(ctx, rule), unsupportedVerbs(ctx, rule)];
    for (const f of found) if (f) findings.push(f);
  }
  const catchAll = missingCatchAll(ctx, prober.answer(unmatched));
  if (catchAll) findings.push(catchAll);
  return findings;
}

const isResourceRule = (rule: PolicyRule) => rule.resources.length > 0 || rule.namespaces.length > 0;

/** Request/RequestResponse on a rule that only matches non-resource URLs: there is no body to log. */
function bodyWithoutBody(ctx: LintContext, rule: PolicyRule): Finding | undefined {
  if (!LOGS_BODIES.has(rule.level) || isResourceRule(rule) || rule.nonResourceURLs.length === 0) return undefined;
  const level = rule.keys.level;
  return {
    code: 'level-without-body',
    severity: 'hint',
    message: `This rule only matches non-resource requests (${rule.nonResourceURLs.map((u) => u.value).join(', ')}), which have no body: ${rule.level} records exactly what Metadata records.`,
    span: ruleSpan(rule),
    path: `rules[${rule.index}].level`,
    fixes: level
      ? [{ title: 'Change the level to Metadata', edits: [replaceScalar(ctx.text, level.valueSpan, 'Metadata')], preferred: true }]
      : [],
  };
}

/** resourceNames where every verb carries no name. */
function namesWithoutNames(rule: PolicyRule): Finding | undefined {
  const named = rule.resources.filter((e) => e.resourceNames.length > 0);
  if (named.length === 0 || rule.verbs.length === 0) return undefined;
  const verbs = rule.verbs.map((v) => v.value);
  const nameless = ['create', 'deletecollection'];
  const filtered = ['list', 'watch'];
  if (!verbs.every((v) => nameless.includes(v) || filtered.includes(v))) return undefined;
  const onlyNameless = verbs.every((v) => nameless.includes(v));
  return {
    code: 'names-on-nameless-verbs',
    severity: onlyNameless ? 'warning' : 'info',
    message: onlyNameless
      ? `resourceNames never match ${verbs.join(', ')}: these requests carry no object name, so this rule matches nothing.`
      : `resourceNames match ${verbs.filter((v) => filtered.includes(v)).join(' and ')} only when the request selects one object by name (fieldSelector metadata.name=..., as kubectl get NAME --watch does); ` +
        `${verbs.some((v) => nameless.includes(v)) ? `${verbs.filter((v) => nameless.includes(v)).join(' and ')} never carry a name. ` : ''}Most such requests are not matched.`,
    span: named[0]!.keys.resourceNames?.keySpan ?? named[0]!.span,
    path: `rules[${rule.index}].resources[${named[0]!.index}].resourceNames`,
  };
}

/** namespaces without "" on a rule whose resources are all cluster-scoped: it matches nothing. */
function clusterScopedNamespaces(ctx: LintContext, rule: PolicyRule): Finding | undefined {
  if (rule.namespaces.length === 0 || rule.namespaces.some((n) => n.value === '') || rule.resources.length === 0) return undefined;
  const all = rule.resources.flatMap((e) =>
    e.resources.length === 0 ? [undefined] : e.resources.map((r) => isNamespaced(ctx.catalog, e.group, r.value)),
  );
  if (all.length === 0 || !all.every((n) => n === false)) return undefined;
  const names = rule.resources.flatMap((e) => e.resources.map((r) => r.value));
  const addEmpty = appendListItem(ctx.text, rule.namespaces, '');
  return {
    code: 'namespaces-on-cluster-scoped',
    severity: 'warning',
    message: `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} cluster-scoped: ${names.length > 1 ? 'their' : 'its'} requests have namespace "", which namespaces does not list, so this rule matches nothing. Add "" or remove namespaces.`,
    span: rule.keys.namespaces?.keySpan ?? rule.span,
    path: `rules[${rule.index}].namespaces`,
    fixes: addEmpty ? [{ title: 'Add "" to namespaces', edits: [addEmpty], preferred: true }] : [],
  };
}

/** Verbs no resource of the rule ever receives (catalogue verbs), e.g. watch on pods/exec. */
function unsupportedVerbs(ctx: LintContext, rule: PolicyRule): Finding | undefined {
  if (rule.verbs.length === 0 || rule.resources.length === 0) return undefined;
  const supported = new Set<string>();
  for (const entry of rule.resources) {
    if (entry.resources.length === 0) return undefined;
    for (const r of entry.resources) {
      if (r.value.includes('*')) return undefined;
      const verbs = verbsOf(ctx.catalog, entry.group, r.value);
      if (!verbs) return undefined;
      verbs.forEach((v) => supported.add(v));
    }
  }
  const dead = rule.verbs.filter((v) => !supported.has(v.value));
  if (dead.length === 0) return undefined;
  const none = dead.length === rule.verbs.length;
  return {
    code: 'verb-not-supported',
    severity: none ? 'warning' : 'hint',
    message:
      `${dead.map((v) => `\`${v.value}\``).join(', ')} ${dead.length > 1 ? 'are' : 'is'} never used on ${rule.resources.flatMap((e) => e.resources.map((r) => r.value)).join(', ')} ` +
      `(${ctx.catalog.version} API: ${[...supported].sort().join(', ')})${none ? ', so this rule matches nothing' : ''}.`,
    span: dead[0]!.span,
    path: `rules[${rule.index}].verbs`,
    tags: none ? undefined : ['unnecessary'],
  };
}

/** Requests no rule matches are not logged at all: a catch-all at the end makes that a choice. */
function missingCatchAll(ctx: LintContext, hit: ProbeAnswer): Finding | undefined {
  const { policy } = ctx;
  if (!hit) return undefined;
  const edit = appendRule(ctx.text, policy, ['level: Metadata']);
  return {
    code: 'no-catch-all',
    severity: 'info',
    message: `Requests no rule matches are not logged at all, for example ${example(hit.witness)}. End the rules with a catch-all (level: Metadata) to log everything else.`,
    span: policySpan(policy),
    path: 'rules',
    fixes: edit ? [{ title: 'Append a catch-all rule (level: Metadata)', edits: [edit] }] : [],
  };
}
