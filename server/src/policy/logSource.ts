// Audit log bytes -> batches of lines, for replay. Node-only (node:zlib) but free of the file
// system: callers pass the chunks of a file, of standard input or of a test buffer.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The lines of one chunk of a log, without their line ends. */
export interface LineBatch {
  /** 1-based number of the first line of the batch in its source. */
  firstLine: number;
  lines: Buffer[];
  /**
   * True when some line may hold a raw control character (U+0000..U+001F other than the line
   * end): JSON forbids them inside strings, so the scanner must then check every string byte.
   */
  mayHaveControlCharacters: boolean;
}

const NEWLINE = 0x0a;
const GZIP_MAGIC = [0x1f, 0x8b];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Returns the chunks decompressed when the source starts with the gzip magic bytes, else as they come. */
export async function* decompressIfGzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  let first = await iterator.next();
  // A gzip header needs two bytes; a first chunk shorter than that is joined with the next.
  while (!first.done && first.value.length < GZIP_MAGIC.length) {
    const next = await iterator.next();
    if (next.done) break;
    first = { done: false, value: Buffer.concat([first.value, next.value]) };
  }
  if (first.done) return;
  const rest: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => iterator };
  if (!startsWith(first.value, GZIP_MAGIC)) {
    yield Buffer.from(first.value.buffer, first.value.byteOffset, first.value.length);
    for await (const chunk of rest) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    return;
  }
  // Concatenated gzip members (rotated logs joined with cat) are decoded as one stream.
  const compressed = Readable.from(prepend(first.value, rest), { objectMode: false });
  const gunzip = compressed.pipe(createGunzip());
  compressed.on('error', (error) => gunzip.destroy(error));
  for await (const chunk of gunzip) yield chunk as Buffer;
}

async function* prepend(first: Uint8Array, rest: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield first;
  yield* rest;
}

/**
 * Splits chunks into lines (LF; a CR before it stays in the line, where JSON sees whitespace).
 * Memory is one chunk plus one partial line. A UTF-8 byte order mark at the very start is dropped.
 */
export async function* logLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<LineBatch> {
  let carry: Buffer | undefined;
  let lineNumber = 1;
  let atStart = true;
  for await (let chunk of chunks) {
    if (atStart && chunk.length > 0) {
      if (startsWith(chunk, UTF8_BOM)) chunk = chunk.subarray(UTF8_BOM.length);
      atStart = false;
    }
    const batch = splitChunk(chunk, carry);
    carry = batch.carry;
    lineNumber += batch.lines.length;
    if (batch.lines.length > 0) {
      yield { firstLine: lineNumber - batch.lines.length, lines: batch.lines, mayHaveControlCharacters: batch.control };
    }
  }
  if (carry !== undefined && carry.length > 0) {
    yield { firstLine: lineNumber, lines: [carry], mayHaveControlCharacters: hasControlCharacters(carry) };
  }
}

function splitChunk(chunk: Buffer, carry: Buffer | undefined): { lines: Buffer[]; carry?: Buffer; control: boolean } {
  const lines: Buffer[] = [];
  let start = 0;
  let end = chunk.indexOf(NEWLINE);
  let control = hasControlCharacters(chunk);
  if (carry !== undefined) {
    if (end < 0) return { lines, carry: Buffer.concat([carry, chunk]), control };
    const joined = Buffer.concat([carry, chunk.subarray(0, end)]);
    control ||= hasControlCharacters(carry);
    lines.push(joined);
    start = end + 1;
    end = chunk.indexOf(NEWLINE, start);
  }
  while (end >= 0) {
    lines.push(chunk.subarray(start, end));
    start = end + 1;
    end = chunk.indexOf(NEWLINE, start);
  }
  return { lines, carry: start < chunk.length ? chunk.subarray(start) : undefined, control };
}

/** True when the bytes hold a control character other than LF (one native search per byte value). */
export function hasControlCharacters(bytes: Buffer): boolean {
  for (let c = 0; c < 0x20; c++) if (c !== NEWLINE && bytes.indexOf(c) >= 0) return true;
  return false;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}
