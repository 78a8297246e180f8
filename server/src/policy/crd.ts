// CustomResourceDefinition manifests (apiextensions.k8s.io/v1, and the older v1beta1 layout) read
// into catalogue additions, so policies that name custom resources get the same checks and
// completions as built-in ones. Reading never throws: it returns what it could read plus errors.
import { isMap, isSeq, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { buildCatalog, compareVersionPriority } from './catalog/build';
import type { ApiGroupData, ApiResource, ApiSubresource, Catalog } from './catalog/types';
import type { Span } from './types';

/** What the catalogue needs from one CustomResourceDefinition. */
export interface CustomResourceDefinition {
  /** metadata.name (`crontabs.stable.example.com`), when present. */
  name?: string;
  group: string;
  /** The plural resource name used in audit policies. */
  plural: string;
  singular?: string;
  kind: string;
  shortNames: string[];
  namespaced: boolean;
  /** Served versions, preferred first (Kubernetes version priority). */
  versions: string[];
  /** `status` and/or `scale`, enabled on at least one served version. */
  subresources: string[];
  /** The CRD document's range in the text. */
  span: Span;
}

export interface CrdError {
  message: string;
  span: Span;
}

export interface CrdParseResult {
  definitions: CustomResourceDefinition[];
  errors: CrdError[];
}

type Plain = Record<string, unknown>;

const CUSTOM_RESOURCE_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

const asObject = (value: unknown): Plain | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Plain) : undefined;
const asString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Returns the range of the node at `path` in the document, else the whole document's range. */
function spanAt(doc: Document, path: (string | number)[]): Span {
  const node = path.length > 0 ? doc.getIn(path, true) : undefined;
  const range = (node as { range?: [number, number, number] } | undefined)?.range ?? doc.contents?.range ?? doc.range ?? [0, 0];
  return { start: range[0], end: range[1] };
}

/** Returns the served versions and the subresources they enable, v1 layout or v1beta1 layout. */
function readVersions(spec: Plain): { versions: string[]; subresources: Set<string> } {
  const subresources = new Set<string>();
  const addSubresources = (value: unknown) => {
    const subs = asObject(value);
    for (const name of ['status', 'scale']) {
      if (subs && subs[name] !== undefined && subs[name] !== null) {
        subresources.add(name);
      }
    }
  };
  const versions: string[] = [];
  for (const entry of Array.isArray(spec.versions) ? spec.versions : []) {
    const version = asObject(entry);
    const name = asString(version?.name);
    if (name && version?.served !== false) {
      versions.push(name);
      addSubresources(version?.subresources);
    }
  }
  const legacyVersion = asString(spec.version);
  if (legacyVersion && !versions.includes(legacyVersion)) {
    versions.push(legacyVersion);
  }
  addSubresources(spec.subresources);
  return { versions: versions.sort(compareVersionPriority), subresources };
}

/** Reads one CRD object; errors go to `errors` with the span of the offending field. */
function readDefinition(doc: Document, object: Plain, base: (string | number)[], errors: CrdError[]): CustomResourceDefinition | undefined {
  const spec = asObject(object.spec);
  const names = asObject(spec?.names);
  const group = asString(spec?.group);
  const plural = asString(names?.plural);
  const kind = asString(names?.kind);
  const missing = [!group && 'spec.group', !plural && 'spec.names.plural', !kind && 'spec.names.kind'].filter(Boolean);
  if (!spec || !group || !plural || !kind) {
    const fields = missing.length > 0 ? missing.join(', ') : 'spec';
    errors.push({ message: `CustomResourceDefinition without ${fields}; skipped.`, span: spanAt(doc, base) });
    return undefined;
  }
  const scope = spec.scope;
  if (scope !== 'Namespaced' && scope !== 'Cluster') {
    errors.push({
      message: `spec.scope must be Namespaced or Cluster; ${plural}.${group} is taken as Namespaced.`,
      span: spanAt(doc, [...base, 'spec', 'scope']),
    });
  }
  const { versions, subresources } = readVersions(spec);
  if (versions.length === 0) {
    errors.push({ message: `${plural}.${group} has no served version.`, span: spanAt(doc, [...base, 'spec', 'versions']) });
  }
  const metadata = asObject(object.metadata);
  return {
    ...(asString(metadata?.name) ? { name: asString(metadata?.name) } : {}),
    group,
    plural,
    ...(asString(names?.singular) ? { singular: asString(names?.singular) } : {}),
    kind,
    shortNames: asStrings(names?.shortNames),
    namespaced: scope !== 'Cluster',
    versions,
    subresources: [...subresources].sort(),
    span: spanAt(doc, base),
  };
}

/** Returns the objects of a document: itself, or the items of a `kind: List` (kubectl get -o yaml). */
function objectsOf(value: unknown): { object: Plain; path: (string | number)[] }[] {
  const object = asObject(value);
  if (!object) {
    return [];
  }
  if (object.kind === 'List' && Array.isArray(object.items)) {
    return object.items.flatMap((item, index) => (asObject(item) ? [{ object: item as Plain, path: ['items', index] }] : []));
  }
  return [{ object, path: [] }];
}

/** Reads every CustomResourceDefinition in a (multi-document) YAML text; other documents are ignored. */
export function parseCustomResourceDefinitions(text: string): CrdParseResult {
  const result: CrdParseResult = { definitions: [], errors: [] };
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { strict: false, uniqueKeys: false }) as Document.Parsed[];
  } catch (error) {
    result.errors.push({ message: `Not YAML: ${(error as Error).message}`, span: { start: 0, end: text.length } });
    return result;
  }
  for (const doc of Array.isArray(docs) ? docs : []) {
    for (const problem of doc.errors) {
      // yaml reports errors at end of input one character past it; clamp into the text.
      const start = Math.min(problem.pos[0], text.length);
      result.errors.push({
        message: problem.message.split('\n')[0]!,
        span: { start, end: Math.max(start, Math.min(problem.pos[1], text.length)) },
      });
    }
    if (!isMap(doc.contents) && !isSeq(doc.contents)) {
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      result.errors.push({ message: `Cannot read this document: ${(error as Error).message}`, span: spanAt(doc, []) });
      continue;
    }
    for (const { object, path } of objectsOf(value)) {
      if (object.kind === 'CustomResourceDefinition') {
        const definition = readDefinition(doc, object, path, result.errors);
        if (definition) {
          result.definitions.push(definition);
        }
      }
    }
  }
  return result;
}

/** Returns the catalogue entry of a custom resource: standard verbs, `status` and `scale` as the apiextensions server serves them. */
function customResource(definition: CustomResourceDefinition, groupVersions: readonly string[]): ApiResource {
  const subresources: ApiSubresource[] = definition.subresources.map((name) =>
    name === 'scale'
      ? { name, kind: 'Scale', kindGroup: 'autoscaling', kindVersion: 'v1', verbs: SUBRESOURCE_VERBS }
      : { name, kind: definition.kind, verbs: SUBRESOURCE_VERBS },
  );
  const servesAll = groupVersions.every((version) => definition.versions.includes(version));
  return {
    name: definition.plural,
    kind: definition.kind,
    namespaced: definition.namespaced,
    verbs: CUSTOM_RESOURCE_VERBS,
    ...(definition.shortNames.length > 0 ? { shortNames: definition.shortNames } : {}),
    ...(servesAll ? {} : { versions: definition.versions }),
    ...(subresources.length > 0 ? { subresources } : {}),
    custom: true,
  };
}

/** Returns a new catalogue with the custom resources added; built-in resources win over a CRD of the same name. */
export function withCustomResources(catalog: Catalog, definitions: readonly CustomResourceDefinition[]): Catalog {
  const groups = new Map<string, { versions: string[]; resources: Map<string, ApiResource>; builtIn: Set<string> }>();
  for (const group of catalog.groups) {
    const names = group.resources.map((r) => r.name);
    groups.set(group.name, {
      versions: [...group.versions],
      resources: new Map(group.resources.map((r) => [r.name, r])),
      builtIn: new Set(names),
    });
  }
  const byGroup = new Map<string, CustomResourceDefinition[]>();
  for (const definition of definitions) {
    byGroup.set(definition.group, [...(byGroup.get(definition.group) ?? []), definition]);
  }
  for (const [name, list] of byGroup) {
    const group = groups.get(name) ?? groups.set(name, { versions: [], resources: new Map(), builtIn: new Set() }).get(name)!;
    const added = list.flatMap((definition) => definition.versions).filter((v) => !group.versions.includes(v));
    // A built-in group keeps its preferred version; a group made of CRDs orders versions by priority.
    group.versions =
      group.builtIn.size > 0
        ? [...group.versions, ...new Set(added)]
        : [...new Set([...group.versions, ...added])].sort(compareVersionPriority);
    for (const definition of list.filter((d) => !group.builtIn.has(d.plural))) {
      group.resources.set(definition.plural, customResource(definition, group.versions));
    }
  }
  const data: ApiGroupData[] = [...groups].map(([name, group]) => ({
    name,
    versions: group.versions,
    resources: [...group.resources.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  }));
  return buildCatalog({ id: catalog.version, kubernetes: catalog.kubernetes, source: catalog.source, groups: data });
}
