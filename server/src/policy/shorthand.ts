// The simulator's one-line request shorthand: parse and format, round-tripping exactly.
import { fail, nonResourceRequest, ordered, sameRequest } from './request';
import type { AuditRequest, RequestParseError, RequestParseResult } from './request';
import { methodForVerb, requestAttributesFromPath } from './requestInfo';

/**
 * The one-line shorthand (see SHORTHAND_SYNTAX):
 *
 *   [WHO] VERB TARGET [-n NAMESPACE] [--api-version V] [--path P] [--non-resource]
 *
 * - WHO is `USER[@GROUP[,GROUP...]]`; `-` as USER means no user (failed authentication). Without
 *   WHO (two words before the options) the request has no user and no groups. A user containing
 *   `@` (an e-mail) is written quoted: `"tim@k8s.io"@humans`.
 * - VERB is the Kubernetes verb the rules see, exactly as written (`get`, `list`, `GET` is a
 *   different verb). Exception: before a URL path, an all-capital VERB is an HTTP method and the
 *   verb is derived like kube-apiserver does (`GET /api/v1/pods?watch=1` is `watch`).
 * - TARGET is either a URL path starting with `/` (attributes derived as kube-apiserver's
 *   requestinfo.go does; a lower-case VERB still wins) or `RESOURCE[.GROUP][/NAME[/SUBRESOURCE]]`
 *   like kubectl's `deployments.apps/web`: after RESOURCE the first `/` always starts the NAME, so
 *   `pods/log` is the pod named "log", `pods/web/log` is the log subresource of pod "web" and
 *   `pods//log` is the log subresource without a name. The core group has no `.GROUP`.
 * - Any name may be written as a JSON string (`"a b"`, `""`) to hold spaces, quotes or separators.
 * - Options set fields after the TARGET: `-n`/`--namespace`, `--api-version`, `--path` (the path,
 *   verbatim), `--non-resource` (a non-resource request; with a path TARGET the path is taken
 *   verbatim instead of interpreted).
 */
export const SHORTHAND_SYNTAX =
  '[USER[@GROUP,...]] VERB (/url/path | RESOURCE[.GROUP][/NAME[/SUBRESOURCE]]) [-n NAMESPACE] [--api-version V] [--path P] [--non-resource]';

interface Word {
  text: string;
  start: number;
}

interface Component {
  value: string;
  quoted: boolean;
  /** Index in the word just after the component. */
  end: number;
}

type Parsed<T> = T | ShorthandError;

interface ShorthandOptions {
  namespace?: string;
  apiVersion?: string;
  path?: string;
  nonResource: boolean;
}

const VALUE_OPTIONS: Record<string, keyof ShorthandOptions> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '--api-version': 'apiVersion',
  '--path': 'path',
};

/** A shorthand error on its way up; a class so `instanceof` tells it from parsed values. */
class ShorthandError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

function isError<T>(value: Parsed<T>): value is ShorthandError {
  return value instanceof ShorthandError;
}

function failed(e: ShorthandError): { ok: false; error: RequestParseError } {
  return fail(e.message, e.offset);
}

/** Parses the shorthand (SHORTHAND_SYNTAX); errors carry the offset of the offending character. */
export function parseShorthand(text: string): RequestParseResult {
  const words = splitWords(text);
  if (!Array.isArray(words)) return failed(words);
  const options: ShorthandOptions = { nonResource: false };
  const positionals: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!/^--?[A-Za-z]/.test(word.text)) positionals.push(word);
    else {
      const taken = readOption(words, i, options, text.length);
      if (typeof taken !== 'number') return failed(taken);
      i = taken;
    }
  }
  if (positionals.length < 2 || positionals.length > 3) return failed(countError(positionals, text));
  const [whoWord, verbWord, targetWord] = positionals.length === 3 ? positionals : [undefined, ...positionals];
  const who = whoWord ? parseWho(whoWord) : { groups: [] };
  if (isError(who)) return failed(who);
  const verb = wholeComponent(verbWord!, 'verb');
  if (isError(verb)) return failed(verb);
  const request = parseTarget(targetWord!, verb, options);
  if (isError(request)) return failed(request);
  request.groups = who.groups;
  if (who.user !== undefined) request.user = who.user;
  return { ok: true, request: ordered(request) };
}

function countError(positionals: Word[], text: string): ShorthandError {
  if (positionals.length > 3) {
    return new ShorthandError(
      `unexpected word ${JSON.stringify(positionals[3]!.text)}: expected ${SHORTHAND_SYNTAX}`,
      positionals[3]!.start,
    );
  }
  const what =
    positionals.length === 0 ? 'a VERB and a TARGET' : 'a TARGET (a /url/path or RESOURCE[.GROUP][/NAME[/SUBRESOURCE]]) after the verb';
  return new ShorthandError(`expected ${what}: ${SHORTHAND_SYNTAX}`, text.trimEnd().length);
}

/** Reads the option at words[i] into `options`; returns the index of its last word. */
function readOption(words: Word[], i: number, options: ShorthandOptions, end: number): number | ShorthandError {
  const word = words[i]!;
  if (word.text === '--non-resource') {
    if (options.nonResource) return new ShorthandError('option --non-resource is given twice', word.start);
    options.nonResource = true;
    return i;
  }
  const key = VALUE_OPTIONS[word.text];
  if (key === undefined) {
    return new ShorthandError(
      `unknown option ${JSON.stringify(word.text)} (options: -n/--namespace, --api-version, --path, --non-resource)`,
      word.start,
    );
  }
  if (options[key] !== undefined) return new ShorthandError(`option ${word.text} is given twice`, word.start);
  const valueWord = words[i + 1];
  if (valueWord === undefined) return new ShorthandError(`option ${word.text} needs a value`, end);
  const value = wholeComponent(valueWord, `value of ${word.text}`);
  if (isError(value)) return value;
  (options as unknown as Record<string, string>)[key] = value;
  return i + 1;
}

/** Splits on whitespace outside JSON strings. */
function splitWords(text: string): Word[] | ShorthandError {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && !/\s/.test(text[i]!)) {
      if (text[i] !== '"') {
        i++;
        continue;
      }
      const close = closingQuote(text, i);
      if (close < 0) return new ShorthandError('unterminated string: the closing " is missing', i);
      i = close + 1;
    }
    words.push({ text: text.slice(start, i), start });
  }
  return words;
}

/** Index of the quote closing the JSON string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Reads one bare or quoted component of `word` starting at index `pos`, stopping before any of `stops`. */
function readComponent(word: Word, pos: number, stops: string, what: string): Component | ShorthandError {
  const text = word.text;
  if (text[pos] === '"') {
    const close = closingQuote(text, pos);
    let value: string;
    try {
      value = JSON.parse(text.slice(pos, close + 1)) as string;
    } catch (e) {
      return new ShorthandError(`invalid string for the ${what}: ${(e as Error).message}`, word.start + pos);
    }
    const next = text[close + 1];
    if (next !== undefined && !stops.includes(next)) {
      return new ShorthandError(
        `unexpected ${JSON.stringify(next)} after the quoted ${what}${stops ? ` (expected ${[...stops].map((c) => `"${c}"`).join(' or ')} or a space)` : ''}`,
        word.start + close + 1,
      );
    }
    return { value, quoted: true, end: close + 1 };
  }
  let end = pos;
  while (end < text.length && !stops.includes(text[end]!)) {
    if (text[end] === '"') {
      return new ShorthandError(`unexpected '"' inside the ${what}: quote the whole ${what} instead`, word.start + end);
    }
    end++;
  }
  return { value: text.slice(pos, end), quoted: false, end };
}

/** A component that must span the whole word (verb, option values). */
function wholeComponent(word: Word, what: string): string | ShorthandError {
  const c = readComponent(word, 0, '', what);
  return isError(c) ? c : c.value;
}

function parseWho(word: Word): { user?: string; groups: string[] } | ShorthandError {
  const user = readComponent(word, 0, '@', 'user');
  if (isError(user)) return user;
  if (user.value === '' && !user.quoted) return new ShorthandError('expected a user name before "@" (write - for no user)', word.start);
  const who: { user?: string; groups: string[] } = { groups: [] };
  if (user.quoted || user.value !== '-') who.user = user.value;
  let pos = user.end;
  while (pos < word.text.length) {
    const group = readComponent(word, pos + 1, ',', 'group');
    if (isError(group)) return group;
    if (group.value === '' && !group.quoted) {
      return new ShorthandError(`expected a group name after ${JSON.stringify(word.text[pos])}`, word.start + pos + 1);
    }
    who.groups.push(group.value);
    pos = group.end;
  }
  return who;
}

function parseTarget(word: Word, verb: string, options: ShorthandOptions): AuditRequest | ShorthandError {
  let request: AuditRequest;
  if (word.text.startsWith('/')) {
    request = pathTarget(word.text, verb, options.nonResource);
  } else {
    const resource = parseResourceTarget(word);
    if (isError(resource)) return resource;
    request = { ...resource, verb, groups: [], isResourceRequest: !options.nonResource, apiVersion: '', namespace: '', path: '' };
  }
  if (options.namespace !== undefined) request.namespace = options.namespace;
  if (options.apiVersion !== undefined) request.apiVersion = options.apiVersion;
  if (options.path !== undefined) request.path = options.path;
  if (options.nonResource) request.isResourceRequest = false;
  return request;
}

function pathTarget(path: string, verb: string, verbatim: boolean): AuditRequest {
  if (verbatim) return nonResourceRequest(undefined, [], verb, path);
  const isMethod = /^[A-Z]+$/.test(verb);
  const attributes = requestAttributesFromPath(isMethod ? verb : methodForVerb(verb), path);
  return { ...attributes, verb: isMethod ? attributes.verb : verb, groups: [] };
}

type ResourcePart = Pick<AuditRequest, 'resource' | 'apiGroup' | 'name' | 'subresource'>;

/** RESOURCE[.GROUP][/NAME[/SUBRESOURCE]] */
function parseResourceTarget(word: Word): ResourcePart | ShorthandError {
  const resource = readComponent(word, 0, './', 'resource');
  if (isError(resource)) return resource;
  if (resource.value === '' && !resource.quoted) {
    return new ShorthandError('expected a resource name (such as pods) or a /url/path', word.start);
  }
  const part: ResourcePart = { resource: resource.value, apiGroup: '', name: '', subresource: '' };
  let pos = resource.end;
  if (word.text[pos] === '.') {
    const group = readComponent(word, pos + 1, '/', 'API group');
    if (isError(group)) return group;
    if (group.value === '' && !group.quoted) {
      return new ShorthandError('expected an API group after "." (the core group is written without ".GROUP")', word.start + pos + 1);
    }
    part.apiGroup = group.value;
    pos = group.end;
  }
  if (pos >= word.text.length) return part;
  const name = readComponent(word, pos + 1, '/', 'name');
  if (isError(name)) return name;
  part.name = name.value;
  pos = name.end;
  if (pos >= word.text.length) {
    return name.value === '' && !name.quoted ? new ShorthandError('expected a name after "/"', word.start + pos) : part;
  }
  const sub = readComponent(word, pos + 1, '/', 'subresource');
  if (isError(sub)) return sub;
  if (sub.value === '' && !sub.quoted) return new ShorthandError('expected a subresource after "/"', word.start + pos + 1);
  if (sub.end < word.text.length) {
    return new ShorthandError('unexpected "/" after the subresource: a target has at most RESOURCE/NAME/SUBRESOURCE', word.start + sub.end);
  }
  part.subresource = sub.value;
  return part;
}

/** Formats a request as shorthand; parseShorthand(formatShorthand(r)) equals r for every request. */
export function formatShorthand(request: AuditRequest): string {
  const head = [formatWho(request), formatComponent(request.verb, '', true)].filter((w) => w !== '').join(' ');
  const candidates = [`${head} ${request.path}`, `${head} ${request.path} --non-resource`];
  for (const candidate of candidates) {
    if (!/^\/\S*$/.test(request.path) || request.path.includes('"')) break;
    const parsed = parseShorthand(candidate);
    if (parsed.ok && sameRequest(parsed.request, request)) return candidate;
  }
  return `${head} ${formatResourceTarget(request)}${formatOptions(request)}`;
}

function formatWho(r: AuditRequest): string {
  if (r.user === undefined && r.groups.length === 0) return '';
  const user = r.user === undefined ? '-' : formatComponent(r.user, '@,', true);
  const groups = r.groups.map((g) => formatComponent(g, '@,', false));
  return groups.length === 0 ? user : `${user}@${groups.join(',')}`;
}

function formatResourceTarget(r: AuditRequest): string {
  let target = formatComponent(r.resource, './', true);
  if (r.apiGroup !== '') target += `.${formatComponent(r.apiGroup, '/', false)}`;
  if (r.name !== '' || r.subresource !== '') {
    target += `/${r.name === '' && r.subresource !== '' ? '' : formatComponent(r.name, '/', false)}`;
  }
  if (r.subresource !== '') target += `/${formatComponent(r.subresource, '/', false)}`;
  return target;
}

function formatOptions(r: AuditRequest): string {
  let out = '';
  if (r.namespace !== '') out += ` -n ${formatComponent(r.namespace, '', false)}`;
  if (r.apiVersion !== '') out += ` --api-version ${formatComponent(r.apiVersion, '', false)}`;
  if (r.path !== '') out += ` --path ${formatComponent(r.path, '', false)}`;
  if (!r.isResourceRequest) out += ' --non-resource';
  return out;
}

/** Writes a value bare when it reads back unchanged, else as a JSON string. */
function formatComponent(value: string, stops: string, firstInWord: boolean): string {
  const bare = value !== '' && !/[\s"]/.test(value) && ![...stops].some((c) => value.includes(c)) && !(firstInWord && /^[-/]/.test(value));
  return bare ? value : JSON.stringify(value);
}
