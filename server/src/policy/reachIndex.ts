// Which earlier rules can share a request with a rule at all. Per dimension and value, a bitset of
// the rules whose cubes allow that value; a rule can only meet rule i if, in every dimension i
// constrains, it allows one of i's values. Intersecting those bitsets replaces comparing rule i
// with every earlier rule (the quadratic part of a naive analysis). A necessary condition only:
// the search still compares cubes exactly.
import { DIM_COUNT } from './reachSpace';
import type { Space } from './reachSpace';
import { bitIndexes, intersects, WORD_BITS } from './reachCube';
import type { Cube } from './reachCube';
import type { Blocker } from './reachSearch';

/** Dimensions where rule i allows more values than this are not used to filter (OR-ing costs more than it saves). */
const MAX_SELECTIVE_VALUES = 48;

export class OverlapIndex {
  private readonly words: number;
  /** Per dimension (words [d*words, (d+1)*words)): the rules that allow every value there. */
  private readonly unconstrained: Int32Array;
  /** Per dimension and value: where its bitset of constrained rules allowing it starts in `sets` (-1: none). */
  private readonly slots: Int32Array[];
  /** The rule bitsets of every (dimension, value) some rule names: one typed array, which the GC does not scan. */
  private readonly sets: Int32Array;
  /** Per rule: how many dimensions its broadest cube constrains. */
  private readonly ranks: number[];
  /** Per rule: its cubes as blockers (made once, shared by every search). */
  private readonly blockersOf: Blocker[][];
  // Reused by every query (the engine is synchronous): no allocation per rule.
  private readonly candidateScratch: Int32Array;
  private readonly allowedScratch: Int32Array;
  private readonly bucketScratch: Blocker[][] = Array.from({ length: DIM_COUNT + 1 }, () => []);

  constructor(
    private readonly space: Space,
    private readonly cubes: readonly Cube[][],
  ) {
    const words = (this.words = Math.ceil(cubes.length / WORD_BITS));
    this.candidateScratch = new Int32Array(words);
    this.allowedScratch = new Int32Array(words);
    this.unconstrained = new Int32Array(DIM_COUNT * words);
    this.slots = space.domains.map((d) => new Int32Array(d.values.length).fill(-1));
    const projections = cubes.map((_, rule) => Array.from({ length: DIM_COUNT }, (_, d) => this.projection(rule, d)));
    let used = 0;
    for (const rule of projections) {
      rule.forEach((values, d) => {
        for (const v of values ?? []) if (this.slots[d]![v] === -1) this.slots[d]![v] = words * used++;
      });
    }
    this.sets = new Int32Array(words * used);
    projections.forEach((rule, r) =>
      rule.forEach((values, d) => {
        if (values === null) setRuleBit(this.unconstrained, d * words, r);
        else for (const v of values) setRuleBit(this.sets, this.slots[d]![v]!, r);
      }),
    );
    this.blockersOf = cubes.map((ruleCubes, rule) => ruleCubes.map((cube) => ({ rule, cube })));
    this.ranks = cubes.map((ruleCubes) => Math.min(...ruleCubes.map((c) => DIM_COUNT - popcount(c.full))));
  }

  /**
   * The values a rule's cubes allow in dimension `d`, or null when it allows them all or too many
   * to be worth indexing (the rule is then filed as allowing everything there: the filter only
   * loosens). A rule without cubes allows nothing.
   */
  private projection(rule: number, d: number): number[] | null {
    const ruleCubes = this.cubes[rule]!;
    if (ruleCubes.some((c) => (c.full & (1 << d)) !== 0)) return null;
    const from = this.space.offsets[d]!;
    const union = new Array<number>(this.space.offsets[d + 1]! - from).fill(0);
    for (const c of ruleCubes) for (let w = 0; w < union.length; w++) union[w] |= c.bits[from + w]!;
    let count = 0;
    for (const word of union) count += popcount(word);
    return count > MAX_SELECTIVE_VALUES ? null : bitIndexes(union, 0, union.length);
  }

  /** The rules before `limit` that may share a request with rule `owner`, in order. Allocates only its answer. */
  candidates(owner: number, limit: number): number[] {
    const words = Math.ceil(limit / WORD_BITS);
    const candidates = this.candidateScratch;
    candidates.fill((1 << WORD_BITS) - 1, 0, words);
    if (limit % WORD_BITS !== 0) candidates[words - 1] = (1 << limit % WORD_BITS) - 1;
    const ruleCubes = this.cubes[owner]!;
    for (let d = 0; d < DIM_COUNT; d++) {
      if (ruleCubes.some((c) => (c.full & (1 << d)) !== 0) || countValues(ruleCubes, this.space, d) > MAX_SELECTIVE_VALUES) continue;
      if (!this.narrow(ruleCubes, d, words)) return [];
    }
    const out: number[] = [];
    for (let w = 0; w < words; w++) {
      for (let word = candidates[w]!; word !== 0; word &= word - 1) out.push(w * WORD_BITS + 31 - Math.clz32(word & -word));
    }
    return out;
  }

  /** Keeps in the candidate scratch the rules allowing one of the cubes' values in dimension `d`; false when none is left. */
  private narrow(ruleCubes: readonly Cube[], d: number, words: number): boolean {
    const allowed = this.allowedScratch;
    const base = d * this.words;
    for (let w = 0; w < words; w++) allowed[w] = this.unconstrained[base + w]!;
    const from = this.space.offsets[d]!;
    const slots = this.slots[d]!;
    for (let w = from; w < this.space.offsets[d + 1]!; w++) {
      let union = 0;
      for (const c of ruleCubes) union |= c.bits[w]!;
      for (; union !== 0; union &= union - 1) {
        const at = slots[(w - from) * WORD_BITS + 31 - Math.clz32(union & -union)]!;
        if (at >= 0) for (let k = 0; k < words; k++) allowed[k] |= this.sets[at + k]!;
      }
    }
    let any = 0;
    for (let w = 0; w < words; w++) any |= this.candidateScratch[w] &= allowed[w]!;
    return any !== 0;
  }

  /**
   * The cubes of the rules before `limit` that meet one of `targets` (cubes of rule `owner`),
   * grouped by rule, broadest rules first (fewest constrained dimensions, then rule order): the
   * order does not change what is left, but subtracting broad rules first cuts the search tree
   * and leaves smaller covers to explain.
   */
  blockers(owner: number, limit: number, targets: readonly Cube[]): Blocker[] {
    // Candidates come in rule order; one bucket per rank keeps that order within a rank.
    const buckets = this.bucketScratch;
    for (const bucket of buckets) bucket.length = 0;
    const offsets = this.space.offsets;
    for (const other of this.candidates(owner, limit)) {
      for (const blocker of this.blockersOf[other]!) {
        for (const t of targets) {
          if (intersects(t, blocker.cube, offsets)) {
            buckets[this.ranks[other]!]!.push(blocker);
            break;
          }
        }
      }
    }
    const out: Blocker[] = [];
    for (const bucket of buckets) for (const b of bucket) out.push(b);
    return out;
  }
}

function countValues(ruleCubes: readonly Cube[], space: Space, d: number): number {
  let count = 0;
  for (let w = space.offsets[d]!; w < space.offsets[d + 1]!; w++) {
    let union = 0;
    for (const c of ruleCubes) union |= c.bits[w]!;
    count += popcount(union);
  }
  return count;
}

function setRuleBit(bits: Int32Array, from: number, rule: number): void {
  bits[from + Math.floor(rule / WORD_BITS)] |= 1 << rule % WORD_BITS;
}

function popcount(word: number): number {
  let n = word - ((word >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
