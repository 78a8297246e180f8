// Cubes over the reachability space: one bitset per dimension (the set of allowed values), so a
// rule is a union of cubes and "which requests does rule i decide" is cube subtraction.
// Invariant: no dimension of a cube is empty, and bits past a domain's size are zero. Words are
// plain arrays of 30-bit numbers: small integers that V8 copies far faster than typed arrays.
import { DIM_COUNT, Dim, KIND_NON_RESOURCE, KIND_RESOURCE, patternCubes } from './reachSpace';
import type { EntryShape, PatternCube, RuleShape, Space } from './reachSpace';

export interface Cube {
  bits: number[];
  /** Bit d set: dimension d holds its whole domain (so it cannot exclude anything). */
  full: number;
}

const ALL_DIMS = (1 << DIM_COUNT) - 1;
export const WORD_BITS = 30;

/** Sets bit `i` of the bitset starting at word `from`. */
export function setBit(bits: number[], from: number, i: number): void {
  bits[from + Math.floor(i / WORD_BITS)] |= 1 << i % WORD_BITS;
}

/** True when bit `i` of the bitset starting at word `from` is set. */
export function hasBit(bits: readonly number[], from: number, i: number): boolean {
  return (bits[from + Math.floor(i / WORD_BITS)]! & (1 << i % WORD_BITS)) !== 0;
}

/** Appends the indexes of the set bits of words [from, to) to `out`, relative to `from`. */
export function bitIndexes(bits: readonly number[], from: number, to: number, out: number[] = []): number[] {
  for (let w = from; w < to; w++) {
    for (let word = bits[w]!; word !== 0; word &= word - 1) out.push((w - from) * WORD_BITS + 31 - Math.clz32(word & -word));
  }
  return out;
}

/** The cube of every request. */
export function fullCube(space: Space): Cube {
  return { bits: fullBits(space).slice(), full: ALL_DIMS };
}

const fullBitsCache = new WeakMap<Space, number[]>();

function fullBits(space: Space): number[] {
  let bits = fullBitsCache.get(space);
  if (!bits) {
    bits = new Array<number>(space.words).fill(0);
    for (let d = 0; d < DIM_COUNT; d++) {
      const size = space.domains[d]!.values.length;
      for (let i = 0; i < size; i++) setBit(bits, space.offsets[d]!, i);
    }
    fullBitsCache.set(space, bits);
  }
  return bits;
}

/** Narrows dimension `d` of `cube` to `indexes` (null: leave it whole); false when that empties it (the cube is then unusable). */
export function restrict(cube: Cube, space: Space, d: Dim, indexes: readonly number[] | null): boolean {
  if (indexes === null) return true;
  const from = space.offsets[d]!;
  const to = space.offsets[d + 1]!;
  const bits = cube.bits;
  for (let w = from; w < to; w++) scratch[w - from] = 0;
  for (const i of indexes) {
    const w = Math.floor(i / WORD_BITS);
    const bit = 1 << i % WORD_BITS;
    if ((bits[from + w]! & bit) !== 0) scratch[w] |= bit;
  }
  const all = fullBits(space);
  let any = 0;
  let whole = true;
  for (let w = from; w < to; w++) {
    const word = scratch[w - from]!;
    bits[w] = word;
    any |= word;
    if (word !== all[w]) whole = false;
  }
  if (!whole) cube.full &= ~(1 << d);
  return any !== 0;
}

/** Reused by restrict(): the engine is synchronous, so one buffer serves every call. */
const scratch: number[] = [];

/** True when the cubes share a request: every dimension constrained by both overlaps. */
export function intersects(a: Cube, b: Cube, offsets: readonly number[]): boolean {
  let both = ~(a.full | b.full) & ALL_DIMS;
  const x = a.bits;
  const y = b.bits;
  while (both !== 0) {
    const d = 31 - Math.clz32(both & -both);
    both &= both - 1;
    let hit = false;
    for (let w = offsets[d]!, end = offsets[d + 1]!; w < end; w++) {
      if ((x[w]! & y[w]!) !== 0) {
        hit = true;
        break;
      }
    }
    if (!hit) return false;
  }
  return true;
}

/** True when `outer` holds every request of `inner`. */
export function contains(outer: Cube, inner: Cube, offsets: readonly number[]): boolean {
  let constrained = ~outer.full & ALL_DIMS;
  const x = outer.bits;
  const y = inner.bits;
  while (constrained !== 0) {
    const d = 31 - Math.clz32(constrained & -constrained);
    constrained &= constrained - 1;
    for (let w = offsets[d]!, end = offsets[d + 1]!; w < end; w++) if ((y[w]! & ~x[w]!) !== 0) return false;
  }
  return true;
}

/**
 * `a` minus `b` (which must intersect `a`) as disjoint cubes: for each dimension b constrains, the
 * part of what is left that b's values miss there, then narrowing to b's values before the next.
 */
export function subtract(a: Cube, b: Cube, offsets: readonly number[]): Cube[] {
  const pieces: Cube[] = [];
  const cur = a.bits.slice();
  let full = a.full;
  const y = b.bits;
  let constrained = ~b.full & ALL_DIMS;
  while (constrained !== 0) {
    const d = 31 - Math.clz32(constrained & -constrained);
    constrained &= constrained - 1;
    const from = offsets[d]!;
    const to = offsets[d + 1]!;
    let outside = false;
    for (let w = from; w < to; w++) if ((cur[w]! & ~y[w]!) !== 0) outside = true;
    if (!outside) continue;
    const piece = cur.slice();
    for (let w = from; w < to; w++) {
      piece[w] = cur[w]! & ~y[w]!;
      cur[w] = cur[w]! & y[w]!;
    }
    pieces.push({ bits: piece, full: full & ~(1 << d) });
    full &= ~(1 << d);
  }
  return pieces;
}

/** True when the cube contains the value `index` in dimension `d`. */
export function has(cube: Cube, space: Space, d: Dim, index: number): boolean {
  return hasBit(cube.bits, space.offsets[d]!, index);
}

/** The value indexes of dimension `d` in the cube, in domain order. */
export function members(cube: Cube, space: Space, d: Dim): number[] {
  return bitIndexes(cube.bits, space.offsets[d]!, space.offsets[d + 1]!);
}

/** The value indexes of `values` in dimension `d` (values outside the domain, such as names with "/", are dropped). */
export function lookup(space: Space, d: Dim, values: readonly string[] | null): number[] | null {
  if (values === null) return null;
  const index = space.domains[d]!.index;
  const out: number[] = [];
  for (const v of values) {
    const i = index.get(v);
    if (i !== undefined) out.push(i);
  }
  return out;
}

/** The requests a rule matches, as a union of cubes (empty when it matches none). */
export function cubesOf(shape: RuleShape, space: Space): Cube[] {
  const base = fullCube(space);
  const kind = shape.kind === 'any' ? null : [shape.kind === 'resource' ? KIND_RESOURCE : KIND_NON_RESOURCE];
  // A rule with users or userGroups never matches a request without user.
  const users = shape.users ? lookup(space, Dim.User, shape.users) : shape.groups ? authenticated(space) : null;
  const ok =
    restrict(base, space, Dim.Kind, kind) &&
    restrict(base, space, Dim.User, users) &&
    restrict(base, space, Dim.Group, lookup(space, Dim.Group, shape.groups)) &&
    restrict(base, space, Dim.Verb, lookup(space, Dim.Verb, shape.verbs)) &&
    restrict(base, space, Dim.Namespace, lookup(space, Dim.Namespace, shape.namespaces)) &&
    restrict(base, space, Dim.Path, shape.urls ? pathIndexes(space, shape.urls) : null);
  if (!ok) return [];
  if (!shape.entries) return [base];
  const out: Cube[] = [];
  for (const entry of shape.entries) addEntryCubes(out, base, entry, space);
  return out;
}

const authenticatedCache = new WeakMap<Space, number[]>();

/** Every user value but "no user". */
function authenticated(space: Space): number[] {
  let users = authenticatedCache.get(space);
  if (!users) authenticatedCache.set(space, (users = space.domains[Dim.User]!.values.map((_, i) => i).filter((i) => i !== space.noUser)));
  return users;
}

function addEntryCubes(out: Cube[], base: Cube, entry: EntryShape, space: Space): void {
  const withGroup = copy(base);
  if (!restrict(withGroup, space, Dim.ApiGroup, entry.group === null ? null : lookup(space, Dim.ApiGroup, [entry.group]))) return;
  if (!restrict(withGroup, space, Dim.Name, lookup(space, Dim.Name, entry.names))) return;
  if (entry.patterns === null) {
    out.push(withGroup);
    return;
  }
  for (const pc of mergePatterns(entry.patterns)) {
    const cube = copy(withGroup);
    const res = lookup(space, Dim.Resource, pc.resources);
    const sub = lookup(space, Dim.Subresource, pc.subresources);
    if (restrict(cube, space, Dim.Resource, res) && restrict(cube, space, Dim.Subresource, sub)) out.push(cube);
  }
}

/** Merges the products of an entry's patterns that share their subresource part (fewer cubes). */
function mergePatterns(patterns: readonly string[]): PatternCube[] {
  const bySub = new Map<string | null, PatternCube>();
  for (const pattern of patterns) {
    for (const pc of patternCubes(pattern)) {
      // Every product has at most one subresource value.
      const key = pc.subresources === null ? null : pc.subresources[0]!;
      const known = bySub.get(key);
      if (!known) bySub.set(key, { resources: pc.resources && [...pc.resources], subresources: pc.subresources });
      else if (known.resources !== null) {
        if (pc.resources === null) known.resources = null;
        else known.resources.push(...pc.resources);
      }
    }
  }
  return [...bySub.values()];
}

/** The path classes (sorted) matched by some URL pattern: an exact entry, `*`, or a prefix range. */
export function pathIndexes(space: Space, urls: readonly string[]): number[] {
  const paths = space.domains[Dim.Path]!.values;
  const out: number[] = [];
  for (const url of urls) {
    if (url === '*') return paths.map((_, i) => i);
    if (!url.endsWith('*')) {
      const i = space.domains[Dim.Path]!.index.get(url);
      if (i !== undefined) out.push(i);
      continue;
    }
    const prefix = url.replace(/\*+$/, '');
    for (let i = lowerBound(paths, prefix); i < paths.length && paths[i]!.startsWith(prefix); i++) out.push(i);
  }
  return out;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A copy of a cube that can be narrowed independently. */
export function copy(cube: Cube): Cube {
  return { bits: cube.bits.slice(), full: cube.full };
}
