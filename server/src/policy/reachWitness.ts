// Turns a region of the reachability space into one concrete, plausible request: the rule's own
// values first (its first user, verb, resource...), the fresh "anything else" value for
// dimensions the rule leaves open, and a real-looking URL path built from the attributes. Any
// choice inside the region is a witness, since a cube is a product of its dimensions.
import { has, members } from './reachCube';
import type { Cube } from './reachCube';
import { Dim, KIND_RESOURCE, patternCubes } from './reachSpace';
import type { RuleShape, Space } from './reachSpace';
import { nonResourceRequest } from './request';
import type { AuditRequest } from './request';

/** Verbs that carry no object name in kube-apiserver's request info. */
const NAMELESS_VERBS = new Set(['list', 'watch', 'create', 'deletecollection']);

/** Returns a concrete request inside `region`, preferring the values `shape` names. */
export function concreteWitness(region: Cube, shape: RuleShape, space: Space): AuditRequest {
  const pick = (d: Dim, preferred: readonly (string | number)[]): number => {
    const domain = space.domains[d]!;
    for (const p of preferred) {
      const i = typeof p === 'number' ? p : domain.index.get(p);
      if (i !== undefined && i >= 0 && has(region, space, d, i)) return i;
    }
    return members(region, space, d)[0]!;
  };
  const value = (d: Dim, i: number) => space.domains[d]!.values[i]!;
  const open = (d: Dim) => [space.domains[d]!.fresh];
  const userIndex = pick(Dim.User, shape.users ?? open(Dim.User));
  const groupIndex = pick(Dim.Group, shape.groups ?? [space.noGroup]);
  const user = userIndex === space.noUser ? undefined : value(Dim.User, userIndex);
  const groups = user === undefined || groupIndex === space.noGroup ? [] : [value(Dim.Group, groupIndex)];
  const verb = value(Dim.Verb, pick(Dim.Verb, shape.verbs ?? open(Dim.Verb)));
  if (pick(Dim.Kind, [KIND_RESOURCE]) !== KIND_RESOURCE) {
    return nonResourceRequest(user, groups, verb, value(Dim.Path, pick(Dim.Path, [])));
  }
  const named = namedValues(shape);
  const apiGroup = value(Dim.ApiGroup, pick(Dim.ApiGroup, [...named.groups, ...open(Dim.ApiGroup)]));
  const resource = value(Dim.Resource, pick(Dim.Resource, [...named.resources, ...open(Dim.Resource)]));
  const subresource = value(Dim.Subresource, pick(Dim.Subresource, ['', ...named.subresources]));
  const namedFirst = subresource !== '' || !NAMELESS_VERBS.has(verb);
  const name = value(Dim.Name, pick(Dim.Name, [...named.names, ...(namedFirst ? [...open(Dim.Name), ''] : [''])]));
  const namespace = value(Dim.Namespace, pick(Dim.Namespace, shape.namespaces ?? open(Dim.Namespace)));
  const request: AuditRequest = {
    groups,
    verb,
    isResourceRequest: true,
    apiGroup,
    apiVersion: 'v1',
    resource,
    subresource,
    namespace,
    name,
    path: resourcePath(apiGroup, namespace, resource, name, subresource),
  };
  return user === undefined ? request : { user, ...request };
}

/** The literal API groups, resources, subresources and names a rule's resources entries write. */
function namedValues(shape: RuleShape): { groups: string[]; resources: string[]; subresources: string[]; names: string[] } {
  const out = { groups: [] as string[], resources: [] as string[], subresources: [] as string[], names: [] as string[] };
  for (const entry of shape.entries ?? []) {
    if (entry.group !== null) out.groups.push(entry.group);
    if (entry.names) out.names.push(...entry.names);
    for (const pattern of entry.patterns ?? []) {
      for (const cube of patternCubes(pattern)) {
        for (const r of cube.resources ?? []) if (r !== '*') out.resources.push(r);
        for (const s of cube.subresources ?? []) if (s !== '*') out.subresources.push(s);
      }
    }
  }
  return out;
}

/** The URL kube-apiserver would have parsed into these attributes (a subresource needs a name). */
export function resourcePath(apiGroup: string, namespace: string, resource: string, name: string, subresource: string): string {
  const base = apiGroup === '' ? '/api/v1' : `/apis/${apiGroup}/v1`;
  const scope = namespace === '' ? '' : `/namespaces/${namespace}`;
  const object = name === '' ? '' : subresource === '' ? `/${name}` : `/${name}/${subresource}`;
  return `${base}${scope}/${resource}${object}`;
}
