// Where the cursor is in a policy, in terms of the format: which object (Policy, PolicyRule,
// GroupResources), whether a key or a value is being typed, which field the value belongs to, and
// which word to replace. Completion runs while the YAML is half-written (`resources: [dep`, a
// lone `- `, an indented blank line), where the parsed tree is a guess, so this reads the lines:
// indentation and `- ` markers give the block structure, and a small scanner reads flow
// collections on the cursor's line.
import type { ObjectKind } from './fields';
import type { Span } from './types';

export type Slot =
  /** A key of `object`; `newItem` when typed right after `- ` (the first key of a new item). */
  | { kind: 'key'; object: ObjectKind; newItem: boolean }
  /** A value of `field` in `object`; `inList` for an item of a list, else a scalar value. */
  | { kind: 'value'; object: ObjectKind; field: string; inList: boolean };

export interface CursorContext {
  slot: Slot;
  /** The word to replace: what was typed around the cursor, quotes included. */
  word: Span;
  /** The text of the word before the cursor, without its opening quote. */
  prefix: string;
  /** The quote the word opens with, if any. */
  quote: '"' | "'" | '';
  /** Inside a flow collection (`[...]`, `{...}`): values there need more quoting. */
  inFlow: boolean;
  /** Column of the key (or item) being typed: the indentation of multi-line insertions. */
  column: number;
  /** Keys already written in the object (for key slots: not offered again). */
  presentKeys: string[];
  /** Values already written in the list (for list items: not offered again). */
  presentValues: string[];
  /** A new item typed where no `- ` is written yet: insertions start with `- `. */
  needsDash?: boolean;
  /** For GroupResources: the entry's `group` as written ("" when absent: the core group). */
  group?: string;
}

interface Line {
  /** Offset of the line start in the text. */
  start: number;
  /** Columns of `- ` markers at the start of the line. */
  dashes: number[];
  /** Column where the content after indentation and dashes starts. */
  contentCol: number;
  /** The key when the content is `key:` or `key: value`. */
  key?: string;
  /** The value text after `key:`, comment removed, trimmed. */
  value?: string;
  blank: boolean;
}

const KEY = /^(["']?)([A-Za-z_][\w.-]*|<<)\1[ \t]*:(?=\s|$)[ \t]*(.*)$/;

function readLine(text: string, start: number, end: number): Line {
  const raw = text.slice(start, end);
  let col = 0;
  const dashes: number[] = [];
  for (;;) {
    while (raw[col] === ' ') col++;
    if (raw[col] === '-' && (col + 1 === raw.length || raw[col + 1] === ' ' || raw[col + 1] === '\r')) {
      dashes.push(col);
      col++;
      continue;
    }
    break;
  }
  const content = raw.slice(col).replace(/\r$/, '');
  const blank = content.trim() === '' || content.startsWith('#');
  const line: Line = { start, dashes, contentCol: col, blank: blank && dashes.length === 0 };
  const key = KEY.exec(content);
  if (key) {
    line.key = key[2];
    line.value = stripComment(key[3]!).trim();
  }
  return line;
}

function stripComment(value: string): string {
  const hash = value.search(/(^|\s)#/);
  return hash < 0 ? value : value.slice(0, hash);
}

/** Lines of the text between two offsets, read lazily from the cursor outwards. */
class Lines {
  constructor(
    private readonly text: string,
    readonly first: number,
  ) {}

  /** The line that starts at or before `offset`. */
  startOf(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Leading spaces of the line at `start` (a blank line counts as infinitely deep). */
  indentOf(start: number): number {
    let i = start;
    while (this.text.charCodeAt(i) === 32) i++;
    const c = this.text.charCodeAt(i);
    return c === 10 || c === 13 || c === 35 || Number.isNaN(c) ? Infinity : i - start;
  }

  at(start: number): Line {
    const nl = this.text.indexOf('\n', start);
    return readLine(this.text, start, nl < 0 ? this.text.length : nl);
  }

  previous(start: number): number | undefined {
    if (start <= this.first || start === 0) return undefined;
    const prev = this.startOf(start - 1);
    return prev < this.first ? undefined : prev;
  }

  next(start: number): number | undefined {
    const nl = this.text.indexOf('\n', start);
    return nl < 0 ? undefined : nl + 1;
  }
}

type Role = { role: 'key' | 'item'; col: number };

/**
 * Walks up from a node at `from` (a key of a mapping at `col`, or a sequence item whose `- ` is at
 * `col`) and returns the keys and items above it, outermost first (`rules`, `#`, `resources`, `#`).
 */
function ancestry(lines: Lines, lineStart: number, from: Role): string[] {
  const path: string[] = [];
  let { role, col } = from;
  for (let at = lines.previous(lineStart); at !== undefined; at = lines.previous(at)) {
    // Lines indented deeper than the node are its earlier siblings' contents: skip them unparsed,
    // so a walk up a 2,000-rule policy stays cheap.
    if (lines.indentOf(at) > col) continue;
    const line = lines.at(at);
    if (line.blank) continue;
    const firstCol = line.dashes.length ? line.dashes[0]! : line.contentCol;
    if (role === 'key') {
      if (line.dashes.length && line.contentCol === col) {
        // The mapping we are in starts on this item line.
        ({ role, col } = enterItems(path, line, line.dashes.length));
        continue;
      }
      if (line.key !== undefined && line.contentCol < col && (line.value === '' || line.value === undefined)) {
        path.push(line.key);
        ({ role, col } = line.dashes.length ? enterItems(path, line, line.dashes.length) : { role: 'key', col: line.contentCol });
        continue;
      }
      if (firstCol < col) break;
    } else {
      if (line.dashes.includes(col)) {
        // A sibling item; outer dashes on the same line are items of outer sequences.
        const inner = line.dashes.indexOf(col);
        if (inner > 0) ({ role, col } = enterItems(path, line, inner));
        continue;
      }
      if (line.key !== undefined && line.contentCol <= col && (line.value === '' || line.value === undefined)) {
        path.push(line.key);
        ({ role, col } = line.dashes.length ? enterItems(path, line, line.dashes.length) : { role: 'key', col: line.contentCol });
        continue;
      }
      if (firstCol < col) break;
    }
  }
  return path.reverse();
}

/** Records `count` sequence items of a line's `- ` markers; returns the outermost as the new node. */
function enterItems(path: string[], line: Line, count: number): Role {
  for (let i = 0; i < count; i++) path.push('#');
  return { role: 'item', col: line.dashes[0]! };
}

/** What the path of a mapping means in the format. */
function objectAt(path: readonly string[]): ObjectKind | undefined {
  const p = path.join('.');
  if (p === '') return 'Policy';
  if (p === 'rules.#') return 'PolicyRule';
  if (p === 'rules.#.resources.#') return 'GroupResources';
  return undefined;
}

/** The object kind of the items of a sequence at `path`, when they are objects. */
function itemObjectAt(path: readonly string[]): ObjectKind | undefined {
  return objectAt([...path, '#']);
}

/** Scans a flow collection on one line up to the cursor: the innermost open `[`/`{` and its keys and items. */
interface FlowFrame {
  type: 'seq' | 'map';
  /** The key whose value the collection is (for the outermost frame: the block key). */
  key?: string;
  /** Keys and values written in a flow map. */
  pairs: Map<string, string>;
  items: string[];
}

function scanFlow(segment: string): FlowFrame[] {
  const frames: FlowFrame[] = [];
  let token = '';
  let pendingKey: string | undefined;
  const finish = () => {
    const top = frames[frames.length - 1];
    const value = unquote(token.trim());
    if (top?.type === 'seq' && value !== '') top.items.push(value);
    if (top?.type === 'map' && pendingKey !== undefined) top.pairs.set(pendingKey, value);
    token = '';
    pendingKey = undefined;
  };
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '"' || c === "'") {
      const close = segment.indexOf(c, i + 1);
      if (close < 0) {
        token += segment.slice(i);
        break;
      }
      token += segment.slice(i, close + 1);
      i = close;
    } else if (c === '[' || c === '{') {
      frames.push({ type: c === '[' ? 'seq' : 'map', key: pendingKey, pairs: new Map(), items: [] });
      token = '';
      pendingKey = undefined;
    } else if (c === ']' || c === '}') {
      finish();
      frames.pop();
    } else if (c === ',') {
      finish();
    } else if (c === ':' && frames[frames.length - 1]?.type === 'map' && pendingKey === undefined && /\s|$/.test(segment[i + 1] ?? '')) {
      pendingKey = unquote(token.trim());
      token = '';
    } else {
      token += c;
    }
  }
  return frames;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) return value.slice(1, -1);
  return value;
}

const WORD_CHAR = /[^\s,[\]{}#]/;

/** The word around the cursor: the run of value characters, quotes included. */
function wordAround(text: string, offset: number, lineStart: number, forKey: boolean): Span {
  const ok = (c: string | undefined) => c !== undefined && c !== '\n' && WORD_CHAR.test(c) && !(forKey && c === ':');
  let start = offset;
  while (start > lineStart && ok(text[start - 1])) start--;
  let end = offset;
  while (ok(text[end])) end++;
  return { start, end };
}

/**
 * Returns where the cursor is, or undefined where nothing can be completed (inside a comment, a
 * block scalar, or outside the format's objects). `first` is the offset where the policy starts.
 */
export function cursorContext(text: string, offset: number, first = 0): CursorContext | undefined {
  const lines = new Lines(text, first);
  const lineStart = lines.startOf(offset);
  const before = text.slice(lineStart, offset);
  if (/(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, '""'))) return undefined;
  const line = readLine(before, 0, before.length);
  const rest = before.slice(line.contentCol);

  // Flow collections opened on this line: `key: [a, b|` or `- {group: apps, resources: [de|`.
  const flowStart = rest.search(/[[{]/);
  if (flowStart >= 0) {
    const keyed = KEY.exec(rest);
    const frames = scanFlow(rest.slice(keyed ? rest.indexOf(':') + 1 : 0));
    if (frames.length > 0) return flowContext(text, offset, lines, lineStart, line, keyed?.[2], frames);
  }

  const word = wordAround(text, offset, lineStart, line.key === undefined);
  const typed = text.slice(word.start, offset);
  const quote = typed[0] === '"' || typed[0] === "'" ? (typed[0] as '"' | "'") : '';
  const prefix = quote ? typed.slice(1) : typed;
  const base = { word, prefix, quote, inFlow: false } as const;

  if (line.key !== undefined && word.start > lineStart + line.contentCol) {
    // `key: va|`: a scalar value of the key on this line.
    const container = line.dashes.length
      ? [...ancestry(lines, lineStart, { role: 'item', col: line.dashes[0]! }), ...line.dashes.map(() => '#')]
      : ancestry(lines, lineStart, { role: 'key', col: line.contentCol });
    const object = objectAt(container);
    if (!object) return undefined;
    return withSiblings(text, lines, lineStart, line.contentCol, {
      ...base,
      slot: { kind: 'value', object, field: line.key, inList: false },
      column: line.contentCol,
      presentKeys: [],
      presentValues: [],
    });
  }
  if (line.dashes.length > 0) {
    // `- wo|`: an item of the sequence whose last `- ` is on this line.
    const dash = line.dashes[line.dashes.length - 1]!;
    const path = [...ancestry(lines, lineStart, { role: 'item', col: line.dashes[0]! }), ...line.dashes.slice(1).map(() => '#')];
    const itemObject = itemObjectAt(path);
    if (itemObject) {
      return { ...base, slot: { kind: 'key', object: itemObject, newItem: true }, column: dash + 2, presentKeys: [], presentValues: [] };
    }
    const owner = objectAt(path.slice(0, -1));
    const field = path[path.length - 1];
    if (!owner || field === undefined || field === '#') return undefined;
    const ownerKey = ownerKeyLine(lines, lineStart, dash);
    return withSiblings(text, lines, ownerKey?.start ?? lineStart, ownerKey?.contentCol ?? dash, {
      ...base,
      slot: { kind: 'value', object: owner, field, inList: true },
      column: dash,
      presentKeys: [],
      presentValues: siblingItems(text, lines, lineStart, dash),
    });
  }
  // `wo|` alone on its line: a key of the mapping at this column.
  const col = line.contentCol;
  if (rest !== prefix && rest !== typed) return undefined;
  const path = ancestry(lines, lineStart, { role: 'key', col });
  const object = objectAt(path);
  const itemObject = object ? undefined : itemObjectAt(path);
  if (itemObject) {
    // An empty line among the items of `rules` or `resources`: a new item, `- ` included.
    return {
      ...base,
      slot: { kind: 'key', object: itemObject, newItem: true },
      needsDash: true,
      column: col + 2,
      presentKeys: [],
      presentValues: [],
    };
  }
  if (!object) return undefined;
  return withSiblings(text, lines, lineStart, col, {
    ...base,
    slot: { kind: 'key', object, newItem: false },
    column: col,
    presentKeys: [],
    presentValues: [],
  });
}

function flowContext(
  text: string,
  offset: number,
  lines: Lines,
  lineStart: number,
  line: Line,
  blockKey: string | undefined,
  frames: FlowFrame[],
): CursorContext | undefined {
  // Path of the block node that holds the flow collection.
  let path: string[];
  if (blockKey !== undefined) {
    const container = line.dashes.length
      ? [...ancestry(lines, lineStart, { role: 'item', col: line.dashes[0]! }), ...line.dashes.map(() => '#')]
      : ancestry(lines, lineStart, { role: 'key', col: line.contentCol });
    path = [...container, blockKey];
  } else if (line.dashes.length) {
    path = [...ancestry(lines, lineStart, { role: 'item', col: line.dashes[0]! }), ...line.dashes.slice(1).map(() => '#'), '#'];
  } else {
    return undefined;
  }
  // Each flow frame adds a level: a sequence adds an item, a map's current key adds the key.
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    if (i > 0 && frame.key !== undefined) path.push(frame.key);
    if (frame.type === 'seq' && i < frames.length - 1) path.push('#');
  }
  const innermost = frames[frames.length - 1]!;
  const word = wordAround(text, offset, lineStart, innermost.type === 'map');
  const typed = text.slice(word.start, offset);
  const quote = typed[0] === '"' || typed[0] === "'" ? (typed[0] as '"' | "'") : '';
  const base = { word, prefix: quote ? typed.slice(1) : typed, quote, inFlow: true, column: line.contentCol } as const;
  const mapFrame = [...frames].reverse().find((f) => f.type === 'map');
  const group = mapFrame?.pairs.get('group');
  if (innermost.type === 'seq') {
    const owner = objectAt(path.slice(0, -1));
    const field = path[path.length - 1];
    const itemObject = itemObjectAt(path);
    if (itemObject) return { ...base, slot: { kind: 'key', object: itemObject, newItem: true }, presentKeys: [], presentValues: [] };
    if (!owner || field === undefined || field === '#') return undefined;
    const context: CursorContext = {
      ...base,
      slot: { kind: 'value', object: owner, field, inList: true },
      presentKeys: [],
      presentValues: innermost.items,
      group: owner === 'GroupResources' && mapFrame ? (group ?? '') : undefined,
    };
    return owner === 'GroupResources' && mapFrame === undefined ? withSiblings(text, lines, lineStart, line.contentCol, context) : context;
  }
  // In a flow map: a key, or the value of the key just written.
  const object = objectAt(path);
  if (!object) return undefined;
  const segment = text.slice(lineStart, offset);
  const afterColon = /:\s*["']?[^,{}[\]:]*$/.test(segment) && !/[{,]\s*["']?[\w-]*$/.test(segment);
  if (afterColon) {
    const key = /([\w-]+)["']?\s*:\s*["']?[^,{}[\]:]*$/.exec(segment)?.[1];
    if (!key) return undefined;
    return { ...base, slot: { kind: 'value', object, field: key, inList: false }, presentKeys: [], presentValues: [], group: group ?? '' };
  }
  return {
    ...base,
    slot: { kind: 'key', object, newItem: false },
    presentKeys: [...innermost.pairs.keys()],
    presentValues: [],
    group: group ?? '',
  };
}

/**
 * Fills in the keys of the mapping at `col` around the cursor line (the item it belongs to) and,
 * for GroupResources, the entry's group.
 */
function withSiblings(text: string, lines: Lines, lineStart: number, col: number, context: CursorContext): CursorContext {
  const keys = new Map<string, string>();
  // Upwards to the line that opens the mapping (an item line, or a shallower line).
  for (let at = lines.previous(lineStart); at !== undefined; at = lines.previous(at)) {
    if (lines.indentOf(at) > col) continue;
    const line = lines.at(at);
    if (line.blank) continue;
    if (line.contentCol === col && line.key !== undefined) keys.set(line.key, line.value ?? '');
    if (line.dashes.length && line.contentCol === col) break;
    if ((line.dashes[0] ?? line.contentCol) < col) break;
  }
  for (let at = lines.next(lineStart); at !== undefined && at < text.length; at = lines.next(at)) {
    if (lines.indentOf(at) > col) continue;
    const line = lines.at(at);
    if (line.blank) continue;
    if ((line.dashes[0] ?? line.contentCol) < col || (line.dashes.length && line.contentCol <= col)) break;
    if (line.contentCol === col && line.key !== undefined) keys.set(line.key, line.value ?? '');
  }
  const slot = context.slot;
  const isKeySlot = slot.kind === 'key';
  const group = keys.get('group');
  const inEntry = slot.object === 'GroupResources';
  return {
    ...context,
    presentKeys: isKeySlot ? [...keys.keys()] : context.presentKeys,
    group: inEntry ? (context.group ?? unquote(group ?? '')) : context.group,
  };
}

/** The line of the key that owns the block sequence whose `- ` markers are at `dash`. */
function ownerKeyLine(lines: Lines, lineStart: number, dash: number): Line | undefined {
  for (let at = lines.previous(lineStart); at !== undefined; at = lines.previous(at)) {
    const line = lines.at(at);
    if (line.blank || line.dashes.includes(dash)) continue;
    if (line.key !== undefined && line.contentCol <= dash) return line;
    if ((line.dashes[0] ?? line.contentCol) < dash) return undefined;
  }
  return undefined;
}

/** The values of the block sequence items around the cursor line whose `- ` is at `dash`. */
function siblingItems(text: string, lines: Lines, lineStart: number, dash: number): string[] {
  const items: string[] = [];
  const take = (line: Line, at: number) => {
    const value = unquote(
      stripComment(text.slice(at + dash + 1, text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at))).trim(),
    );
    if (line.dashes.length === 1 && line.dashes[0] === dash && line.key === undefined && value !== '') items.push(value);
  };
  for (let at = lines.previous(lineStart); at !== undefined; at = lines.previous(at)) {
    if (lines.indentOf(at) > dash) continue;
    const line = lines.at(at);
    if (line.blank) continue;
    if ((line.dashes[0] ?? line.contentCol) < dash || (line.dashes.length === 0 && line.contentCol <= dash)) break;
    take(line, at);
  }
  for (let at = lines.next(lineStart); at !== undefined && at < text.length; at = lines.next(at)) {
    if (lines.indentOf(at) > dash) continue;
    const line = lines.at(at);
    if (line.blank) continue;
    if ((line.dashes[0] ?? line.contentCol) < dash || (line.dashes.length === 0 && line.contentCol <= dash)) break;
    take(line, at);
  }
  return items;
}
