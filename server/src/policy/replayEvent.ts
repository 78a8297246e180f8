// One audit log line -> what replay needs of it: the request the policy sees (through
// requestFromEvent, the same parser `eval` uses), the request's auditID, the stage, the level the
// log was written at, and the sizes of the line and of its bodies.
import type { AuditRequest, RequestParseResult } from './request';
import { requestFromEvent, jsonType } from './request';
import { LEVELS, STAGES } from './fields';
import { EVENT_KEYS, scanEvent } from './replayScan';
import type { EventKey, ScannedEvent } from './replayScan';

export interface ReplayEvent {
  request: AuditRequest;
  /** "" when the event has none (each such event then counts as a request of its own). */
  auditID: string;
  /** The stage as written ("" when absent). */
  stage: string;
  /** The level the log was written at, as written ("" when absent). */
  level: string;
  /** Bytes the event takes in the log: the line and its line end. */
  bytes: number;
  /** Bytes of the `"requestObject":...` member and its comma; 0 when the event has no request body. */
  requestObjectMember: number;
  responseObjectMember: number;
}

export type EventLineResult = { ok: true; event: ReplayEvent } | { ok: false; message: string };

const SLOT = Object.fromEntries(EVENT_KEYS.map((key, i) => [key, i])) as Record<EventKey, number>;

/** Reads one non-blank log line as an audit Event; a line that is not one gets a message instead. */
export function readEventLine(line: Buffer, checkControl: boolean): EventLineResult {
  const scanned = scanEvent(line, checkControl);
  if (scanned === null) return notAnEvent(line);
  const field = (key: EventKey): unknown => decodeValue(line, scanned.starts[SLOT[key]]!, scanned.ends[SLOT[key]]!);
  const parsed = cachedRequest(line, scanned, field);
  if (!parsed.ok) return { ok: false, message: `not an audit Event: ${parsed.error.message}` };
  return {
    ok: true,
    event: {
      request: parsed.request,
      auditID: stringOr(field('auditID')),
      stage: knownOrDecoded(line, scanned, SLOT.stage),
      level: knownOrDecoded(line, scanned, SLOT.level),
      bytes: line.length + 1,
      requestObjectMember: scanned.requestObjectMember,
      responseObjectMember: scanned.responseObjectMember,
    },
  };
}

const REQUEST_CACHE_SIZE = 8192;
/**
 * Requests by the raw bytes of the members requestFromEvent reads: identical bytes give the
 * identical request. Consecutive stages of one request and the steady calls of kubelets and
 * controllers repeat them, and decoding the user and the URI is most of the cost of an event.
 * Bounded: cleared when full. Raw JSON holds no NUL or U+0001 bytes (control characters are
 * invalid there), so they separate the parts unambiguously.
 */
const requestCache = new Map<string, RequestParseResult>();

function cachedRequest(line: Buffer, scanned: ScannedEvent, field: (key: EventKey) => unknown): RequestParseResult {
  const raw = (key: EventKey) => {
    const start = scanned.starts[SLOT[key]]!;
    return start < 0 ? '\u0001' : line.toString('latin1', start, scanned.ends[SLOT[key]]!) + '\u0000';
  };
  // With a non-empty requestURI, requestFromEvent only checks that objectRef is an object (its
  // first byte tells); the attributes come from the URI.
  const uri = raw('requestURI');
  const refStart = scanned.starts[SLOT.objectRef]!;
  const ref = uri.length > 3 && uri.charCodeAt(0) === 0x22 ? String(refStart < 0 ? -1 : line[refStart]) : raw('objectRef');
  const key = raw('kind') + raw('user') + raw('verb') + uri + ref;
  let parsed = requestCache.get(key);
  if (parsed === undefined) {
    parsed = requestFromEvent({
      kind: field('kind'),
      user: field('user'),
      verb: field('verb'),
      requestURI: field('requestURI'),
      objectRef: field('objectRef'),
    });
    if (requestCache.size >= REQUEST_CACHE_SIZE) requestCache.clear();
    requestCache.set(key, parsed);
  }
  return parsed;
}

/** Stage and level names, matched as bytes so the common values cost no decoding. */
const KNOWN_BY_LENGTH: Array<Array<[Uint8Array, string]> | undefined> = [];
for (const name of [...STAGES, ...LEVELS]) (KNOWN_BY_LENGTH[name.length] ??= []).push([Buffer.from(name, 'latin1'), name]);

/** A string member as JSON.parse would decode it ("" when absent or not a string). */
function knownOrDecoded(line: Buffer, scanned: ScannedEvent, slot: number): string {
  const start = scanned.starts[slot]!;
  const end = scanned.ends[slot]!;
  for (const [bytes, name] of KNOWN_BY_LENGTH[end - start - 2] ?? []) {
    if (line[start] === 0x22 && bytes.every((b, i) => line[start + 1 + i] === b)) return name;
  }
  return stringOr(decodeValue(line, start, end));
}

/** Why a line the scanner rejected is not an event, in JSON.parse's or requestFromEvent's words. */
function notAnEvent(line: Buffer): { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
  return { ok: false, message: `not an audit Event: found ${jsonType(value)}, expected a JSON object` };
}

/** Decodes one member value; plain strings (the common case) skip the JSON decoder. */
function decodeValue(line: Buffer, start: number, end: number): unknown {
  if (start < 0) return undefined;
  const text = line.toString('utf8', start, end);
  if (text.charCodeAt(0) === 0x22 && !text.includes('\\')) return text.slice(1, -1);
  return JSON.parse(text);
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
