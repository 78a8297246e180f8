// URL path + HTTP method -> the request attributes kube-apiserver's audit policy sees, as
// k8s.io/apiserver pkg/endpoints/request/requestinfo.go (NewRequestInfo) computes them with the
// prefixes `api` (no group) and `apis` (audit-semantics.md, section 5).

/** What RequestInfo contributes to an AuditRequest (everything but the user). */
export interface RequestAttributes {
  isResourceRequest: boolean;
  verb: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** The decoded URL path, without the query (Go's `req.URL.Path`). */
  path: string;
}

const API_PREFIXES = new Set(['api', 'apis']);
const GROUPLESS_API_PREFIXES = new Set(['api']);
/** Legacy path segments right after the version that set the verb (`/api/v1/watch/pods`). */
const SPECIAL_VERBS = new Set(['proxy', 'watch']);
const SPECIAL_VERBS_NO_SUBRESOURCES = new Set(['proxy']);
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const METHOD_VERBS: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** Returns the attributes kube-apiserver derives from an HTTP method and a request URI (path and optional query). */
export function requestAttributesFromPath(method: string, pathWithQuery: string): RequestAttributes {
  const { path, query } = splitUri(pathWithQuery);
  // Go compares the method exactly: HTTP methods are case-sensitive, `get` is not `GET`.
  const info = emptyAttributes(path, method.toLowerCase());
  let parts = splitPath(path);
  if (parts.length < 3 || !API_PREFIXES.has(parts[0]!)) return info;
  const prefix = parts[0]!;
  parts = parts.slice(1);
  if (!GROUPLESS_API_PREFIXES.has(prefix)) {
    if (parts.length < 3) return info;
    info.apiGroup = parts[0]!;
    parts = parts.slice(1);
  }
  info.isResourceRequest = true;
  info.apiVersion = parts[0]!;
  parts = parts.slice(1);
  if (SPECIAL_VERBS.has(parts[0]!)) {
    // kube-apiserver fails here ("unable to determine kind and namespace from url") and answers
    // 500 before the audit filter runs; we return the attributes known at that point, as Go does.
    if (parts.length < 2) return info;
    info.verb = parts[0]!;
    parts = parts.slice(1);
  } else {
    info.verb = methodVerb(method);
  }
  parts = applyNamespace(info, parts);
  assignResourceParts(info, parts);
  if (info.name === '' && info.verb === 'get') listOrWatch(info, query);
  if (info.name === '' && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}

/** Returns the HTTP method kube-apiserver would have seen for a Kubernetes verb (GET for reads and unknown verbs). */
export function methodForVerb(verb: string): string {
  switch (verb) {
    case 'create':
      return 'POST';
    case 'update':
      return 'PUT';
    case 'patch':
      return 'PATCH';
    case 'delete':
    case 'deletecollection':
      return 'DELETE';
    default:
      return 'GET';
  }
}

function emptyAttributes(path: string, verb: string): RequestAttributes {
  return { isResourceRequest: false, verb, apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '', path };
}

function methodVerb(method: string): string {
  return METHOD_VERBS[method] ?? '';
}

/** Handles `namespaces/NS/...`: sets the namespace and returns the parts relative to the resource. */
function applyNamespace(info: RequestAttributes, parts: string[]): string[] {
  if (parts[0] !== 'namespaces' || parts.length < 2) return parts;
  info.namespace = parts[1]!;
  // `namespaces/NS/status` and `namespaces/NS/finalize` are subresources of the Namespace NS;
  // anything else after NS is a namespaced resource in its own right.
  return parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!) ? parts.slice(2) : parts;
}

/** parts look like resource/name/subresource/other/stuff/not/interpreted. */
function assignResourceParts(info: RequestAttributes, parts: string[]): void {
  if (parts.length >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.has(info.verb)) info.subresource = parts[2]!;
  if (parts.length >= 2) info.name = parts[1]!;
  if (parts.length >= 1) info.resource = parts[0]!;
}

/** A name-less get is a list, or a watch when `watch` is set; a fieldSelector may pin the name. */
function listOrWatch(info: RequestAttributes, query: Map<string, string[]>): void {
  const watch = query.get('watch');
  // Go's bool conversion: only "0" and "false" (any case) are false; even `watch=` is true.
  const watching = watch !== undefined && watch.length > 0 && !['false', '0'].includes(watch[0]!.toLowerCase());
  info.verb = watching ? 'watch' : 'list';
  if (!listOptionsDecode(query)) return; // kube-apiserver then ignores the fieldSelector entirely
  const selector = query.get('fieldSelector');
  if (selector === undefined || selector.length === 0) return;
  const name = parseFieldSelector(selector[0]!)?.get('metadata.name');
  if (name !== undefined && isValidPathSegmentName(name)) info.name = name;
}

/**
 * Whether ListOptions decoding of the query succeeds. Modelled failures: an unparsable
 * fieldSelector and non-integer `limit`/`timeoutSeconds`. Label selector syntax is not checked.
 */
function listOptionsDecode(query: Map<string, string[]>): boolean {
  for (const key of ['limit', 'timeoutSeconds']) {
    const value = query.get(key)?.[0];
    if (value !== undefined && value !== '' && !/^[+-]?\d+$/.test(value)) return false;
  }
  const selector = query.get('fieldSelector')?.[0];
  return selector === undefined || parseFieldSelector(selector) !== undefined;
}

/**
 * Parses a field selector like apimachinery's fields.ParseSelector and returns, per field, the
 * value RequiresExactMatch would report (the first `=`/`==` term in sorted term order), or
 * undefined when the selector does not parse.
 */
export function parseFieldSelector(selector: string): Map<string, string> | undefined {
  const terms = splitTerms(selector).sort();
  const exact = new Map<string, string>();
  for (const term of terms) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (split === undefined) return undefined;
    const value = unescapeValue(split.value);
    if (value === undefined) return undefined;
    if (split.op !== '!=' && !exact.has(split.field)) exact.set(split.field, value);
  }
  return exact;
}

/** Splits on commas not escaped by a backslash (escapes are kept for unescapeValue). */
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    if (selector[i] === '\\') i++;
    else if (selector[i] === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

function splitTerm(term: string): { field: string; op: string; value: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return { field: term.slice(0, i), op, value: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** Only `\\`, `\,` and `\=` are valid escapes in a field selector value. */
function unescapeValue(value: string): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== '\\') {
      if (c === ',' || c === '=') return undefined;
      out += c;
      continue;
    }
    const next = value[++i];
    if (next !== '\\' && next !== ',' && next !== '=') return undefined;
    out += next;
  }
  return out;
}

/** apimachinery's path.IsValidPathSegmentName: not `.` or `..`, no `/` or `%`. */
function isValidPathSegmentName(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** Splits a request URI into its decoded path and its query values (Go's url.ParseQuery). */
function splitUri(uri: string): { path: string; query: Map<string, string[]> } {
  const withoutFragment = uri.split('#', 1)[0]!;
  const q = withoutFragment.indexOf('?');
  const rawPath = q < 0 ? withoutFragment : withoutFragment.slice(0, q);
  return { path: decodePath(rawPath), query: parseQuery(q < 0 ? '' : withoutFragment.slice(q + 1)) };
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // a real server answers 400 to a bad escape; keep the text so the user sees it
  }
}

function parseQuery(raw: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  for (const pair of raw.split('&')) {
    if (pair === '' || pair.includes(';')) continue; // Go rejects pairs with semicolons
    const eq = pair.indexOf('=');
    const key = decodeQueryComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = decodeQueryComponent(eq < 0 ? '' : pair.slice(eq + 1));
    if (key === undefined || value === undefined) continue;
    query.set(key, [...(query.get(key) ?? []), value]);
  }
  return query;
}

function decodeQueryComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
