// Types of the Kubernetes API catalogue: the generated data (data/*.json) and the indexed form the
// engine looks things up in. Group "" is the core group, as in audit policies.

/** A subresource as written after the slash in an audit policy (`pods/exec` -> `exec`). */
export interface ApiSubresource {
  readonly name: string;
  /** The kind of the subresource's request/response object, when known. */
  readonly kind?: string;
  /** Set when that kind belongs to another group (`pods/eviction` -> `policy`). */
  readonly kindGroup?: string;
  readonly kindVersion?: string;
  /** Undefined when the source data has no verbs (old client-node tables). */
  readonly verbs?: readonly string[];
}

/** A resource of one API group, merged over the group's versions. */
export interface ApiResource {
  /** The plural, lower-case name used in `resources:` entries. */
  readonly name: string;
  readonly kind?: string;
  readonly namespaced: boolean;
  readonly verbs?: readonly string[];
  readonly shortNames?: readonly string[];
  /** The group versions serving it, when not all of the group's versions do. */
  readonly versions?: readonly string[];
  readonly subresources?: readonly ApiSubresource[];
  /** True for resources that come from a CustomResourceDefinition. */
  readonly custom?: boolean;
}

export interface ApiGroupData {
  /** `""` for the core group. */
  readonly name: string;
  /** Served versions, preferred first. */
  readonly versions: readonly string[];
  readonly resources: readonly ApiResource[];
}

/** One generated catalogue file. */
export interface CatalogData {
  /** The Kubernetes minor this catalogue stands for ("1.30"). */
  readonly id: string;
  /** An honest label: where the data comes from and what it approximates. */
  readonly kubernetes: string;
  readonly source: string;
  readonly groups: readonly ApiGroupData[];
}

export interface ApiGroup extends ApiGroupData {
  readonly preferredVersion: string;
  readonly resourceIndex: ReadonlyMap<string, ApiResource>;
}

/** A catalogue ready for lookups. */
export interface Catalog {
  /** The catalogue id ("1.30"), i.e. the version that was chosen. */
  readonly version: string;
  readonly kubernetes: string;
  readonly source: string;
  /** Core first, then by name. */
  readonly groups: readonly ApiGroup[];
  readonly groupIndex: ReadonlyMap<string, ApiGroup>;
}
