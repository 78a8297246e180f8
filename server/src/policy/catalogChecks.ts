// Diagnostics from the API catalogue: a resource written under a group that does not serve it
// (`deployments` under `""` matches nothing), unknown groups and resources with suggestions,
// resources or groups absent from the chosen Kubernetes version, and the legacy `extensions` group.
// kube-apiserver accepts all of these; the rule just silently matches less than intended.
import {
  combinedNames,
  didYouMean,
  explainAbsence,
  findByAlias,
  findGroup,
  groupHistory,
  groupNames,
  groupsServing,
  resolveResource,
  resourcesOf,
} from './catalog';
import type { Catalog } from './catalog';
import { appendListItem, removeListItem, replaceScalar } from './listEdits';
import type { GroupResources, Policy, PolicyRule, Str } from './model';
import { quoteIfNeeded } from './quote';
import type { Finding, Fix } from './types';

export const CATALOG_CODES = [
  'resource-wrong-group',
  'unknown-resource',
  'unknown-group',
  'resource-not-in-version',
  'legacy-extensions-group',
] as const;

/** Where the legacy `extensions` resources live now. */
const EXTENSIONS_MOVED: Record<string, string> = {
  deployments: 'apps',
  daemonsets: 'apps',
  replicasets: 'apps',
  replicationcontrollers: '',
  ingresses: 'networking.k8s.io',
  networkpolicies: 'networking.k8s.io',
  podsecuritypolicies: 'policy',
};

/** Groups served by common aggregated API servers (metrics-server, adapters), not by kube-apiserver itself. */
const AGGREGATED_GROUPS = new Set(['metrics.k8s.io', 'custom.metrics.k8s.io', 'external.metrics.k8s.io']);

const shown = (group: string) => (group === '' ? 'the core group ""' : `group ${group}`);

export function catalogFindings(policy: Policy, catalog: Catalog, text: string): Finding[] {
  const findings: Finding[] = [];
  for (const rule of policy.rules) {
    for (const entry of rule.resources) {
      const path = `rules[${rule.index}].resources[${entry.index}]`;
      if (entry.group === '*') continue;
      if (entry.group === 'extensions') {
        findings.push(extensionsFinding(entry, catalog, text, path));
        continue;
      }
      if (!findGroup(catalog, entry.group)) {
        const finding = unknownGroup(entry, catalog, text, path);
        if (finding) findings.push(finding);
        continue;
      }
      entry.resources.forEach((resource, i) => {
        const finding = checkResource(rule, entry, resource, i, catalog, text, path);
        if (finding) findings.push(finding);
      });
    }
  }
  return findings;
}

function checkResource(
  rule: PolicyRule,
  entry: GroupResources,
  resource: Str,
  index: number,
  catalog: Catalog,
  text: string,
  path: string,
): Finding | undefined {
  const value = resource.value;
  const group = entry.group;
  const slash = value.indexOf('/');
  const base = slash < 0 ? value : value.slice(0, slash);
  const sub = slash < 0 ? undefined : value.slice(slash + 1);
  const at = { span: resource.span, path: `${path}.resources[${index}]` };
  if (value === '*' || value === '') return undefined;
  if (base === '*') {
    const subs = new Set(resourcesOf(catalog, group).flatMap((r) => (r.subresources ?? []).map((s) => s.name)));
    if (sub === '*' || sub === undefined || subs.has(sub)) return undefined;
    return unknown(
      text,
      at,
      value,
      `no resource of ${shown(group)} has a \`${sub}\` subresource`,
      didYouMean(sub, subs).map((s) => `*/${s}`),
    );
  }
  const baseResource = resolveResource(catalog, group, base);
  if (!baseResource) {
    const served = groupsServing(catalog, base);
    if (served.length) return wrongGroup(rule, entry, index, served, catalog, text, at);
    const absence = explainAbsence(catalog, group, base);
    if (absence) return notInVersion(at, absence);
    const aliases = findByAlias(catalog, base).map((a) => ({ name: a.resource.name + value.slice(base.length), group: a.group }));
    const sameGroup = aliases.filter((a) => a.group === group).map((a) => a.name);
    const suggestions = [...sameGroup, ...didYouMean(value, combinedNames(catalog, group))];
    const elsewhere = aliases.filter((a) => a.group !== group);
    const hint = elsewhere.length ? ` (${elsewhere.map((a) => `${a.name} is in ${shown(a.group)}`).join('; ')})` : '';
    return unknown(text, at, value, `${shown(group)} has no resource \`${base}\`${hint}`, [...new Set(suggestions)]);
  }
  if (sub === undefined || sub === '*' || resolveResource(catalog, group, value)) return undefined;
  const absence = explainAbsence(catalog, group, value);
  if (absence) return notInVersion(at, absence);
  const subs = (baseResource.resource.subresources ?? []).map((s) => `${base}/${s.name}`);
  const known = subs.length ? ` Its subresources: ${subs.join(', ')}.` : ` It has no subresources in Kubernetes ${catalog.version}.`;
  return unknown(text, at, value, `\`${base}\` has no \`${sub}\` subresource.${known}`, didYouMean(value, subs));
}

function unknown(text: string, at: { span: Str['span']; path: string }, value: string, why: string, suggestions: string[]): Finding {
  const mean = suggestions.length ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : '';
  return {
    code: 'unknown-resource',
    severity: 'warning',
    message: `\`${value}\` matches no request: ${why.replace(/\.$/, '')}.${mean}`,
    ...at,
    fixes: suggestions.map((s, i) => ({
      title: `Change to ${s}`,
      edits: [replaceScalar(text, at.span, s)],
      preferred: i === 0 && suggestions.length === 1,
    })),
  };
}

function notInVersion(at: { span: Str['span']; path: string }, absence: string, severity: 'warning' | 'info' = 'warning'): Finding {
  return {
    code: 'resource-not-in-version',
    severity,
    tags: ['deprecated'],
    message: `${absence} Requests for it cannot reach this cluster version, so this name matches nothing there. Check auditPolicy.kubernetesVersion.`,
    ...at,
  };
}

function wrongGroup(
  rule: PolicyRule,
  entry: GroupResources,
  index: number,
  served: string[],
  catalog: Catalog,
  text: string,
  at: { span: Str['span']; path: string },
): Finding {
  const value = entry.resources[index]!.value;
  const target = served[0]!;
  const fixes: Fix[] = [];
  const groupValue = entry.keys.group?.valueSpan;
  const others = entry.resources.filter((_, i) => i !== index);
  // Changing the group is right only when every other resource of the entry lives there too.
  if (groupValue && others.every((r) => resolveResource(catalog, target, r.value.replace(/\/\*$/, '')))) {
    fixes.push({
      title: `Change the group to ${target === '' ? '""' : target}`,
      edits: [replaceScalar(text, groupValue, target)],
      preferred: true,
    });
  }
  const move = others.length > 0 ? moveFix(rule, entry, index, target, text) : undefined;
  if (move) fixes.push(move);
  const where = served.map((g) => (g === '' ? '""' : g)).join(', ');
  return {
    code: 'resource-wrong-group',
    severity: 'warning',
    message:
      `\`${value}\` is not in ${shown(entry.group)}: it is served by ${served.length > 1 ? 'groups' : 'group'} ${where}. ` +
      `This entry never matches requests for ${value}; write it under group ${target === '' ? '""' : target}.`,
    ...at,
    fixes,
  };
}

/** Moves the resource out of its entry into an entry of the right group (existing, or new after it). */
function moveFix(rule: PolicyRule, entry: GroupResources, index: number, target: string, text: string): Fix | undefined {
  const value = entry.resources[index]!.value;
  const remove = removeListItem(text, entry.resources, index);
  if (!remove) return undefined;
  const existing = rule.resources.find((e) => e !== entry && e.group === target);
  let add;
  if (existing) {
    // An entry without resources already matches every resource of its group.
    add = existing.resources.length === 0 ? undefined : appendListItem(text, existing.resources, value);
    if (existing.resources.length > 0 && !add) return undefined;
  } else {
    const entryLine = text.lastIndexOf('\n', entry.span.start - 1) + 1;
    const dashIndent = text.slice(entryLine, entry.span.start);
    if (!/^\s*-\s*$/.test(dashIndent)) return undefined;
    const pad = ' '.repeat(dashIndent.length);
    const end = text.indexOf('\n', entry.span.end - 1);
    const at = end < 0 ? text.length : end;
    const lead = dashIndent.replace(/-\s*$/, '');
    add = {
      span: { start: at, end: at },
      newText: `\n${lead}- group: ${quoteIfNeeded(target, false, '')}\n${pad}resources: [${quoteIfNeeded(value, true, '')}]`,
    };
  }
  return {
    title: `Move ${value} to ${existing ? 'the entry of' : 'a new entry for'} group ${target === '' ? '""' : target}`,
    edits: add ? [remove, add] : [remove],
  };
}

function unknownGroup(entry: GroupResources, catalog: Catalog, text: string, path: string): Finding | undefined {
  const history = groupHistory(entry.group);
  const at = { span: entry.groupSpan, path: `${path}.group` };
  if (history.presentIn.length > 0) {
    const removed = history.lastSeen && Number(history.lastSeen.split('.')[1]) < Number(catalog.version.split('.')[1]);
    const when = removed
      ? `was removed: last seen in the ${history.lastSeen} API catalogue, absent from ${catalog.version}`
      : `is not yet present in ${catalog.version}: first seen in the ${history.firstSeen} API catalogue`;
    // A whole-group entry among others is dead weight; an entry naming resources misses what it names.
    return notInVersion(at, `Group ${entry.group} ${when}.`, entry.resources.length ? 'warning' : 'info');
  }
  if (AGGREGATED_GROUPS.has(entry.group)) return undefined;
  const suggestions = didYouMean(
    entry.group,
    groupNames(catalog).filter((g) => g !== ''),
  );
  if (suggestions.length === 0) return undefined;
  const mean = suggestions.length ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : '';
  return {
    code: 'unknown-group',
    severity: 'warning',
    message:
      `\`${entry.group}\` is not an API group of Kubernetes ${catalog.version}, so this entry matches nothing.` +
      `${mean} For a custom resource, add its CustomResourceDefinition to auditPolicy.customResourceDefinitions.`,
    ...at,
    fixes:
      entry.keys.group === undefined
        ? []
        : suggestions.map((s, i) => ({
            title: `Change the group to ${s}`,
            edits: [replaceScalar(text, entry.groupSpan, s)],
            preferred: i === 0 && suggestions.length === 1,
          })),
  };
}

function extensionsFinding(entry: GroupResources, catalog: Catalog, text: string, path: string): Finding {
  const present = findGroup(catalog, 'extensions') !== undefined;
  const targets = new Set(entry.resources.map((r) => EXTENSIONS_MOVED[r.value.split('/')[0]!]));
  const target = targets.size === 1 ? [...targets][0] : undefined;
  const moved = entry.resources.length
    ? entry.resources.map((r) => `${r.value} → ${EXTENSIONS_MOVED[r.value.split('/')[0]!] ?? '?'}`).join(', ')
    : 'deployments, daemonsets, replicasets → apps; ingresses, networkpolicies → networking.k8s.io; podsecuritypolicies → policy';
  return {
    code: 'legacy-extensions-group',
    severity: present || entry.resources.length === 0 ? 'info' : 'warning',
    tags: ['deprecated'],
    message:
      `The extensions group is legacy: its workloads moved to apps and Ingress/NetworkPolicy to networking.k8s.io; it was removed in Kubernetes 1.22` +
      `${present ? '' : ` and is absent from ${catalog.version}, so this entry matches nothing`}. Write the current group (${moved}).`,
    span: entry.groupSpan,
    path: `${path}.group`,
    fixes:
      target !== undefined && entry.keys.group
        ? [
            {
              title: `Change the group to ${target === '' ? '""' : target}`,
              edits: [replaceScalar(text, entry.groupSpan, target)],
              preferred: true,
            },
          ]
        : [],
  };
}
