// Turns catalogue data into the indexed Catalog that lookups use.
import type { ApiGroup, ApiGroupData, Catalog, CatalogData } from './types';

/** Returns the group with a name -> resource index and its preferred version. */
export function buildGroup(data: ApiGroupData): ApiGroup {
  return {
    name: data.name,
    versions: data.versions,
    resources: data.resources,
    preferredVersion: data.versions[0] ?? '',
    resourceIndex: new Map(data.resources.map((resource) => [resource.name, resource])),
  };
}

/** Orders groups the way the generated data does: core first, then by name. */
export function compareGroupNames(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  if (a === '' || b === '') {
    return a === '' ? -1 : 1;
  }
  return a < b ? -1 : 1;
}

/** Returns an indexed catalogue over the given data. */
export function buildCatalog(data: CatalogData): Catalog {
  const groups = data.groups.map(buildGroup).sort((a, b) => compareGroupNames(a.name, b.name));
  return {
    version: data.id,
    kubernetes: data.kubernetes,
    source: data.source,
    groups,
    groupIndex: new Map(groups.map((group) => [group.name, group])),
  };
}

/** Parses `v2beta1` into [stability (GA 2, beta 1, alpha 0, other -1), major, minor]. */
function versionRank(version: string): [number, number, number] {
  const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!match) {
    return [-1, 0, 0];
  }
  const stability = match[2] === 'alpha' ? 0 : match[2] === 'beta' ? 1 : 2;
  return [stability, Number(match[1]), Number(match[3] ?? 0)];
}

/** Orders API versions the way Kubernetes prefers them: GA, beta, alpha, higher numbers first, then by name. */
export function compareVersionPriority(a: string, b: string): number {
  const [x, y] = [versionRank(a), versionRank(b)];
  return y[0] - x[0] || y[1] - x[1] || y[2] - x[2] || (a < b ? -1 : a > b ? 1 : 0);
}
