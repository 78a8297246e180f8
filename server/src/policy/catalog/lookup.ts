// Lookups in one catalogue: groups, resources, subresources, and where a resource name lives.
import type { ApiGroup, ApiResource, ApiSubresource, Catalog } from './types';

/** Returns the group with this name (`""` = core), if the catalogue has it. */
export function findGroup(catalog: Catalog, name: string): ApiGroup | undefined {
  return catalog.groupIndex.get(name);
}

/** Returns the names of every group, core (`""`) first. */
export function groupNames(catalog: Catalog): string[] {
  return catalog.groups.map((group) => group.name);
}

/** Returns the resources of a group, by name; empty when the group is unknown. */
export function resourcesOf(catalog: Catalog, group: string): readonly ApiResource[] {
  return findGroup(catalog, group)?.resources ?? [];
}

/** Returns the resource (plural name, no subresource) of a group, with its subresources. */
export function findResource(catalog: Catalog, group: string, resource: string): ApiResource | undefined {
  return findGroup(catalog, group)?.resourceIndex.get(resource);
}

/** Returns a subresource of a resource (`pods` + `exec`), if the catalogue has it. */
export function findSubresource(catalog: Catalog, group: string, resource: string, subresource: string): ApiSubresource | undefined {
  return findResource(catalog, group, resource)?.subresources?.find((sub) => sub.name === subresource);
}

export interface ResolvedResource {
  group: string;
  resource: ApiResource;
  subresource?: ApiSubresource;
}

/** Resolves `resource` or `resource/subresource` as written in an audit policy; undefined when either part is unknown. */
export function resolveResource(catalog: Catalog, group: string, combined: string): ResolvedResource | undefined {
  const slash = combined.indexOf('/');
  const resourceName = slash < 0 ? combined : combined.slice(0, slash);
  const resource = findResource(catalog, group, resourceName);
  if (!resource) {
    return undefined;
  }
  if (slash < 0) {
    return { group, resource };
  }
  const subresource = resource.subresources?.find((sub) => sub.name === combined.slice(slash + 1));
  return subresource ? { group, resource, subresource } : undefined;
}

/** Returns the groups that have a resource named `combined` (`deployments`, `pods/exec`), core first. */
export function groupsServing(catalog: Catalog, combined: string): string[] {
  return catalog.groups.filter((group) => resolveResource(catalog, group.name, combined)).map((group) => group.name);
}

/** Returns whether the resource is namespaced; undefined when unknown. */
export function isNamespaced(catalog: Catalog, group: string, resource: string): boolean | undefined {
  return findResource(catalog, group, resource.split('/')[0]!)?.namespaced;
}

/** Returns the verbs of `resource` or `resource/subresource`; undefined when unknown or not recorded. */
export function verbsOf(catalog: Catalog, group: string, combined: string): readonly string[] | undefined {
  const resolved = resolveResource(catalog, group, combined);
  return resolved?.subresource ? resolved.subresource.verbs : resolved?.resource.verbs;
}

/** Returns the kind of `resource` or `resource/subresource` (`policy/v1 Eviction` when the kind is from another group). */
export function kindOf(catalog: Catalog, group: string, combined: string): string | undefined {
  const resolved = resolveResource(catalog, group, combined);
  const sub = resolved?.subresource;
  if (!sub) {
    return resolved?.resource.kind;
  }
  if (!sub.kind || !sub.kindGroup) {
    return sub.kind;
  }
  return sub.kindVersion ? `${sub.kindGroup}/${sub.kindVersion} ${sub.kind}` : `${sub.kindGroup} ${sub.kind}`;
}

/** Returns the group and resource a short name (`deploy`, `po`) or kind (`Deployment`) stands for. */
export function findByAlias(catalog: Catalog, alias: string): { group: string; resource: ApiResource }[] {
  const lower = alias.toLowerCase();
  return catalog.groups.flatMap((group) =>
    group.resources
      .filter((resource) => resource.shortNames?.includes(lower) || resource.kind?.toLowerCase() === lower)
      .map((resource) => ({ group: group.name, resource })),
  );
}

/** Returns every `resource` and `resource/subresource` name of a group, for completion and suggestions. */
export function combinedNames(catalog: Catalog, group: string): string[] {
  return resourcesOf(catalog, group).flatMap((resource) => [
    resource.name,
    ...(resource.subresources ?? []).map((sub) => `${resource.name}/${sub.name}`),
  ]);
}
