// Hover text for the values a rule matches on: groups and resources (from the API catalogue),
// verbs, well-known users and groups, namespaces and non-resource URLs, each with how it matches.
import {
  explainAbsence,
  findGroup,
  findWellKnown,
  groupsServing,
  kindOf,
  resolveResource,
  resourcesOf,
  verbsOf,
  WELL_KNOWN_GROUPS,
  WELL_KNOWN_NAMESPACES,
  WELL_KNOWN_NON_RESOURCE_URLS,
  WELL_KNOWN_USERS,
} from './catalog';
import type { ApiResource, Catalog } from './catalog';
import { VERB_DOCS } from './fields';

const code = (s: string) => `\`${s === '' ? '""' : s}\``;
const groupName = (group: string) => (group === '' ? 'the core group `""`' : `group \`${group}\``);

/** A group value: what it holds in the chosen Kubernetes version. */
export function groupDoc(catalog: Catalog, group: string): string {
  if (group === '*') return '**`*`**: every API group, the core group included (accepted from Kubernetes 1.36).';
  const found = findGroup(catalog, group);
  if (!found) {
    return (
      `**${code(group)}** is not a built-in API group of Kubernetes ${catalog.version}. A custom resource group matches only ` +
      'if a CustomResourceDefinition serves it; list its CRD files in `auditPolicy.customResourceDefinitions` to check it.'
    );
  }
  const names = found.resources.map((r) => code(r.name));
  const head =
    group === ''
      ? '**`""`: the core group** (served under `/api/v1`: pods, secrets, configmaps, nodes, namespaces...).'
      : `**${code(group)}** API group (served under \`/apis/${group}/${found.preferredVersion}\`).`;
  return `${head}\n\nVersions: ${found.versions.join(', ')}. Resources in Kubernetes ${catalog.version}: ${names.join(', ')}.`;
}

/** A `resources` value of an entry: the resource, or the wildcard, and what exactly it matches. */
export function resourceDoc(catalog: Catalog, group: string, value: string): string {
  const slash = value.indexOf('/');
  const base = slash < 0 ? value : value.slice(0, slash);
  const sub = slash < 0 ? undefined : value.slice(slash + 1);
  if (value === '*') return `**\`*\`**: every resource **and** subresource of ${groupName(group)}.`;
  if (base === '*') {
    const having = resourcesOf(catalog, group).filter((r) => r.subresources?.some((s) => s.name === sub));
    const list = having.length ? having.map((r) => code(`${r.name}/${sub}`)).join(', ') : `none in Kubernetes ${catalog.version}`;
    return `**${code(value)}**: the \`${sub}\` subresource of every resource of ${groupName(group)}: ${list}. It does not match the resources themselves.`;
  }
  const resolved = resolveResource(catalog, group, base);
  if (!resolved) return unknownResource(catalog, group, value);
  const resource = resolved.resource;
  const head = `**${code(value)}**: ${describeResource(catalog, group, resource)}`;
  const subs = resource.subresources ?? [];
  if (sub === undefined) {
    const tail = subs.length
      ? `\n\nMatches ${code(base)} itself, **not** its subresources (${subs.map((s) => code(`${base}/${s.name}`)).join(', ')}); write ${code(`${base}/*`)} for all of them.`
      : '';
    return head + tail;
  }
  if (sub === '*') {
    return `${head}\n\nMatches ${code(base)} itself **and** every subresource: ${subs.length ? subs.map((s) => code(s.name)).join(', ') : 'it has none'}.`;
  }
  if (!subs.some((s) => s.name === sub)) return unknownResource(catalog, group, value);
  const kind = kindOf(catalog, group, value);
  const verbs = verbsOf(catalog, group, value);
  return (
    `**${code(value)}**: the \`${sub}\` subresource of ${code(base)}${kind ? ` (${kind})` : ''} in ${groupName(group)}.` +
    (verbs?.length ? ` Verbs: ${verbs.join(', ')}.` : '') +
    `\n\nMatches only this subresource, not ${code(base)} itself.`
  );
}

function describeResource(catalog: Catalog, group: string, resource: ApiResource): string {
  const versions = resource.versions ?? findGroup(catalog, group)?.versions ?? [];
  const parts = [
    resource.kind ? `kind ${resource.kind}` : undefined,
    groupName(group),
    versions.length ? `versions ${versions.join(', ')}` : undefined,
    resource.namespaced ? 'namespaced' : 'cluster-scoped (namespace `""`)',
    resource.custom ? 'from a CustomResourceDefinition' : undefined,
  ].filter(Boolean);
  const verbs = resource.verbs?.length ? ` Verbs: ${resource.verbs.join(', ')}.` : '';
  return `${parts.join(', ')}.${verbs}`;
}

function unknownResource(catalog: Catalog, group: string, value: string): string {
  const elsewhere = groupsServing(catalog, value.endsWith('/*') ? value.slice(0, -2) : value).filter((g) => g !== group);
  if (elsewhere.length) {
    return `**${code(value)}** is not in ${groupName(group)}: it is served by ${elsewhere.map(code).join(', ')}. This entry never matches it.`;
  }
  const absence = explainAbsence(catalog, group, value);
  return absence
    ? `**${code(value)}**: ${absence}`
    : `**${code(value)}** is not a resource of ${groupName(group)} in Kubernetes ${catalog.version}.`;
}

export function verbDoc(verb: string): string {
  const doc = VERB_DOCS[verb];
  if (doc) return `**Verb \`${verb}\`**${doc.resource ? '' : ' (non-resource URLs only)'}\n\n${doc.doc}`;
  const lower = verb.toLowerCase();
  if (verb === '*') return '**`*`** is **not** a wildcard in `verbs`: it matches only a request whose verb is literally `*`, i.e. none.';
  if (VERB_DOCS[lower]) return `**\`${verb}\`** matches nothing: verbs are exact and lower-case. Write \`${lower}\`.`;
  return `**\`${verb}\`** is not a verb kube-apiserver produces for requests (authorization verbs such as \`bind\` or \`impersonate\` never reach the audit policy).`;
}

export function userDoc(name: string, groups: boolean): string {
  if (name === '*') {
    return `**\`*\`** is **not** a wildcard in \`${groups ? 'userGroups' : 'users'}\`: it matches only a name that is literally \`*\`. Leave the list out to match everyone.`;
  }
  const known = findWellKnown(groups ? WELL_KNOWN_GROUPS : WELL_KNOWN_USERS, name);
  const match = groups
    ? 'Matches requests whose authenticated user is a member of this group (exact string).'
    : 'Matches requests whose authenticated user has exactly this name (not the impersonated user).';
  return `**${code(name)}**${known ? `: ${known.doc}` : ''}\n\n${match}`;
}

export function namespaceDoc(name: string): string {
  if (name === '') {
    return (
      '**`""`: no namespace.** Matches cluster-scoped resources (nodes, namespaces created by POST, clusterroles...) and ' +
      'requests on namespaced resources across **all** namespaces (`kubectl get pods -A` is a `list` with namespace `""`). ' +
      'A Namespace fetched by name is **not** in `""`: its namespace is its own name.'
    );
  }
  if (name === '*') return '**`*`** is **not** a wildcard in `namespaces`: it matches only a namespace literally named `*`, i.e. none.';
  const known = findWellKnown(WELL_KNOWN_NAMESPACES, name);
  return `**Namespace \`${name}\`**${known ? `: ${known.doc}` : ''}\n\nMatches resource requests in this namespace, and requests on the Namespace object \`${name}\` itself.`;
}

export function urlDoc(url: string): string {
  const known = findWellKnown(WELL_KNOWN_NON_RESOURCE_URLS, url);
  const doc = known ? ` ${known.doc}` : '';
  if (url === '*') return `**\`*\`**: every non-resource URL.${doc}`;
  if (url.endsWith('*')) {
    const prefix = url.slice(0, -1);
    return `**\`${url}\`**: a prefix match: every non-resource path starting with \`${prefix}\` (\`${prefix}\`, \`${prefix}x\`, \`${prefix}/a/b\`...).${doc}`;
  }
  return `**\`${url}\`**: exactly this path (no prefix match: \`${url}/x\` does not match; end with \`*\` for that).${doc}`;
}
