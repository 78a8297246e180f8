// The catalogue versions and the choice of one for a requested Kubernetes version.
import { parseKubernetesVersion } from '../version';
import { buildCatalog } from './build';
import { CATALOG_DATA } from './data/index';
import type { Catalog, CatalogData } from './types';

/** Catalogue ids, oldest first ("1.18" ... "1.37"). */
export const CATALOG_VERSIONS: readonly string[] = CATALOG_DATA.map((data) => data.id);

/** The newest catalogue, used when no Kubernetes version is given. */
export const DEFAULT_CATALOG_VERSION: string = CATALOG_VERSIONS[CATALOG_VERSIONS.length - 1]!;

export interface CatalogChoice {
  catalog: Catalog;
  /** The version asked for, as given. */
  requested: string | undefined;
  /** True when a catalogue exists for exactly the requested minor. */
  exact: boolean;
  /** One sentence saying which catalogue was chosen and why, for hovers and status items. */
  note: string;
}

// Catalogues are immutable; each is indexed once, on first use.
const built = new Map<string, Catalog>();

function catalogFor(data: CatalogData): Catalog {
  let catalog = built.get(data.id);
  if (!catalog) {
    catalog = buildCatalog(data);
    built.set(data.id, catalog);
  }
  return catalog;
}

/** Returns the minor number of a catalogue id or version text, or undefined when it is not "1.N". */
function minorOf(text: string | undefined): number | undefined {
  const version = parseKubernetesVersion(text);
  return version && version.major === 1 ? version.minor : undefined;
}

/** Returns the catalogue at or below the requested version (the oldest when below all), and why. */
export function chooseCatalog(requested?: string): CatalogChoice {
  const newest = CATALOG_DATA[CATALOG_DATA.length - 1]!;
  const minor = minorOf(requested);
  if (requested === undefined || requested.trim() === '') {
    return {
      catalog: catalogFor(newest),
      requested,
      exact: false,
      note: `Kubernetes API catalogue ${newest.id} (the newest; no version given).`,
    };
  }
  if (minor === undefined) {
    return {
      catalog: catalogFor(newest),
      requested,
      exact: false,
      note: `"${requested}" is not a Kubernetes 1.x version; using the newest API catalogue, ${newest.id}.`,
    };
  }
  const atOrBelow = CATALOG_DATA.filter((data) => minorOf(data.id)! <= minor);
  const data = atOrBelow[atOrBelow.length - 1];
  if (!data) {
    const oldest = CATALOG_DATA[0]!;
    return {
      catalog: catalogFor(oldest),
      requested,
      exact: false,
      note: `No API catalogue as old as ${requested}; using the oldest, ${oldest.id}.`,
    };
  }
  const exact = minorOf(data.id) === minor;
  const note = exact
    ? `Kubernetes API catalogue ${data.id}: ${data.kubernetes}.`
    : `No API catalogue for ${requested}; using ${data.id}, the closest older one: ${data.kubernetes}.`;
  return { catalog: catalogFor(data), requested, exact, note };
}

/** Returns the catalogue at or below the requested version; `catalog.version` says which was chosen. */
export function getCatalog(requested?: string): Catalog {
  return chooseCatalog(requested).catalog;
}

/** Returns every catalogue, oldest first. */
export function allCatalogs(): Catalog[] {
  return CATALOG_DATA.map(catalogFor);
}
