// The search behind every reachability verdict: what is left of a rule's cubes once the cubes of
// a list of earlier rules are taken away? Depth-first: take a piece, find the first listed cube
// that meets it, split the piece into the parts that cube misses (reachCube.ts subtract) and go
// on with each from the next listed cube (earlier ones were already seen not to meet it). A
// piece that no later cube meets is a set of witnesses; when every piece is used up, the rules
// whose cubes split some piece together cover the rule. Exact: the pieces always partition what
// is left, so nothing is lost or invented. Worst case exponential, hence the meter.
import { contains, intersects, subtract } from './reachCube';
import type { Cube } from './reachCube';
import type { CancellationFlag } from './types';

/** A cube of an earlier rule. */
export interface Blocker {
  rule: number;
  cube: Cube;
}

/** Work and time limits shared by every search of one analysis. */
export class Meter {
  spent = 0;
  private stopped = false;
  constructor(
    /** Work units (cube comparisons) the whole analysis may spend. */
    readonly total: number,
    /** Date.now() after which every search gives up. */
    readonly deadline: number,
    /** Work units one search may spend; beyond it that verdict is unknown and the next rule goes on. */
    readonly perSearch: number,
    readonly cancel?: CancellationFlag,
  ) {}

  /** True once the budget, the deadline or a cancellation has stopped the analysis. */
  get exhausted(): boolean {
    if (!this.stopped && (this.spent > this.total || this.cancel?.isCancellationRequested || Date.now() > this.deadline)) {
      this.stopped = true;
    }
    return this.stopped;
  }
}

export type SearchOutcome =
  /** A region of requests the rule decides. */
  | { live: Cube }
  /** Nothing is left; `used` are the rules whose cubes took some part (together a cover). */
  | { live: null; used: Set<number> }
  /** The meter ran out before an answer. */
  | { live: undefined };

/** How many comparisons run between two looks at the clock and the cancellation flag. */
const POLL_EVERY = 4096;

/** Searches `targets` minus every blocker cube (listed in rule order) for a request left over. */
export function searchLeftover(
  targets: readonly Cube[],
  blockers: readonly Blocker[],
  offsets: readonly number[],
  meter: Meter,
): SearchOutcome {
  const used = new Set<number>();
  // The stack as two parallel arrays: pieces and the first blocker each still has to face.
  const cubes: Cube[] = [];
  const froms: number[] = [];
  for (let t = targets.length - 1; t >= 0; t--) {
    // A target inside one blocker cube needs no splitting: the common case of a broader earlier rule.
    const inside = blockers.find((b) => contains(b.cube, targets[t]!, offsets));
    meter.spent += blockers.length;
    if (inside) used.add(inside.rule);
    else {
      cubes.push(targets[t]!);
      froms.push(0);
    }
  }
  let sincePoll = 0;
  let local = 0;
  while (cubes.length > 0) {
    const cube = cubes.pop()!;
    const from = froms.pop()!;
    let k = from;
    while (k < blockers.length && !intersects(cube, blockers[k]!.cube, offsets)) k++;
    const work = k - from + 1;
    meter.spent += work;
    sincePoll += work;
    local += work;
    if (sincePoll > POLL_EVERY) {
      sincePoll = 0;
      if (meter.exhausted || local > meter.perSearch) return { live: undefined };
    }
    if (k === blockers.length) return { live: cube };
    used.add(blockers[k]!.rule);
    const pieces = subtract(cube, blockers[k]!.cube, offsets);
    for (let p = pieces.length - 1; p >= 0; p--) {
      cubes.push(pieces[p]!);
      froms.push(k + 1);
    }
  }
  return { live: null, used };
}

/** Covers larger than this are reported as found rather than minimised (each step is a search). */
const MAX_COVER_TO_MINIMISE = 40;

/**
 * Shrinks a cover of `targets` to one where no rule can be dropped: tries each rule from the
 * last, keeping it only when the others no longer cover. Returns the rule indexes in order.
 */
export function minimiseCover(
  targets: readonly Cube[],
  blockers: readonly Blocker[],
  used: Set<number>,
  offsets: readonly number[],
  meter: Meter,
): number[] {
  let cover = [...used].sort((a, b) => a - b);
  if (cover.length > MAX_COVER_TO_MINIMISE) return cover;
  for (let i = cover.length - 1; i >= 0 && cover.length > 1; i--) {
    const without = new Set(cover.filter((_, j) => j !== i));
    const outcome = searchLeftover(
      targets,
      blockers.filter((b) => without.has(b.rule)),
      offsets,
      meter,
    );
    if (outcome.live === null) cover = [...without].sort((a, b) => a - b);
  }
  return cover;
}

/**
 * The first rule that alone covers `targets` (the clearest explanation), if any: a rule holding
 * each target in one of its cubes, else one of the search's cover rules that a search confirms.
 */
export function singleCover(
  targets: readonly Cube[],
  blockers: readonly Blocker[],
  used: Set<number>,
  offsets: readonly number[],
  meter: Meter,
): number | undefined {
  meter.spent += blockers.length * targets.length;
  // Blockers come grouped by rule: [start, end) is one rule's cubes.
  for (let start = 0, end = 0; start < blockers.length; start = end) {
    while (end < blockers.length && blockers[end]!.rule === blockers[start]!.rule) end++;
    if (targets.every((t) => holds(blockers, start, end, t, offsets))) return blockers[start]!.rule;
  }
  if (used.size > MAX_COVER_TO_MINIMISE) return undefined;
  for (const rule of [...used].sort((a, b) => a - b)) {
    if (
      searchLeftover(
        targets,
        blockers.filter((b) => b.rule === rule),
        offsets,
        meter,
      ).live === null
    ) {
      return rule;
    }
  }
  return undefined;
}

function holds(blockers: readonly Blocker[], start: number, end: number, target: Cube, offsets: readonly number[]): boolean {
  for (let k = start; k < end; k++) if (contains(blockers[k]!.cube, target, offsets)) return true;
  return false;
}

/** The covering rules to show: the first rule that covers alone, else an irreducible subset of the search's cover. */
export function explainCover(
  targets: readonly Cube[],
  blockers: readonly Blocker[],
  used: Set<number>,
  offsets: readonly number[],
  meter: Meter,
): number[] {
  if (used.size <= 1) return [...used];
  const single = singleCover(targets, blockers, used, offsets, meter);
  return single === undefined ? minimiseCover(targets, blockers, used, offsets, meter) : [single];
}
