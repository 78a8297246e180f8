// When groups and resources appear and disappear across the catalogues, so diagnostics can say
// "gone by 1.22" or "not yet present in 1.27". Catalogues are snapshots, so a change is only known
// to have happened between two neighbouring catalogues.
import { resolveResource } from './lookup';
import { allCatalogs } from './versions';
import type { Catalog } from './types';

export interface History {
  /** Catalogue ids where it is present, oldest first. */
  presentIn: string[];
  /** The oldest catalogue that has it. */
  firstSeen?: string;
  /** The newest catalogue that has it. */
  lastSeen?: string;
  /** The catalogue just before `firstSeen`, when there is one (it was added after this). */
  absentBefore?: string;
  /** The catalogue just after `lastSeen`, when there is one (it was removed by this). */
  goneBy?: string;
}

function historyOf(present: (catalog: Catalog) => boolean): History {
  const catalogs = allCatalogs();
  const ids = catalogs.map((catalog) => catalog.version);
  const presentIn = catalogs.filter(present).map((catalog) => catalog.version);
  const history: History = { presentIn };
  if (presentIn.length === 0) {
    return history;
  }
  const first = ids.indexOf(presentIn[0]!);
  const last = ids.indexOf(presentIn[presentIn.length - 1]!);
  history.firstSeen = ids[first];
  history.lastSeen = ids[last];
  if (first > 0) {
    history.absentBefore = ids[first - 1];
  }
  if (last < ids.length - 1) {
    history.goneBy = ids[last + 1];
  }
  return history;
}

/** Returns in which catalogues a `resource` or `resource/subresource` of a group exists. */
export function resourceHistory(group: string, combined: string): History {
  return historyOf((catalog) => resolveResource(catalog, group, combined) !== undefined);
}

/** Returns in which catalogues an API group exists. */
export function groupHistory(group: string): History {
  return historyOf((catalog) => catalog.groupIndex.has(group));
}

/** Returns in which catalogues a group serves a version (`policy`, `v1beta1`). */
export function groupVersionHistory(group: string, version: string): History {
  return historyOf((catalog) => catalog.groupIndex.get(group)?.versions.includes(version) === true);
}

/**
 * Explains why a resource absent from `catalog` is absent: "removed" (last seen in an older
 * catalogue), "not yet present" (first seen in a newer one) or undefined when no catalogue has it.
 */
export function explainAbsence(catalog: Catalog, group: string, combined: string): string | undefined {
  const history = resourceHistory(group, combined);
  if (!history.firstSeen || history.presentIn.includes(catalog.version)) {
    return undefined;
  }
  const name = group === '' ? combined : `${group}/${combined}`;
  const minor = (id: string) => Number(id.split('.')[1]);
  const older = history.presentIn.filter((id) => minor(id) < minor(catalog.version));
  if (older.length > 0) {
    const lastOlder = older[older.length - 1]!;
    const ids = allCatalogs().map((c) => c.version);
    const gone = ids[ids.indexOf(lastOlder) + 1] ?? catalog.version;
    return `${name} was removed: last seen in the ${lastOlder} API catalogue, absent from ${gone}${gone === catalog.version ? '' : ` on (chosen: ${catalog.version})`}.`;
  }
  return `${name} is not yet present in ${catalog.version}: first seen in the ${history.firstSeen} API catalogue.`;
}
