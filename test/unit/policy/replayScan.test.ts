// The scanner must accept exactly what JSON.parse accepts (as an object) and find the same
// top-level members JSON.parse would keep; where it cannot decide, it must say so.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EVENT_KEYS, scanEvent } from '../../../server/src/policy/replayScan';
import { readEventLine } from '../../../server/src/policy/replayEvent';

/** What JSON.parse says: null when it throws or the value is not an object, else the needed members. */
function viaParse(text: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(EVENT_KEYS.filter((k) => Object.hasOwn(object, k)).map((k) => [k, object[k]]));
}

function viaScan(text: string, checkControl = true): Record<string, unknown> | null {
  const line = Buffer.from(text, 'utf8');
  const scanned = scanEvent(line, checkControl);
  if (scanned === null) return null;
  const out: Record<string, unknown> = {};
  EVENT_KEYS.forEach((key, slot) => {
    const start = scanned.starts[slot]!;
    if (start >= 0) out[key] = JSON.parse(line.toString('utf8', start, scanned.ends[slot]));
  });
  return out;
}

const key = fc.constantFrom(...EVENT_KEYS, 'requestObject', 'responseObject', 'kin\\u0064', 'other', '', 'ü');
const eventish = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });
/** Breaks a JSON text the ways logs break: cut short, a byte flipped, a raw control character. */
const broken = fc
  .tuple(eventish, fc.nat(), fc.constantFrom('', '"', '\\', ',', '}', ']', '\t', '\u0001', 'x', ':', '-', '0'))
  .map(([value, at, insert]) => {
    const text = JSON.stringify(value).replace(/"kin\\\\u0064"/g, '"kin\\u0064"');
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + (insert === '' ? 1 : 0));
  });

void describe('replayScan', () => {
  void it('agrees with JSON.parse on valid and broken lines', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          eventish.map((v) => JSON.stringify(v)),
          broken,
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          assert.deepEqual(viaScan(text), viaParse(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  void it('handles the cases a generator rarely builds', () => {
    const cases = [
      '{"kind":"a","kind":"Event"}',
      '{"kin\\u0064":"Event"}',
      ' {"verb" : "get" , "user":{"username":"zo\\u00eb"}}\r',
      '{"a":-0.5e+10,"b":[1,2,{"c":null}],"d":true,"e":false}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":-}',
      '{"a":"\\x"}',
      '{"a":"\\u12"}',
      '{"a":"tab\there"}',
      '{"a":1,}',
      '{"a":1}x',
      '{}',
      '{"a":"\\ud800"}',
      `{"requestObject":"${'x'.repeat(200)}\\"${'y'.repeat(100)}","verb":"get"}`,
    ];
    for (const text of cases) assert.deepEqual(viaScan(text), viaParse(text), text);
  });

  void it('lets the caller skip control checks only when the line has none', () => {
    assert.deepEqual(viaScan('{"a":"x"}', false), viaParse('{"a":"x"}'));
    assert.equal(viaScan('{"a":"tab\there"}', true), null);
  });

  void it('measures the body members it skips, comma included', () => {
    const text = '{"kind":"Event","requestObject":{"a":[1,"}"]},"responseObject":"r"}';
    const scanned = scanEvent(Buffer.from(text), true)!;
    assert.equal(scanned.requestObjectMember, '"requestObject":{"a":[1,"}"]},'.length);
    assert.equal(scanned.responseObjectMember, '"responseObject":"r",'.length);
  });

  void it('scans nesting as deep as JSON.parse takes', () => {
    const deep = `{"kind":"Event","verb":"get","requestURI":"/x","requestObject":${'['.repeat(100000)}${']'.repeat(100000)}}`;
    assert.deepEqual(viaScan(deep), viaParse(deep));
    assert.equal(readEventLine(Buffer.from(deep), true).ok, true);
    assert.equal(viaScan(deep.slice(0, -2) + '}'), null);
  });
});
