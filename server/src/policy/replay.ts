// Streaming replay of an audit log through a policy: per rule, what it would record (events,
// requests, stages, bytes, heaviest users/verbs/resources), optionally against a second policy.
// Memory is bounded by the policies and by the requests in flight at once, never by the log's
// length: the log arrives as chunks of bytes (logSource.ts) and nothing per line is kept.
import type { EvaluateOptions } from './evaluate';
import type { Policy } from './model';
import { decompressIfGzip, logLines } from './logSource';
import type { LineBatch } from './logSource';
import type { CancellationFlag } from './types';
import { readEventLine } from './replayEvent';
import type { ReplayEvent } from './replayEvent';
import { PolicyTallies, compareChanges } from './replayCompare';
import type { LevelChange, PolicyReplay } from './replayCompare';
import { OpenRequests } from './replayRequests';

export type { BytesEstimate, RuleReplay, TopEntry } from './replayTally';
export type { LevelChange, PolicyReplay } from './replayCompare';

export interface ReplayOptions extends EvaluateOptions {
  /** A second policy to compare against (the saved file, another revision...). */
  compare?: Policy;
  /** How many top users, verbs and resources to report per rule (default 5). */
  top?: number;
  /** How many malformed lines to report by number (default 50); all are counted. */
  maxMalformedReported?: number;
  /** Bound on the auditIDs of requests in flight remembered for distinct counting (default 200,000). */
  maxOpenRequests?: number;
  cancel?: CancellationFlag;
}

export interface MalformedLine {
  source: string;
  /** 1-based line number in its source. */
  line: number;
  message: string;
}

export interface ReplayTotals {
  lines: number;
  blankLines: number;
  events: number;
  /** Distinct requests (by auditID; an event without one counts as its own request). */
  requests: number;
  malformedLines: number;
  /** Bytes of the log's lines (decompressed), line ends included. */
  bytes: number;
  eventsByStage: Record<string, number>;
  /** Events by the level the log was written at. */
  eventsByLevel: Record<string, number>;
  eventsWithoutAuditID: number;
  /**
   * Requests forgotten while in flight because more than maxOpenRequests were open at once: when
   * one of them logs another stage it is counted again, so request counts may be high by this much.
   */
  openRequestsEvicted: number;
}

export interface ReplayResult {
  totals: ReplayTotals;
  /** The first malformed lines (up to maxMalformedReported); totals.malformedLines counts them all. */
  malformed: MalformedLine[];
  policy: PolicyReplay;
  compare?: { policy: PolicyReplay; changes: LevelChange[] };
  /** True when the cancellation flag stopped the replay before the end of the log. */
  cancelled: boolean;
}

/** Accumulates a replay over one or more log sources, in the order they are added. */
export class Replayer {
  private readonly totals: ReplayTotals = {
    lines: 0,
    blankLines: 0,
    events: 0,
    requests: 0,
    malformedLines: 0,
    bytes: 0,
    eventsByStage: {},
    eventsByLevel: {},
    eventsWithoutAuditID: 0,
    openRequestsEvicted: 0,
  };
  private readonly malformed: MalformedLine[] = [];
  private readonly open: OpenRequests;
  private readonly main: PolicyTallies;
  private readonly other?: PolicyTallies;
  private cancelled = false;

  constructor(
    policy: Policy,
    private readonly options: ReplayOptions = {},
  ) {
    this.open = new OpenRequests(options.maxOpenRequests ?? 200_000);
    this.main = new PolicyTallies(policy, options);
    if (options.compare) this.other = new PolicyTallies(options.compare, options);
  }

  /** Replays one log given as raw chunks (plain or gzip). Lines are numbered within this source. */
  async addChunks(source: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    for await (const batch of logLines(decompressIfGzip(chunks))) {
      if (this.options.cancel?.isCancellationRequested) {
        this.cancelled = true;
        return;
      }
      this.addBatch(source, batch);
    }
  }

  /** Replays one batch of lines. */
  addBatch(source: string, batch: LineBatch): void {
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.lines[i]!;
      this.totals.lines++;
      this.totals.bytes += line.length + 1;
      if (isBlank(line)) {
        this.totals.blankLines++;
        continue;
      }
      const read = readEventLine(line, batch.mayHaveControlCharacters);
      if (read.ok) this.addEvent(read.event);
      else this.addMalformed(source, batch.firstLine + i, read.message);
    }
  }

  private addEvent(event: ReplayEvent): void {
    const t = this.totals;
    t.events++;
    t.eventsByStage[event.stage] = (t.eventsByStage[event.stage] ?? 0) + 1;
    t.eventsByLevel[event.level] = (t.eventsByLevel[event.level] ?? 0) + 1;
    if (event.auditID === '') t.eventsWithoutAuditID++;
    const first = this.open.observe(event.auditID, event.stage);
    if (first) t.requests++;
    const main = this.main.add(event, first);
    if (this.other) this.other.addCompared(event, first, main);
  }

  private addMalformed(source: string, line: number, message: string): void {
    this.totals.malformedLines++;
    if (this.malformed.length < (this.options.maxMalformedReported ?? 50)) this.malformed.push({ source, line, message });
  }

  /** The replay so far. */
  result(): ReplayResult {
    const top = this.options.top ?? 5;
    const totals = { ...this.totals, openRequestsEvicted: this.open.evicted };
    const result: ReplayResult = { totals, malformed: [...this.malformed], policy: this.main.snapshot(top), cancelled: this.cancelled };
    if (this.other) result.compare = { policy: this.other.snapshot(top), changes: compareChanges(this.other, this.main) };
    return result;
  }
}

/** Replays log sources (name and raw chunks, plain or gzip) through a policy. */
export async function replay(
  policy: Policy,
  sources: Iterable<{ name: string; chunks: AsyncIterable<Uint8Array> }>,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const replayer = new Replayer(policy, options);
  for (const source of sources) await replayer.addChunks(source.name, source.chunks);
  return replayer.result();
}

function isBlank(line: Buffer): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
