// The Kubernetes API catalogue: built-in groups, versions, resources, subresources, kinds and verbs
// per Kubernetes version (generated into data/ by scripts/gen-catalog.mjs), plus well-known names.
export type { ApiGroup, ApiGroupData, ApiResource, ApiSubresource, Catalog, CatalogData } from './types';
export { buildCatalog, compareVersionPriority } from './build';
export { CATALOG_VERSIONS, DEFAULT_CATALOG_VERSION, allCatalogs, chooseCatalog, getCatalog } from './versions';
export type { CatalogChoice } from './versions';
export {
  combinedNames,
  findByAlias,
  findGroup,
  findResource,
  findSubresource,
  groupNames,
  groupsServing,
  isNamespaced,
  kindOf,
  resolveResource,
  resourcesOf,
  verbsOf,
} from './lookup';
export type { ResolvedResource } from './lookup';
export { explainAbsence, groupHistory, groupVersionHistory, resourceHistory } from './history';
export type { History } from './history';
export { didYouMean, editDistance } from './didYouMean';
export { WELL_KNOWN_GROUPS, WELL_KNOWN_NAMESPACES, WELL_KNOWN_NON_RESOURCE_URLS, WELL_KNOWN_USERS, findWellKnown } from './wellKnown';
export type { WellKnownName } from './wellKnown';
