// Dead entries of a live rule: a list entry (a user, group, verb, namespace, URL, resources entry,
// resource or resource name) through which no request reaches the rule, because earlier rules
// take every request the rule would match through that entry. Each entry is checked by narrowing
// the rule to it (a request with several of the rule's groups is matched through each of them,
// and dropping groups only makes earlier rules miss it, so narrowing to one group is exact).
import type { PolicyRule, Str } from './model';
import type { DeadEntry, DeadEntryField } from './reach';
import { copy, cubesOf, intersects, lookup, pathIndexes, restrict } from './reachCube';
import type { Cube } from './reachCube';
import { explainCover, searchLeftover } from './reachSearch';
import type { Blocker, Meter } from './reachSearch';
import { Dim } from './reachSpace';
import type { EntryShape, RuleShape, Space } from './reachSpace';
import type { Span } from './types';

interface Narrowing {
  field: DeadEntryField;
  value: string;
  span: Span;
  /** The requests the rule matches through this entry. */
  cubes: () => Cube[];
}

/**
 * Returns the dead entries of a live rule. `live` is a region the rule decides: entries meeting
 * it are alive without a search, and every region found alive joins it for the next entries.
 */
export function findDeadEntries(
  rule: PolicyRule,
  shape: RuleShape,
  ruleCubes: readonly Cube[],
  live: Cube,
  blockers: readonly Blocker[],
  space: Space,
  meter: Meter,
): DeadEntry[] {
  const alive: Cube[] = [live];
  const dead: DeadEntry[] = [];
  const isDead = (n: Narrowing): boolean => {
    const targets = n.cubes();
    // An entry matching nothing by itself is not shadowed; validation and lints speak about it.
    if (targets.length === 0 || targets.some((t) => alive.some((a) => intersects(t, a, space.offsets)))) return false;
    const outcome = searchLeftover(targets, blockers, space.offsets, meter);
    if (outcome.live) alive.push(outcome.live);
    if (outcome.live !== null) return false;
    dead.push({
      field: n.field,
      value: n.value,
      span: n.span,
      shadowedBy: explainCover(targets, blockers, outcome.used, space.offsets, meter),
    });
    return true;
  };
  for (const n of listNarrowings(rule, shape, ruleCubes, space)) isDead(n);
  if (shape.entries) {
    const entries = shape.entries;
    rule.resources.forEach((gr, k) => {
      const only = (entry: EntryShape) => () => cubesOf({ ...shape, entries: [entry] }, space);
      if (entries.length > 1 && isDead({ field: 'group', value: gr.group, span: gr.groupSpan, cubes: only(entries[k]!) })) return;
      const entry = entries[k]!;
      if (entry.patterns && entry.patterns.length > 1) {
        for (const r of gr.resources) {
          isDead({ field: 'resources', value: r.value, span: r.span, cubes: only({ ...entry, patterns: [r.value] }) });
        }
      }
      if (entry.names && entry.names.length > 1) {
        for (const n of gr.resourceNames) {
          isDead({ field: 'resourceNames', value: n.value, span: n.span, cubes: only({ ...entry, names: [n.value] }) });
        }
      }
    });
  }
  return dead;
}

const LIST_FIELDS = [
  ['users', 'users', Dim.User],
  ['userGroups', 'groups', Dim.Group],
  ['verbs', 'verbs', Dim.Verb],
  ['namespaces', 'namespaces', Dim.Namespace],
  ['nonResourceURLs', 'urls', Dim.Path],
] as const;

/** One narrowing per entry of each list with more than one entry (a lone entry dies only with its rule). */
function listNarrowings(rule: PolicyRule, shape: RuleShape, ruleCubes: readonly Cube[], space: Space): Narrowing[] {
  const out: Narrowing[] = [];
  for (const [field, key, dim] of LIST_FIELDS) {
    const list: Str[] = rule[field];
    // nonResourceURLs beside namespaces or resources are never consulted (shape.urls is null).
    if (list.length < 2 || shape[key] === null) continue;
    for (const entry of list) {
      const indexes = () => (dim === Dim.Path ? pathIndexes(space, [entry.value]) : lookup(space, dim, [entry.value])!);
      const cubes = () => ruleCubes.map(copy).filter((c) => restrict(c, space, dim, indexes()));
      out.push({ field, value: entry.value, span: entry.span, cubes });
    }
  }
  return out;
}
