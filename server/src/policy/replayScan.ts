// A validating JSON scanner over the bytes of one audit log line. It accepts exactly the lines
// JSON.parse accepts whose top-level value is an object (the grammar of RFC 8259, which is what
// JSON.parse implements), and returns where the top-level members replay reads are, without
// decoding the request and response bodies that make up most of a log's bytes.

/** The top-level members of an audit Event that replay reads, by slot. */
export const EVENT_KEYS = ['kind', 'level', 'auditID', 'stage', 'requestURI', 'verb', 'user', 'objectRef'] as const;
export type EventKey = (typeof EVENT_KEYS)[number];
const BODY_KEYS = ['requestObject', 'responseObject'] as const;
const SLOT = new Map<string, number>([...EVENT_KEYS, ...BODY_KEYS].map((key, i) => [key, i]));
const REQUEST_OBJECT = EVENT_KEYS.length;
const RESPONSE_OBJECT = REQUEST_OBJECT + 1;
/** Key bytes by length, for allocation-free matching. */
const KEYS_BY_LENGTH: Array<Array<[Uint8Array, number]> | undefined> = [];
for (const [key, slot] of SLOT) (KEYS_BY_LENGTH[key.length] ??= []).push([Buffer.from(key, 'latin1'), slot]);

export interface ScannedEvent {
  /** Value ranges [start, end) per EVENT_KEYS slot, -1 when absent; a repeated key keeps the last, as JSON.parse. */
  starts: Int32Array;
  ends: Int32Array;
  /** Bytes of the whole `"requestObject":...` member plus its comma (0 when absent). */
  requestObjectMember: number;
  responseObjectMember: number;
}

/** Thrown when the line is not JSON; `offset` is where the scanner stopped. */
class NotJson extends Error {
  constructor(readonly offset: number) {
    super('not JSON');
  }
}

const SHORT_STRING = 48;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ESCAPABLE = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const HEX = /^[0-9a-fA-F]{4}$/;

/**
 * Scans one line. Returns the member ranges, or null when the line is not a JSON object
 * (JSON.parse would throw, or would return something other than an object). With `checkControl`, raw control characters inside strings are
 * rejected as JSON requires; without it the caller guarantees there are none in the line.
 */
export function scanEvent(line: Buffer, checkControl: boolean): ScannedEvent | null {
  const scanner = new Scanner(line, checkControl);
  try {
    return scanner.topLevel();
  } catch (error) {
    if (error instanceof NotJson) return null;
    throw error;
  }
}

class Scanner {
  private pos = 0;
  /** Open containers while skipping a value: true for an object, false for an array. */
  private readonly open: boolean[] = [];
  /** Position of the next backslash at or after `pos`, found once per stretch (line.length: none). */
  private nextBackslash = -1;
  private readonly end: number;

  constructor(
    private readonly line: Buffer,
    private readonly checkControl: boolean,
  ) {
    this.end = line.length;
  }

  topLevel(): ScannedEvent {
    const found: ScannedEvent = {
      starts: new Int32Array(EVENT_KEYS.length).fill(-1),
      ends: new Int32Array(EVENT_KEYS.length).fill(-1),
      requestObjectMember: 0,
      responseObjectMember: 0,
    };
    this.skipSpace();
    this.expect(0x7b);
    this.skipSpace();
    if (this.line[this.pos] === 0x7d) this.pos++;
    else this.members(found);
    this.skipSpace();
    if (this.pos !== this.end) this.fail();
    return found;
  }

  private members(found: ScannedEvent): void {
    for (;;) {
      const keyStart = this.pos;
      if (this.line[keyStart] !== QUOTE) this.fail();
      this.skipString();
      const slot = this.slotOf(keyStart, this.pos);
      this.skipSpace();
      this.expect(0x3a);
      this.skipSpace();
      const valueStart = this.pos;
      this.skipValue();
      if (slot !== undefined) this.record(found, slot, keyStart, valueStart);
      this.skipSpace();
      const c = this.line[this.pos++];
      if (c === 0x7d) return;
      if (c !== 0x2c) this.fail(this.pos - 1);
      this.skipSpace();
    }
  }

  private record(found: ScannedEvent, slot: number, keyStart: number, valueStart: number): void {
    // The comma that separates the member from its neighbour goes with it when it is left out.
    if (slot === REQUEST_OBJECT) found.requestObjectMember += this.pos - keyStart + 1;
    else if (slot === RESPONSE_OBJECT) found.responseObjectMember += this.pos - keyStart + 1;
    else {
      found.starts[slot] = valueStart;
      found.ends[slot] = this.pos;
    }
  }

  /**
   * The slot of a key (its quotes included in start..end), or undefined. Keys are compared as bytes
   * without allocating; a key with an escape is decoded as JSON.parse would (`"kin\u0064"` is kind).
   */
  private slotOf(start: number, end: number): number | undefined {
    const length = end - start - 2;
    const candidates = KEYS_BY_LENGTH[length];
    if (candidates !== undefined) for (const [bytes, slot] of candidates) if (sameBytes(this.line, start + 1, bytes)) return slot;
    for (let i = start + 1; i < end - 1; i++) if (this.line[i] === BACKSLASH) return this.decodedSlot(start, end);
    return undefined;
  }

  private decodedSlot(start: number, end: number): number | undefined {
    return SLOT.get(JSON.parse(this.line.toString('utf8', start, end)) as string);
  }

  /**
   * Skips one value of any depth. Iterative, with an explicit stack of open containers, so that
   * nesting is bounded by the line's length only, as with JSON.parse.
   */
  private skipValue(): void {
    const open = this.open;
    const base = open.length;
    for (;;) {
      const c = this.line[this.pos];
      if (c === 0x7b || c === 0x5b) {
        this.pos++;
        this.skipSpace();
        const isObject = c === 0x7b;
        if (this.line[this.pos] !== (isObject ? 0x7d : 0x5d)) {
          open.push(isObject);
          if (isObject) this.skipKey();
          continue;
        }
        this.pos++;
      } else this.skipScalar(c);
      if (this.closeContainers(base)) return;
    }
  }

  /** After a value: closes finished containers; returns true when back at `base` depth. */
  private closeContainers(base: number): boolean {
    const open = this.open;
    while (open.length > base) {
      this.skipSpace();
      const isObject = open[open.length - 1]!;
      const c = this.line[this.pos++];
      if (c === 0x2c) {
        this.skipSpace();
        if (isObject) this.skipKey();
        return false;
      }
      if (c !== (isObject ? 0x7d : 0x5d)) this.fail(this.pos - 1);
      open.pop();
    }
    return true;
  }

  private skipKey(): void {
    if (this.line[this.pos] !== QUOTE) this.fail();
    this.skipString();
    this.skipSpace();
    this.expect(0x3a);
    this.skipSpace();
  }

  private skipScalar(c: number | undefined): void {
    if (c === QUOTE) this.skipString();
    else if (c === 0x74) this.skipWord('true');
    else if (c === 0x66) this.skipWord('false');
    else if (c === 0x6e) this.skipWord('null');
    else this.skipNumber();
  }

  /**
   * Skips a string starting at the opening quote, validating its escapes and rejecting raw control
   * characters. Short strings (most keys and values) are walked byte by byte; past SHORT_STRING
   * bytes, native searches for the next quote and backslash take over.
   */
  private skipString(): void {
    const line = this.line;
    let p = this.pos + 1;
    const limit = Math.min(this.end, p + SHORT_STRING);
    while (p < limit) {
      const c = line[p]!;
      if (c === QUOTE) {
        this.pos = p + 1;
        return;
      }
      if (c === BACKSLASH) p = this.skipEscape(p);
      else if (c < 0x20) this.fail(p);
      else p++;
    }
    this.pos = this.skipLongString(p);
  }

  private skipLongString(from: number): number {
    const line = this.line;
    let p = from;
    for (;;) {
      const quote = line.indexOf(QUOTE, p);
      if (quote < 0) this.fail(this.end);
      if (this.nextBackslash < p) this.nextBackslash = indexOrEnd(line, BACKSLASH, p);
      const escape = this.nextBackslash;
      if (escape > quote) {
        if (this.checkControl) this.noControl(p, quote);
        return quote + 1;
      }
      if (this.checkControl) this.noControl(p, escape);
      p = this.skipEscape(escape);
    }
  }

  private skipEscape(at: number): number {
    const c = this.line[at + 1];
    if (c !== undefined && ESCAPABLE.has(c)) return at + 2;
    if (c === 0x75 && HEX.test(this.line.toString('latin1', at + 2, at + 6))) return at + 6;
    return this.fail(at);
  }

  private noControl(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.line[i]! < 0x20) this.fail(i);
  }

  private skipWord(word: string): void {
    for (let i = 0; i < word.length; i++) if (this.line[this.pos + i] !== word.charCodeAt(i)) this.fail(this.pos + i);
    this.pos += word.length;
  }

  /** JSON numbers: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
  private skipNumber(): void {
    const line = this.line;
    if (line[this.pos] === 0x2d) this.pos++;
    if (line[this.pos] === 0x30) this.pos++;
    else if (isDigit(line[this.pos])) this.skipDigits();
    else this.fail();
    if (line[this.pos] === 0x2e) {
      this.pos++;
      if (!isDigit(line[this.pos])) this.fail();
      this.skipDigits();
    }
    if (line[this.pos] === 0x65 || line[this.pos] === 0x45) {
      this.pos++;
      if (line[this.pos] === 0x2b || line[this.pos] === 0x2d) this.pos++;
      if (!isDigit(line[this.pos])) this.fail();
      this.skipDigits();
    }
  }

  private skipDigits(): void {
    while (isDigit(this.line[this.pos])) this.pos++;
  }

  private skipSpace(): void {
    const line = this.line;
    for (;;) {
      const c = line[this.pos];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  private expect(byte: number): void {
    if (this.line[this.pos] !== byte) this.fail();
    this.pos++;
  }

  private fail(at = this.pos): never {
    throw new NotJson(at);
  }
}

function sameBytes(line: Buffer, at: number, bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (line[at + i] !== bytes[i]) return false;
  return true;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function indexOrEnd(line: Buffer, byte: number, from: number): number {
  const i = line.indexOf(byte, from);
  return i < 0 ? line.length : i;
}
