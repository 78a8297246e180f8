// The request model shared by the CLI, the simulator, reachability witnesses and tests (DESIGN.md
// "Request format"), and its parsers: the JSON request and the audit Event (shorthand.ts has the
// shorthand, jsonSyntax.ts the precise JSON error locator).
import { locateJsonSyntaxError } from './jsonSyntax';
import { methodForVerb, requestAttributesFromPath } from './requestInfo';
import type { RequestAttributes } from './requestInfo';
import { parseShorthand } from './shorthand';

export { formatShorthand, parseShorthand, SHORTHAND_SYNTAX } from './shorthand';

/** The attributes of one API request that an audit policy can look at. */
export interface AuditRequest {
  /** The authenticated user name; undefined when authentication failed (no user info). */
  user?: string;
  groups: string[];
  /** Lower-case verb: get, list, watch, create, ... or the lower-cased HTTP method for non-resource requests. */
  verb: string;
  isResourceRequest: boolean;
  /** `""` is the core group. */
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  /** `""` when the request has no namespace (cluster-scoped, or across all namespaces). */
  namespace: string;
  /** `""` when the request carries no name (list, watch of a collection, create, deletecollection). */
  name: string;
  /** The URL path without the query string. */
  path: string;
}

export interface RequestParseError {
  message: string;
  /** Offset into the parsed text, when the error has a place. */
  offset?: number;
}

export type RequestParseResult = { ok: true; request: AuditRequest } | { ok: false; error: RequestParseError };

const ATTRIBUTE_FIELDS = ['apiGroup', 'apiVersion', 'resource', 'subresource', 'namespace', 'name'] as const;
const JSON_FIELDS = ['user', 'groups', 'verb', ...ATTRIBUTE_FIELDS, 'path', 'isResourceRequest'];

/** Parses a request written as JSON (request or audit Event) or as shorthand, detected from the first character and `"kind"`. */
export function parseRequest(text: string): RequestParseResult {
  const start = text.search(/\S/);
  if (start < 0) {
    return fail('empty request: expected a JSON request, an audit Event or a shorthand such as "alice get pods -n default"', 0);
  }
  if (text[start] !== '{') return parseShorthand(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: locateJsonSyntaxError(text) };
  }
  const kind = (value as Record<string, unknown>).kind;
  return kind === 'Event' ? requestFromEvent(value) : requestFromJSON(value);
}

/** Builds a request from the DESIGN.md JSON shape; with only `path` (no resource fields) the attributes are derived from the path. */
export function requestFromJSON(value: unknown): RequestParseResult {
  if (!isObject(value)) return fail(`a request must be a JSON object, found ${jsonType(value)}`);
  if ('kind' in value) {
    return fail(
      `field "kind" is ${JSON.stringify(value.kind)}: only audit Events ("kind": "Event") and plain requests (no "kind") are accepted`,
    );
  }
  const unknown = Object.keys(value).find((k) => !JSON_FIELDS.includes(k));
  if (unknown !== undefined) return fail(`unknown field "${unknown}" (a request has ${JSON_FIELDS.join(', ')})`);
  const user = value.user;
  if (user !== undefined && user !== null && typeof user !== 'string') {
    return fail(`field "user" must be a string (or null for no user), found ${jsonType(user)}`);
  }
  const groups = stringList(value.groups, 'groups');
  if (typeof groups === 'string') return fail(groups);
  if (value.verb === undefined) return fail('field "verb" is required (a string such as "get")');
  const strings: Record<string, string> = {};
  for (const key of ['verb', ...ATTRIBUTE_FIELDS, 'path']) {
    const v = value[key] === undefined ? '' : value[key];
    if (typeof v !== 'string') return fail(`field "${key}" must be a string, found ${jsonType(v)}`);
    strings[key] = v;
  }
  const override = value.isResourceRequest;
  if (override !== undefined && typeof override !== 'boolean') {
    return fail(`field "isResourceRequest" must be true or false, found ${jsonType(override)}`);
  }
  const derive = strings.path !== '' && ATTRIBUTE_FIELDS.every((k) => value[k] === undefined);
  const attributes = derive ? requestAttributesFromPath(methodForVerb(strings.verb!), strings.path!) : explicitAttributes(strings);
  const request: AuditRequest = { ...attributes, verb: strings.verb!, groups };
  if (typeof user === 'string') request.user = user;
  if (override !== undefined) request.isResourceRequest = override;
  return { ok: true, request: ordered(request) };
}

function explicitAttributes(s: Record<string, string>): RequestAttributes {
  return {
    isResourceRequest: s.resource !== '',
    verb: s.verb!,
    apiGroup: s.apiGroup!,
    apiVersion: s.apiVersion!,
    namespace: s.namespace!,
    resource: s.resource!,
    subresource: s.subresource!,
    name: s.name!,
    path: s.path!,
  };
}

/**
 * Builds a request from an audit Event (`"kind": "Event"`). When `requestURI` is present the
 * attributes are derived from it as kube-apiserver did before evaluating the policy: the Event's
 * objectRef name and namespace are filled in later from the object (a create's name), so they can
 * differ from what the policy saw. Without requestURI, objectRef is used as written.
 */
export function requestFromEvent(value: unknown): RequestParseResult {
  if (!isObject(value)) return fail(`an audit Event must be a JSON object, found ${jsonType(value)}`);
  if (value.kind !== 'Event') return fail(`field "kind" must be "Event", found ${JSON.stringify(value.kind ?? null)}`);
  const userInfo = value.user ?? {};
  if (!isObject(userInfo)) return fail(`field "user" must be an object (UserInfo), found ${jsonType(userInfo)}`);
  const username = userInfo.username ?? '';
  if (typeof username !== 'string') return fail(`field "user.username" must be a string, found ${jsonType(username)}`);
  const groups = stringList(userInfo.groups, 'user.groups');
  if (typeof groups === 'string') return fail(groups);
  if (typeof value.verb !== 'string') return fail(`field "verb" must be a string, found ${jsonType(value.verb)}`);
  const uri = value.requestURI ?? '';
  if (typeof uri !== 'string') return fail(`field "requestURI" must be a string, found ${jsonType(uri)}`);
  const ref = value.objectRef ?? {};
  if (!isObject(ref)) return fail(`field "objectRef" must be an object, found ${jsonType(ref)}`);
  const attributes = uri !== '' ? requestAttributesFromPath(methodForVerb(value.verb), uri) : eventRefAttributes(ref);
  if (typeof attributes === 'string') return fail(attributes);
  // Failed authentication is audited with an empty user ({}): kube-apiserver had no user info.
  const request: AuditRequest = { ...attributes, verb: value.verb, groups };
  if (username !== '') request.user = username;
  return { ok: true, request: ordered(request) };
}

function eventRefAttributes(ref: Record<string, unknown>): RequestAttributes | string {
  const s: Record<string, string> = { verb: '', path: '' };
  for (const key of ATTRIBUTE_FIELDS) {
    const v = ref[key] ?? '';
    if (typeof v !== 'string') return `field "objectRef.${key}" must be a string, found ${jsonType(v)}`;
    s[key] = v;
  }
  return explicitAttributes(s);
}

function stringList(value: unknown, field: string): string[] | string {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return `field "${field}" must be a list of strings, found ${jsonType(value)}`;
  const bad = value.findIndex((v) => typeof v !== 'string');
  return bad < 0 ? (value as string[]) : `${field}[${bad}] must be a string, found ${jsonType(value[bad])}`;
}

/** A fresh request with fields in the documented order (stable JSON output, deepEqual-friendly). */
export function ordered(r: AuditRequest): AuditRequest {
  const out: AuditRequest = {
    groups: [...r.groups],
    verb: r.verb,
    isResourceRequest: r.isResourceRequest,
    apiGroup: r.apiGroup,
    apiVersion: r.apiVersion,
    resource: r.resource,
    subresource: r.subresource,
    namespace: r.namespace,
    name: r.name,
    path: r.path,
  };
  return r.user === undefined ? out : { user: r.user, ...out };
}

/** True when two requests have identical attributes (user undefined differs from ""). */
export function sameRequest(a: AuditRequest, b: AuditRequest): boolean {
  return JSON.stringify(ordered(a)) === JSON.stringify(ordered(b));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON type name of a value, for messages. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

/** A failed parse result. */
export function fail(message: string, offset?: number): { ok: false; error: RequestParseError } {
  return { ok: false, error: offset === undefined ? { message } : { message, offset } };
}

/** A non-resource request (every resource attribute empty). */
export function nonResourceRequest(user: string | undefined, groups: string[], verb: string, path: string): AuditRequest {
  return {
    user,
    groups,
    verb,
    isResourceRequest: false,
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
    path,
  };
}
